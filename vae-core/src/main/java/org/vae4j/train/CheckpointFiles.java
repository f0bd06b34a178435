package org.vae4j.train;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.vae4j.io.AtomicFiles;
import org.vae4j.io.ModelFormatException;

/**
 * The model-independent part of a checkpoint folder: the files {@code epoch-NNNN.<extension>} of one kind of model,
 * their names and epochs, pruning to the newest few, loading the newest that loads, and removing the temporary files
 * an interrupted write left. The VAE's and the GAN's checkpointers each hold one, with their own file extension,
 * model loader and log.
 */
public final class CheckpointFiles {
    /** Loads a model file. */
    @FunctionalInterface
    public interface Loader<T> {
        /**
         * @param file a model file
         * @return the model
         * @throws ModelFormatException if the file is not a valid model file (the checkpoint is then skipped)
         * @throws IOException if reading fails
         */
        T load(Path file) throws IOException;
    }

    private final String extension;
    private final Pattern epochFile;
    private final Logger log;

    /**
     * @param extension the model files' extension without the dot, {@code "vae"} or {@code "gan"}
     * @param log where removals and skipped checkpoints are logged
     */
    public CheckpointFiles(String extension, Logger log) {
        this.extension = Objects.requireNonNull(extension, "extension");
        this.epochFile = Pattern.compile("epoch-(\\d{1,9})\\." + Pattern.quote(extension));
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * @param epoch the epoch, from 1
     * @return the checkpoint file name of that epoch, {@code epoch-NNNN.<extension>}
     */
    public String fileName(int epoch) {
        return String.format(Locale.ROOT, "epoch-%04d.%s", epoch, extension);
    }

    /**
     * @param name a file name
     * @return whether it is a temporary file that an atomic write of some {@code epoch-NNNN.<extension>} creates
     */
    public boolean isTemporaryEpochFile(String name) {
        int end = name.indexOf("." + extension + ".");
        return name.endsWith(AtomicFiles.TEMP_SUFFIX) && name.startsWith(".epoch-") && end > 0
                && epochFile.matcher(name.substring(1, end + 1 + extension.length())).matches();
    }

    /**
     * Deletes the files of {@code folder} whose names {@code leftover} accepts, logging each.
     *
     * @param folder the checkpoint folder
     * @param leftover accepts the names of temporary files an interrupted write left
     * @throws IOException if the folder cannot be listed or a file cannot be deleted
     */
    public void removeLeftovers(Path folder, Predicate<String> leftover) throws IOException {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(folder,
                p -> leftover.test(p.getFileName().toString()))) {
            for (Path p : leftovers) {
                log.info("Removing {}, left by an interrupted checkpoint write", p);
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Deletes the checkpoint files of epochs up to {@code epoch} but the newest {@code keepLast}.
     *
     * @param folder the checkpoint folder
     * @param epoch the epoch just written
     * @param keepLast how many to keep
     * @throws IOException if the folder cannot be listed or a file cannot be deleted
     */
    public void prune(Path folder, int epoch, int keepLast) throws IOException {
        List<Integer> epochs = new ArrayList<>();
        for (Path p : epochFiles(folder)) {
            int e = epochOf(p);
            if (e <= epoch) {
                epochs.add(e);
            }
        }
        epochs.sort(Comparator.reverseOrder());
        for (int e : epochs.subList(Math.min(keepLast, epochs.size()), epochs.size())) {
            Files.deleteIfExists(folder.resolve(fileName(e)));
        }
    }

    /**
     * Loads the checkpoint of the highest epoch in {@code folder} that loads; a newer one that does not (it can only
     * be damaged after it was written, since writes are atomic) is skipped with a warning in the log.
     *
     * @param folder the checkpoint folder
     * @param loader loads one file
     * @param <T> the model
     * @return the model
     * @throws NoSuchFileException if the folder holds no checkpoint that loads; its reason names the files skipped
     * @throws IOException if reading fails
     */
    public <T> T loadNewest(Path folder, Loader<T> loader) throws IOException {
        List<Path> files = epochFiles(folder);
        files.sort(Comparator.comparingInt(this::epochOf).reversed());
        List<String> skipped = new ArrayList<>();
        for (Path p : files) {
            try {
                return loader.load(p);
            } catch (ModelFormatException e) {
                log.warn("Skipping checkpoint that does not load: {}", e.getMessage());
                skipped.add(e.getMessage());
            }
        }
        throw new NoSuchFileException(folder.toString(), null, "no checkpoint epoch-NNNN." + extension
                + " that loads" + (skipped.isEmpty() ? "" : " (skipped: " + String.join("; ", skipped) + ")"));
    }

    private List<Path> epochFiles(Path folder) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder,
                p -> epochFile.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p))) {
            ds.forEach(files::add);
        }
        return files;
    }

    private int epochOf(Path file) {
        Matcher m = epochFile.matcher(file.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }
}
