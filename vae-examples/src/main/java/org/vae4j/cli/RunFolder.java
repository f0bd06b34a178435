package org.vae4j.cli;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.Checkpointer;
import org.vae4j.TrainingResult;
import org.vae4j.Vae;
import org.vae4j.VaeConfig;
import org.vae4j.VaeTrainer;
import org.vae4j.gan.Gan;
import org.vae4j.gan.GanCheckpointer;
import org.vae4j.gan.GanConfig;
import org.vae4j.data.Dataset;
import org.vae4j.io.AtomicFiles;
import org.vae4j.io.ModelFormatException;
import org.vae4j.report.RunReport;
import org.vae4j.train.CheckpointFiles;

/**
 * The output folder of {@code vae4j train} (and, with {@code .gan} in place of {@code .vae}, of {@code vae4j gan},
 * {@link #gan}) and what an earlier run left in it: its model ({@code model.vae}), its
 * checkpoints ({@code checkpoints/epoch-NNNN.vae}, {@code best.vae}), its report and images, and the temporary files
 * of writes that a kill interrupted ({@code .model.vae.<random hex>.tmp}, see {@link AtomicFiles}). Only files of
 * these names are ever deleted; anything else in the folder stays.
 */
final class RunFolder {
    private static final Logger log = LoggerFactory.getLogger(RunFolder.class);

    /** The trained model's file name. */
    static final String MODEL = "model.vae";
    /** The checkpoint folder's name. */
    static final String CHECKPOINTS = "checkpoints";

    /** The trained GAN's file name. */
    static final String GAN_MODEL = "model.gan";
    /** {@code .<target>.<hex>.tmp}, the temporary files of AtomicFiles. */
    private static final Pattern TEMPORARY = Pattern.compile("\\.(.+)\\.[0-9a-f]+" + Pattern.quote(
            AtomicFiles.TEMP_SUFFIX));

    /** The options of vae4j train that set each field of VaeConfig, for messages. */
    private static final Map<String, String> OPTIONS = Map.ofEntries(
            Map.entry("inputShape", "images (--images)"),
            Map.entry("latentSize", "--latent-size"),
            Map.entry("conditionSize", "--conditional (condition size)"),
            Map.entry("encoder", "--architecture, --hidden or --channels (encoder)"),
            Map.entry("decoder", "--architecture, --hidden or --channels (decoder)"),
            Map.entry("likelihood", "--likelihood or --variance"),
            Map.entry("objective", "--objective or its options"),
            Map.entry("beta", "--beta, --beta-schedule or its options"),
            Map.entry("updater", "--learning-rate (optimizer)"),
            Map.entry("batchSize", "--batch-size"),
            Map.entry("seed", "--seed"),
            Map.entry("dynamicBinarization", "--dynamic-binarization"));

    /** The options of vae4j gan that set each field of GanConfig, for messages. */
    private static final Map<String, String> GAN_OPTIONS = Map.of(
            "imageShape", "images", "latentSize", "--latent-size",
            "architecture", "--architecture (and its layers)", "generatorLayers", "--architecture (generator)",
            "discriminatorLayers", "--architecture (discriminator)", "loss", "--loss",
            "generatorUpdater", "--learning-rate (generator optimizer)",
            "discriminatorUpdater", "--learning-rate (discriminator optimizer)", "batchSize", "--batch-size",
            "seed", "--seed");

    private final Path folder;
    private final boolean existed;
    private final String model;
    /** Files a run writes into the folder itself. */
    private final Pattern outputs;
    /** Files a run writes into its checkpoint folder. */
    private final Pattern checkpointFiles;
    private final Pattern epochFile;

    /**
     * The folder of a VAE run ({@code vae4j train}).
     *
     * @param folder the output folder (it need not exist)
     */
    RunFolder(Path folder) {
        this(folder, "vae", "reconstructions\\.png");
    }

    private RunFolder(Path folder, String extension, String images) {
        this.folder = folder.toAbsolutePath();
        this.existed = Files.exists(this.folder);
        this.model = "model." + extension;
        this.outputs = Pattern.compile("model\\." + extension + "|report\\.html|" + images
                + "|samples-epoch-\\d+\\.png");
        this.checkpointFiles = Pattern.compile("epoch-\\d+\\." + extension + "|best\\." + extension + "|probe");
        this.epochFile = Pattern.compile("epoch-\\d+\\." + extension);
    }

    /**
     * The folder of a GAN run ({@code vae4j gan}): {@value #GAN_MODEL}, {@code losses.png}, {@code report.html},
     * {@code samples-epoch-NNN.png} and {@code checkpoints/epoch-NNNN.gan}.
     *
     * @param folder the output folder (it need not exist)
     * @return the run folder
     */
    static RunFolder gan(Path folder) {
        return new RunFolder(folder, "gan", "losses\\.png|gan\\.log");
    }

    /**
     * After a run that failed before writing anything (a network that does not fit the images, data the likelihood
     * refuses, divergence in the first epoch): removes the folder and its checkpoint folder if this run created them
     * and they hold nothing else than the run's own log files, so that no output folder without results is left
     * behind (the error was printed).
     *
     * @param logFiles the names of the run's log files in the folder (closed by now), deleted with it
     */
    void removeIfEmpty(String... logFiles) {
        if (existed) {
            return;
        }
        List<String> logs = List.of(logFiles);
        try {
            Files.deleteIfExists(checkpoints());
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder,
                    p -> !logs.contains(p.getFileName().toString()))) {
                if (ds.iterator().hasNext()) {
                    return;
                }
            }
            for (String name : logs) {
                Files.deleteIfExists(folder.resolve(name));
            }
            Files.deleteIfExists(folder);
        } catch (IOException e) { // not empty (DirectoryNotEmptyException), gone, or not ours to delete: keep it
        }
    }

    /**
     * Trains a new run or resumes {@code from}; if training fails, removes the folder if this run created it and
     * left it empty ({@link #removeIfEmpty}).
     *
     * @param trainer the run's trainer
     * @param from the model to continue, or null for a new run
     * @param train the training examples
     * @param test the examples scored after every epoch, or null
     * @return the result
     */
    TrainingResult fit(VaeTrainer trainer, Vae from, Dataset train, Dataset test) {
        try {
            return from == null ? trainer.fit(train, test) : trainer.resume(from, train, test);
        } catch (RuntimeException e) {
            removeIfEmpty();
            throw e;
        }
    }

    /** @return the checkpoint folder, {@code <folder>/checkpoints} */
    Path checkpoints() {
        return folder.resolve(CHECKPOINTS);
    }

    /**
     * The model, report and checkpoint files of an earlier run in the folder, which a new run would mix with its own.
     *
     * @return their paths relative to the folder, e.g. {@code [model.vae, report.html, checkpoints/epoch-0003.vae]};
     *     empty if there are none
     * @throws IOException if the folder cannot be listed
     */
    List<String> earlierRun() throws IOException {
        List<String> found = new ArrayList<>();
        for (String name : List.of(model, RunReport.FILE_NAME)) {
            if (Files.exists(folder.resolve(name))) {
                found.add(name);
            }
        }
        List<Path> written = list(checkpoints(), checkpointFiles);
        written.sort(Comparator.reverseOrder()); // newest epoch first
        for (Path p : written) {
            if (!p.getFileName().toString().equals("probe")) {
                found.add(CHECKPOINTS + "/" + p.getFileName());
            }
        }
        return found;
    }

    /**
     * What a run starts from: with {@code --resume} the model to continue ({@link #resumeFrom}), or null with a log
     * line if there is none yet; else null, after checking that the folder holds no other run ({@link #checkNew}).
     *
     * @param resume whether {@code --resume} was given
     * @param overwrite whether {@code --overwrite} was given
     * @return the model to continue, or null to start a new run
     * @throws IllegalArgumentException if a new run would mix with another one
     * @throws IOException if the folder cannot be read, or the checkpoints exist but none loads
     */
    Vae start(boolean resume, boolean overwrite) throws IOException {
        if (!resume) {
            checkNew(overwrite);
            return null;
        }
        Vae from = resumeFrom();
        if (from == null) {
            log.info("--resume: {} holds no checkpoint or model yet; starting the run", folder);
        }
        return from;
    }

    /**
     * Checks that a new run may write into the folder: refuses one holding another run's model, report or
     * checkpoints, unless {@code overwrite}.
     *
     * @param overwrite whether the user allowed deleting the earlier run ({@code --overwrite})
     * @throws IllegalArgumentException naming the folder, the files and the ways out if it holds another run and
     *     {@code overwrite} is false
     * @throws IOException if the folder cannot be listed
     */
    void checkNew(boolean overwrite) throws IOException {
        List<String> found = earlierRun();
        if (!found.isEmpty() && !overwrite) {
            throw new IllegalArgumentException("--output " + folder + " holds another run (" + summary(found)
                    + "): continue it with --resume, give another --output folder, or add --overwrite to delete"
                    + " that run's files");
        }
    }

    /**
     * Deletes what an earlier run wrote (its model, report, images and checkpoints; nothing else), for
     * {@code --overwrite}.
     *
     * @throws IOException if a file cannot be deleted
     */
    void deleteEarlierRun() throws IOException {
        List<Path> files = list(folder, outputs);
        files.addAll(list(checkpoints(), checkpointFiles));
        for (Path p : files) {
            Files.delete(p);
        }
        if (!files.isEmpty()) {
            log.info("--overwrite: deleted the {} files of the earlier run in {}", files.size(), folder);
        }
    }

    /**
     * Deletes the temporary files that writes of the run's own files left when a kill interrupted them (such as
     * {@code .model.vae.1f2e3d.tmp}), in the folder and its checkpoint folder.
     *
     * @throws IOException if one cannot be deleted
     */
    void removeTemporaries() throws IOException {
        for (Path dir : List.of(folder, checkpoints())) {
            Pattern targets = dir == folder ? outputs : checkpointFiles;
            for (Path p : list(dir, TEMPORARY)) {
                String name = p.getFileName().toString();
                Matcher m = TEMPORARY.matcher(name);
                if (m.matches() && targets.matcher(m.group(1)).matches()
                        && AtomicFiles.isTemporaryFor(name, m.group(1))) {
                    log.info("Removing {}, left by an interrupted write", p);
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * The model to resume from: the newest checkpoint that loads, or {@code model.vae} if it has trained more
     * epochs (a run with {@code --checkpoint-every 0}, or one stopped by its time limit between checkpoints).
     *
     * @return the model, or null if the folder holds neither a checkpoint nor a model yet
     * @throws IOException naming the file if the checkpoints exist but none loads, or reading fails
     */
    Vae resumeFrom() throws IOException {
        return resumeFrom(Checkpointer::load, Vae::load, v -> v.history().epochs().size());
    }

    /**
     * {@link #start} for a GAN run: the model to continue (the newest checkpoint that loads, or {@value #GAN_MODEL}
     * if it has trained more epochs), or null to start a new run.
     *
     * @param resume whether {@code --resume} was given
     * @param overwrite whether {@code --overwrite} was given
     * @return the model to continue, or null
     * @throws IllegalArgumentException if a new run would mix with another one
     * @throws IOException if the folder cannot be read, or the checkpoints exist but none loads
     */
    Gan startGan(boolean resume, boolean overwrite) throws IOException {
        if (!resume) {
            checkNew(overwrite);
            return null;
        }
        Gan from = resumeFrom(GanCheckpointer::load, Gan::load, g -> g.history().epochs().size());
        if (from == null) {
            log.info("--resume: {} holds no checkpoint or model yet; starting the run", folder);
        }
        return from;
    }

    /** {@link #resumeFrom()} for either kind of model, with its checkpoint-folder and model-file loaders. */
    private <M> M resumeFrom(CheckpointFiles.Loader<M> loadCheckpoints, CheckpointFiles.Loader<M> loadModel,
            ToIntFunction<M> epochs) throws IOException {
        M checkpoint = list(checkpoints(), epochFile).isEmpty() ? null : loadCheckpoints.load(checkpoints());
        Path modelFile = folder.resolve(model);
        M saved = null;
        if (Files.isRegularFile(modelFile)) {
            try {
                saved = loadModel.load(modelFile);
            } catch (ModelFormatException e) {
                if (checkpoint == null) {
                    throw e;
                }
                log.warn("Not resuming from {}: {}", modelFile, e.getMessage());
            }
        }
        if (saved != null && (checkpoint == null || epochs.applyAsInt(saved) > epochs.applyAsInt(checkpoint))) {
            log.info("Resuming from {} ({} epochs trained)", modelFile, epochs.applyAsInt(saved));
            return saved;
        }
        return checkpoint;
    }

    /**
     * {@link #checkResumable(Vae, VaeConfig)} for a GAN run.
     *
     * @param from the model to resume from
     * @param config the configuration the options give now
     * @throws IllegalArgumentException naming the options that differ (or {@code --epochs} if it is too small)
     */
    void checkResumable(Gan from, GanConfig config) {
        checkResumable(from.history().epochs().size(), config.epochs(), from.config(), config, GAN_OPTIONS);
    }

    /**
     * Checks that the run {@code from} can be continued with this configuration: equal in every field but epochs,
     * and epochs not fewer than it has trained.
     *
     * @param from the model to resume from
     * @param config the configuration the options give now
     * @throws IllegalArgumentException naming the options that differ (or {@code --epochs} if it is too small)
     */
    void checkResumable(Vae from, VaeConfig config) {
        checkResumable(from.history().epochs().size(), config.epochs(), from.config(), config, OPTIONS);
    }

    private void checkResumable(int trained, int epochs, Record before, Record config, Map<String, String> options) {
        if (epochs < trained) {
            throw new IllegalArgumentException("--epochs " + epochs + " is fewer than the " + trained
                    + " epochs the run in " + folder + " has trained; give --epochs " + trained + " or more to"
                    + " continue it, or another --output folder for a new run");
        }
        for (RecordComponent c : config.getClass().getRecordComponents()) {
            if (c.getName().equals("epochs")) {
                continue;
            }
            Object was = value(c, before);
            Object now = value(c, config);
            if (!Objects.deepEquals(was, now)) {
                throw new IllegalArgumentException("--resume: the run in " + folder + " was started with other "
                        + options.getOrDefault(c.getName(), "settings (" + config.getClass().getSimpleName() + "."
                        + c.getName() + ")") + ": " + was
                        + ", now " + now + (c.getName().equals("objective") || c.getName().equals("beta")
                        ? " (the defaults of --capacity-epochs and --warmup-epochs follow --epochs: give the first"
                        + " run's value)" : "") + "; resume with the options it was started with (only --epochs may"
                        + " grow), or give another --output folder");
            }
        }
    }

    private static Object value(RecordComponent c, Record config) {
        try {
            return c.getAccessor().invoke(config);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + config.getClass().getSimpleName() + "." + c.getName(), e);
        }
    }

    private static String summary(List<String> files) {
        return files.size() <= 4 ? String.join(", ", files)
                : String.join(", ", files.subList(0, 3)) + " and " + (files.size() - 3) + " more";
    }

    /** The regular files in {@code dir} whose names match; empty if {@code dir} does not exist. */
    private static List<Path> list(Path dir, Pattern names) throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir,
                p -> names.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p))) {
            ds.forEach(files::add);
        }
        files.sort(null);
        return files;
    }
}
