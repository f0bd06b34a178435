package org.vae4j.gan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.io.AtomicFiles;
import org.vae4j.io.ModelFormatException;
import org.vae4j.io.ModelWriteException;
import org.vae4j.train.CheckpointFiles;

/**
 * Writes GAN checkpoints during training, as a {@link GanListener}: {@code epoch-NNNN.gan} after every
 * {@code everyEpochs}-th epoch and after the configuration's last, keeping the newest {@code keepLast}. Each is a
 * complete model file ({@link Gan#save}), written atomically, from which {@link GanTrainer#resume} continues exactly.
 * A checkpoint that cannot be written stops training with an {@link UncheckedIOException} whose cause is the
 * {@link ModelWriteException}.
 */
public final class GanCheckpointer implements GanListener {
    private static final Logger log = LoggerFactory.getLogger(GanCheckpointer.class);
    private static final CheckpointFiles FILES = new CheckpointFiles("gan", log);

    private final Path folder;
    private final int everyEpochs;
    private final int keepLast;

    private GanCheckpointer(Path folder, int everyEpochs, int keepLast) {
        this.folder = folder;
        this.everyEpochs = everyEpochs;
        this.keepLast = keepLast;
    }

    /**
     * Creates the folder if needed, checks that it can be written, and removes temporary checkpoint files an
     * interrupted earlier write left in it.
     *
     * @param folder the checkpoint folder, one per run
     * @param everyEpochs write after every this many epochs, {@code >= 1}
     * @param keepLast how many checkpoint files to keep (the newest), {@code >= 1}
     * @return the listener
     * @throws IllegalArgumentException naming the argument if a count is not positive
     * @throws ModelWriteException naming the folder if it cannot be created or written
     */
    public static GanCheckpointer create(Path folder, int everyEpochs, int keepLast) throws ModelWriteException {
        if (everyEpochs < 1) {
            throw new IllegalArgumentException("everyEpochs must be >= 1, got " + everyEpochs);
        }
        if (keepLast < 1) {
            throw new IllegalArgumentException("keepLast must be >= 1, got " + keepLast);
        }
        Path probe = folder.resolve("probe");
        try {
            AtomicFiles.write(probe, out -> out.write(0));
            Files.delete(probe);
        } catch (IOException e) {
            throw new ModelWriteException(probe, e.getMessage(), e);
        }
        try {
            FILES.removeLeftovers(folder, FILES::isTemporaryEpochFile);
        } catch (IOException e) {
            throw new ModelWriteException(folder, "cannot clean up the checkpoint folder (" + e.getMessage() + ")", e);
        }
        return new GanCheckpointer(folder, everyEpochs, keepLast);
    }

    /**
     * @param epoch the epoch, from 1
     * @return the checkpoint file name of that epoch, {@code epoch-NNNN.gan}
     */
    public static String fileName(int epoch) {
        return FILES.fileName(epoch);
    }

    @Override
    public void epochDone(GanEpochRecord record, Gan model) {
        int epoch = record.epoch();
        if (epoch % everyEpochs != 0 && epoch != model.config().epochs()) {
            return;
        }
        try {
            Path file = folder.resolve(fileName(epoch));
            model.save(file);
            log.info("Checkpoint {}", file);
            FILES.prune(folder, epoch, keepLast);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Loads a checkpoint to resume from: the file itself, or in a folder the {@code epoch-NNNN.gan} of the highest
     * epoch that loads (a newer one that does not load is skipped with a warning, and named in the exception if none
     * loads).
     *
     * @param fileOrFolder a model file or a checkpoint folder
     * @return the model
     * @throws NoSuchFileException if the folder holds no checkpoint that loads (its reason names the files skipped),
     *     or the file does not exist
     * @throws ModelFormatException if the file given is not a valid GAN model file
     * @throws IOException if reading fails
     */
    public static Gan load(Path fileOrFolder) throws IOException {
        if (!Files.isDirectory(fileOrFolder)) {
            return Gan.load(fileOrFolder);
        }
        return FILES.loadNewest(fileOrFolder, Gan::load);
    }
}
