package org.vae4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.console.GanProgress;
import org.vae4j.console.OutputFiles;
import org.vae4j.console.Progress;
import org.vae4j.console.RunLog;
import org.vae4j.console.RunOptions;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.mnist.Mnist;
import org.vae4j.gan.Gan;
import org.vae4j.gan.GanArchitecture;
import org.vae4j.gan.GanCheckpointer;
import org.vae4j.gan.GanConfig;
import org.vae4j.gan.GanEpochRecord;
import org.vae4j.gan.GanListener;
import org.vae4j.gan.GanLoss;
import org.vae4j.gan.GanTrainer;
import org.vae4j.report.GanRunReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vae4j gan}: trains a generative adversarial network on MNIST ({@link GanTrainer}), the MLP GAN
 * ({@link GanConfig#mlpMnist()}) or the DCGAN ({@link GanConfig#dcganMnist()}), for 90 epochs by default, and writes
 * into the output folder ({@link RunFolder#gan}): {@code samples-epoch-NNN.png}, a grid of 10 x 10 images generated
 * from one fixed noise batch ({@link Gan#fixedNoise}, the same z for every grid) after epochs 10, 30, 50, 70 and 90
 * ({@code --grid-epochs}; the last epoch's grid always); {@code losses.png}, {@code report.html}
 * ({@link GanRunReport}); {@code model.gan}; checkpoints; and {@code gan.log}, the run's log lines. It shares the
 * habits of {@code vae4j train}: a progress bar per epoch, the run-folder rules ({@code --resume},
 * {@code --overwrite}), checkpoints and exact resume, and a one-line error naming the epoch and update if training
 * diverges (exit code 1).
 */
@Command(name = "gan", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        abbreviateSynopsis = true,
        description = {"Trains a GAN on MNIST and writes sample grids from fixed noise, losses.png, report.html,"
                + " model.gan, checkpoints and gan.log into the output folder.",
                "Defaults: the MLP GAN (generator 100-256-512-1024-784, discriminator 784-512-256-1, non-saturating"
                + " loss, Adam 2e-4 with beta1 0.5, batch 64) for 90 epochs, grids after epochs 10, 30, 50, 70, 90.",
                "An epoch in which the discriminator wins (every generated image caught) is logged as a warning"
                + " with its epoch and training continues, unless --stop-when-discriminator-wins."},
        footer = {"", "Examples:",
                "  vae4j gan -o runs/gan",
                "  vae4j gan --architecture dcgan -o runs/dcgan",
                "  vae4j gan --epochs 120 -o runs/gan --resume",
                "  vae4j gan --loss wgan-gp --epochs 30 --grid-epochs 5,10,20 -o runs/wgan"})
public final class GanCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(GanCommand.class);

    /** The run's log file in the output folder. */
    static final String LOG_FILE = "gan.log";

    /** The networks, {@code --architecture}. */
    enum Architecture {
        /** {@link GanConfig#mlpMnist()}. */
        mlp,
        /** {@link GanConfig#dcganMnist()}. */
        dcgan
    }

    /** The values of {@code --loss}, as the user writes them. */
    static final class LossNames implements Iterable<String>, CommandLine.ITypeConverter<GanLoss> {
        @Override
        public Iterator<String> iterator() {
            return List.of("non-saturating", "minimax", "wgan-gp").iterator();
        }

        @Override
        public GanLoss convert(String value) {
            for (GanLoss loss : GanLoss.values()) {
                if (name(loss).equalsIgnoreCase(value)) {
                    return loss;
                }
            }
            throw new CommandLine.TypeConversionException("expected one of non-saturating, minimax, wgan-gp but"
                    + " was '" + value + "'");
        }

        static String name(GanLoss loss) {
            return loss.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    @Mixin
    RunOptions options = new RunOptions(100, 90);

    @Option(names = "--architecture", defaultValue = "mlp", paramLabel = "NAME",
            description = "Generator and discriminator: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); dcgan"
                    + " takes about 18 minutes per epoch of the 60,000 images on 2 cores.")
    Architecture architecture;

    @Option(names = "--loss", defaultValue = "non-saturating", paramLabel = "NAME", converter = LossNames.class,
            completionCandidates = LossNames.class,
            description = "Objective: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    GanLoss loss;

    @Option(names = "--batch-size", defaultValue = "64", paramLabel = "N",
            description = "Real images per update (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--learning-rate", paramLabel = "RATE",
            description = "Adam's learning rate for both networks, with the loss's betas (default: 2e-4; wgan-gp:"
                    + " 1e-4).")
    Double learningRate;

    @Mixin
    RunFolderOptions run = new RunFolderOptions();

    @Option(names = "--keep-last", defaultValue = "2", paramLabel = "N",
            description = "Checkpoints to keep (default: ${DEFAULT-VALUE}).")
    int keepLast;

    /** The grid epochs of the homework, for 90 epochs. */
    static final List<Integer> DEFAULT_GRID_EPOCHS = List.of(10, 30, 50, 70, 90);

    @Option(names = "--grid-epochs", split = ",", paramLabel = "EPOCHS",
            description = "Epochs after which to write a sample grid, each <= --epochs; the last epoch's grid is"
                    + " always written (default: those of 10,30,50,70,90 up to --epochs).")
    List<Integer> gridEpochs;

    @Option(names = "--grid-size", defaultValue = "10", paramLabel = "N",
            description = "A grid is N x N images (default: ${DEFAULT-VALUE}).")
    int gridSize;

    @Option(names = "--stop-when-discriminator-wins",
            description = "Stop after an epoch in which the discriminator won (default: warn and continue).")
    boolean stopWhenDiscriminatorWins;

    @CommandLine.ParentCommand
    Vae4jCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The options of the shared {@link RunOptions} that a GAN run has no use for: it trains on no test set. */
    static final List<String> UNUSED_OPTIONS = List.of("--test-size");

    /**
     * Removes {@link #UNUSED_OPTIONS} from this command's spec, so that {@code vae4j gan --help} does not offer them
     * and giving one is a usage error naming it.
     *
     * @param spec the spec of a {@code gan} command line
     */
    static void removeUnusedOptions(CommandLine.Model.CommandSpec spec) {
        for (String name : UNUSED_OPTIONS) {
            CommandLine.Model.OptionSpec option = spec.findOption(name);
            if (option != null) {
                spec.remove(option);
            }
        }
    }

    /**
     * The configuration these options describe: the preset of {@code --architecture} with the other options.
     *
     * @return the configuration
     * @throws IllegalArgumentException naming the option if a value is out of range
     */
    GanConfig config() {
        if (options.epochs() < 1) {
            throw new IllegalArgumentException("--epochs must be at least 1, got " + options.epochs());
        }
        if (options.latentSize() < 1) {
            throw new IllegalArgumentException("--latent-size must be positive, got " + options.latentSize());
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be positive, got " + batchSize);
        }
        GanConfig preset = architecture == Architecture.dcgan ? GanConfig.dcganMnist() : GanConfig.mlpMnist();
        GanConfig.Builder b = GanConfig.builder(preset.imageShape(), options.latentSize())
                .architecture(preset.architecture())
                .generatorLayers(preset.generatorLayers().toArray(Integer[]::new))
                .discriminatorLayers(preset.discriminatorLayers().toArray(Integer[]::new))
                .normalization(preset.normalization()).heInitialization(preset.heInitialization())
                .discriminatorDropout(preset.discriminatorDropout()) // before loss: WGAN-GP sets it to 0
                .loss(loss).batchSize(batchSize).epochs(options.epochs())
                .seed(options.seed());
        if (learningRate != null) {
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("--learning-rate must be positive, got " + learningRate);
            }
            GanConfig defaults = b.build();
            b.generatorUpdater(withRate(defaults.generatorUpdater(), learningRate))
                    .discriminatorUpdater(withRate(defaults.discriminatorUpdater(), learningRate));
        }
        return b.build();
    }

    /** The loss's Adam (beta1 0.5, beta2 0.999; WGAN-GP: beta1 0, beta2 0.9) with another learning rate. */
    private static IUpdater withRate(IUpdater updater, double rate) {
        IUpdater copy = updater.clone();
        if (!(copy instanceof Adam adam)) {
            throw new IllegalStateException("the preset's optimizer is not Adam: " + updater);
        }
        adam.setLearningRate(rate);
        adam.setLearningRateSchedule(null);
        return adam;
    }

    /** Checks the options that need no data, naming the option (exit code 2). */
    private void checkOptions() {
        List<String> problems = new ArrayList<>();
        if (gridEpochs == null) {
            gridEpochs = DEFAULT_GRID_EPOCHS.stream().filter(e -> e <= options.epochs()).toList();
        }
        for (Integer e : gridEpochs) {
            if (e == null || e < 1 || e > options.epochs()) {
                problems.add("--grid-epochs " + e + ": each grid epoch must be between 1 and --epochs ("
                        + options.epochs() + ")");
                break;
            }
        }
        if (gridSize < 1) {
            problems.add("--grid-size must be positive, got " + gridSize);
        }
        if (run.checkpointEvery < 0) {
            problems.add("--checkpoint-every must be >= 0 (0: no checkpoints), got " + run.checkpointEvery);
        }
        if (keepLast < 1) {
            problems.add("--keep-last must be positive, got " + keepLast);
        }
        problems.addAll(run.problems(options.outputGiven()));
        if (!problems.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), problems.get(0));
        }
        run.checkTimeLimit();
    }

    @Override
    public Integer call() throws Exception {
        checkOptions();
        GanConfig config = config(); // the options' errors before the data is loaded
        Path out = options.start(architecture == Architecture.dcgan ? "mnist-dcgan" : "mnist-gan");
        RunFolder folder = RunFolder.gan(out);
        Gan from = folder.startGan(run.resume, run.overwrite);
        Path mnist = options.mnistDir(); // the training images only: a GAN trains on no test set
        ImageDataset train = options.cut(Mnist.train(mnist), null, "MNIST from " + mnist).train();
        if (from != null) {
            folder.checkResumable(from, config);
        }
        // the inputs are valid: now the folder may change
        if (run.overwrite) {
            folder.deleteEarlierRun();
        }
        folder.removeTemporaries();
        Files.createDirectories(out);
        try {
            train(config, folder, out, from, train);
        } catch (Exception | Error e) { // a new run that wrote nothing but its log leaves no folder, as train's
            folder.removeIfEmpty(LOG_FILE);
            throw e;
        }
        return 0;
    }

    /** Trains with the run's log, report, progress bar and checkpoints, then saves the model. */
    private void train(GanConfig config, RunFolder folder, Path out, Gan from, ImageDataset train) throws Exception {
        try (RunLog runLog = RunLog.open(out.resolve(LOG_FILE))) {
            String title = (architecture == Architecture.dcgan ? "DCGAN" : "GAN") + " on MNIST: " + out.getFileName();
            GanRunReport report = new GanRunReport(out, title, gridSize, new TreeSet<>(gridEpochs));
            Progress progress = parent != null ? parent.progress() : Progress.of(Progress.Mode.auto);
            try (GanProgress bar = new GanProgress(progress, config.epochs(), train.size(), config.batchSize())) {
                GanTrainer trainer = trainer(config, folder, bar, report);
                Gan gan = from == null ? trainer.fit(train) : trainer.resume(from, train);
                report.finish(gan);
                Path model = out.resolve(RunFolder.GAN_MODEL);
                gan.save(model);
                OutputFiles.wrote(model);
                finish(gan, report);
            }
        }
    }

    /** The run's trainer: {@code config} with these listeners, the time limit, checkpoints and the stop rule. */
    private GanTrainer trainer(GanConfig config, RunFolder folder, GanListener... listeners) throws Exception {
        GanTrainer trainer = new GanTrainer(config).withListeners(listeners);
        if (run.timeLimit() != null) {
            trainer = trainer.withTimeLimit(run.timeLimit());
        }
        if (run.checkpointEvery > 0) {
            trainer = trainer.withListeners(GanCheckpointer.create(folder.checkpoints(), run.checkpointEvery,
                    keepLast));
        }
        if (stopWhenDiscriminatorWins) {
            trainer = trainer.withListeners(GanListener.stopWhenDiscriminatorWins());
        }
        return trainer;
    }

    private static void finish(Gan gan, GanRunReport report) {
        List<GanEpochRecord> epochs = gan.history().epochs();
        double minutes = epochs.stream().mapToDouble(GanEpochRecord::seconds).sum() / 60;
        List<Integer> won = epochs.stream().filter(GanEpochRecord::discriminatorWon).map(GanEpochRecord::epoch)
                .toList();
        log.info(String.format(Locale.ROOT, "%s, %s loss: %d epoch%s, %.1f min of training%s",
                gan.config().architecture(), LossNames.name(gan.config().loss()), epochs.size(),
                epochs.size() == 1 ? "" : "s", minutes, won.isEmpty() ? "" : "; the discriminator won in epochs "
                + won));
        log.info("Run report: {}", report.file().toUri());
    }
}
