package org.vae4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.nd4j.linalg.learning.config.Adam;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.CheckpointPolicy;
import org.vae4j.Checkpointer;
import org.vae4j.ElboSummary;
import org.vae4j.EpochRecord;
import org.vae4j.TrainingListener;
import org.vae4j.TrainingResult;
import org.vae4j.Vae;
import org.vae4j.VaeConfig;
import org.vae4j.VaeTrainer;
import org.vae4j.console.LatentOptions;
import org.vae4j.console.OutputFiles;
import org.vae4j.console.Progress;
import org.vae4j.console.RunOptions;
import org.vae4j.console.TrainingProgress;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.ImageShape;
import org.vae4j.io.ModelWriteException;
import org.vae4j.report.RunReport;
import org.vae4j.likelihood.BernoulliLikelihood;
import org.vae4j.likelihood.GaussianLikelihood;
import org.vae4j.nn.ConvDecoder;
import org.vae4j.nn.ConvEncoder;
import org.vae4j.nn.MlpDecoder;
import org.vae4j.nn.MlpEncoder;
import org.vae4j.objective.AutoencoderObjective;
import org.vae4j.objective.CapacityObjective;
import org.vae4j.objective.ElboObjective;
import org.vae4j.objective.IwaeObjective;
import org.vae4j.objective.Objective;
import org.vae4j.schedule.ConstantSchedule;
import org.vae4j.schedule.CyclicalSchedule;
import org.vae4j.schedule.LinearWarmup;
import org.vae4j.schedule.Schedule;
import org.vae4j.schedule.StepUnit;
import org.vae4j.cli.TrainChoices.Architecture;
import org.vae4j.cli.TrainChoices.BetaSchedule;
import org.vae4j.cli.TrainChoices.LikelihoodKind;
import org.vae4j.cli.TrainChoices.ObjectiveKind;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vae4j train}: trains a VAE on MNIST or on IDX image files and shows what it learned. With no options it
 * trains the reference model, the one of the PyTorch VAE example: an MLP encoder 784-512-(20 + 20) and decoder
 * 20-512-784 with ReLU, a Bernoulli likelihood on pixels in [0, 1], a standard normal prior, Adam with learning rate
 * 1e-3 and batch size 128, for 10 epochs on the 60,000 MNIST training images. Every epoch logs the lower bound (the
 * ELBO, in nats per image) on the training batches and on the test images, with a progress bar in between. Into the
 * output folder it writes:
 * <ul>
 *   <li>{@code samples-epoch-NNN.png}: 64 images generated from the prior, after epoch 1, every
 *       {@code --sample-every} epochs, and after the last epoch;</li>
 *   <li>{@code reconstructions.png}: 32 test images (training images if there is no test set), each with its
 *       reconstruction to its right;</li>
 *   <li>{@code model.vae}: the trained model ({@link Vae#load(Path)} and the other commands read it);</li>
 *   <li>{@code checkpoints/}: a checkpoint every {@code --checkpoint-every} epochs (the last {@code --keep-last},
 *       and {@code best.vae} by test ELBO). After a crash or kill, the same command with {@code --output} that
 *       folder and {@code --resume} continues from the newest checkpoint and ends with the same model as an
 *       uninterrupted run.</li>
 * </ul>
 * A new run refuses a folder holding another run's model, report or checkpoints ({@code --overwrite} deletes them first);
 * the inputs are read and checked before the folder is touched ({@link RunFolder}). {@code --conditional} trains a
 * conditional VAE on the one-hot labels (Sohn et al. 2015), which {@code sample --labels} then draws from.
 * The architecture, likelihood, objective and beta schedule are enums ({@link TrainChoices}), one constant per
 * kind, so that each new kind is one more value of an existing option.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        abbreviateSynopsis = true,
        description = {"Trains a VAE and writes model.vae and checkpoints into the output folder; on images also the"
                + " run report, sample grids and reconstructions.",
                "Defaults: the reference model (MLP 784-512-20, Bernoulli, Adam 1e-3, batch 128) for 10 epochs on"
                + " MNIST."},
        footer = {"", "Examples:",
                "  vae4j train --epochs 5 --latent-size 2 -o runs/latent2",
                "  vae4j train --epochs 10 --latent-size 2 -o runs/latent2 --resume",
                "  vae4j train --conditional --latent-size 2 -o runs/conditional",
                "  vae4j train --images train-images.gz --labels train-labels.gz \\",
                "      --test-images test-images.gz --test-labels test-labels.gz -o runs/mine",
                "  vae4j train --image-folder photos --image-size 32x32 -o runs/photos",
                "  vae4j train --csv patients.csv --label-column outcome --ignore-columns id \\",
                "      --categorical-columns ward --hidden 64 --latent-size 4 -o runs/table"})
public final class TrainCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(TrainCommand.class);

    @Mixin
    TrainingData data;

    @Mixin
    RunOptions options = new RunOptions(20);

    @Mixin
    TableOptions table = new TableOptions();

    @Option(names = "--architecture", defaultValue = "mlp", paramLabel = "NAME",
            description = "Encoder and decoder: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Architecture architecture;

    @Option(names = "--hidden", split = ",", defaultValue = "512", paramLabel = "SIZES",
            description = "Hidden layer sizes of the MLP encoder (the decoder mirrors them), comma-separated"
                    + " (default: ${DEFAULT-VALUE}).")
    List<Integer> hidden;

    @Option(names = "--channels", split = ",", defaultValue = "32,64", paramLabel = "SIZES",
            description = "Output channels of the conv encoder's convolutions, comma-separated; each halves height and"
                    + " width, which must stay divisible (default: ${DEFAULT-VALUE}).")
    List<Integer> channels;

    @Option(names = "--likelihood", defaultValue = "bernoulli", paramLabel = "NAME",
            description = "Likelihood p(x|z): ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    LikelihoodKind likelihood;

    @Option(names = "--variance", paramLabel = "V",
            description = "Fixed variance of the gaussian likelihood (default: learned per pixel).")
    Double variance;

    @Option(names = "--objective", defaultValue = "elbo", paramLabel = "NAME",
            description = "Training objective: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ObjectiveKind objective;

    @Mixin
    LatentOptions latent = new LatentOptions();

    @Option(names = "--free-bits", paramLabel = "NATS",
            description = "elbo: free nats per latent dimension, e.g. 0.5 (default: 0, the plain ELBO).")
    Double freeBits;

    @Option(names = "--iwae-samples", paramLabel = "K",
            description = "iwae: importance samples per image (default: 5).")
    Integer iwaeSamples;

    @Option(names = "--capacity", paramLabel = "NATS",
            description = "capacity: the KL target C reached after --capacity-epochs (default: 25).")
    Double capacity;

    @Option(names = "--capacity-epochs", paramLabel = "N",
            description = "capacity: epochs over which C rises linearly from 0 (default: all of them).")
    Double capacityEpochs;

    @Option(names = "--gamma", paramLabel = "G",
            description = "capacity: the weight of |KL - C| (default: 1000).")
    Double gamma;

    @Option(names = "--beta", defaultValue = "1", paramLabel = "BETA",
            description = "Weight of the KL term (the top of a schedule); 1 is the ELBO, > 1 a beta-VAE"
                    + " (default: ${DEFAULT-VALUE}).")
    double beta;

    @Option(names = "--beta-schedule", defaultValue = "constant", paramLabel = "NAME",
            description = "How beta changes: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    BetaSchedule betaSchedule;

    @Option(names = "--warmup-epochs", paramLabel = "N",
            description = "warmup: epochs over which beta rises linearly from 0 (default: half of --epochs).")
    Double warmupEpochs;

    @Option(names = "--cycles", paramLabel = "M",
            description = "cyclical: number of cycles over the run (default: 4).")
    Integer cycles;

    @Option(names = "--dynamic-binarization",
            description = "Draw each training pixel anew from Bernoulli(p) every epoch (bernoulli likelihood only).")
    boolean dynamicBinarization;

    @Option(names = "--batch-size", defaultValue = "128", paramLabel = "N",
            description = "Images per mini-batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--learning-rate", defaultValue = "1e-3", paramLabel = "RATE",
            description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Mixin
    RunFolderOptions run = new RunFolderOptions();

    @Option(names = "--keep-last", defaultValue = "2", paramLabel = "N",
            description = "Checkpoints to keep besides best.vae (default: ${DEFAULT-VALUE}).")
    int keepLast;

    @Option(names = "--sample-every", defaultValue = "5", paramLabel = "N",
            description = "Write a sample grid every N epochs, besides epoch 1 and the last (default: ${DEFAULT-VALUE}).")
    int sampleEvery;

    @Option(names = "--conditional",
            description = "Train a conditional VAE: encoder and decoder see each image's one-hot label (needs labels;"
                    + " --objective elbo or autoencoder).")
    boolean conditional;

    @CommandLine.ParentCommand
    Vae4jCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * The configuration these options describe, for a VAE.
     *
     * @param inputShape the shape of one image
     * @return the configuration
     * @throws IllegalArgumentException naming the option if a value is out of range
     */
    VaeConfig config(ImageShape inputShape) {
        return config(inputShape, conditional ? 1 : 0);
    }

    /**
     * The configuration these options describe.
     *
     * @param inputShape the shape of one image
     * @param conditionSize the number of classes of a conditional VAE ({@code --conditional}), else 0
     * @return the configuration
     * @throws IllegalArgumentException naming the option if a value is out of range
     */
    VaeConfig config(ImageShape inputShape, int conditionSize) {
        if (options.epochs() < 1) {
            throw new IllegalArgumentException("--epochs must be at least 1, got " + options.epochs());
        }
        if (options.latentSize() < 1) {
            throw new IllegalArgumentException("--latent-size must be positive, got " + options.latentSize());
        }
        if (conditional && objective != ObjectiveKind.elbo && objective != ObjectiveKind.autoencoder) {
            throw new IllegalArgumentException("--conditional goes with --objective elbo or autoencoder, not "
                    + objective);
        }
        if (hidden.isEmpty() || hidden.stream().anyMatch(h -> h == null || h < 1)) {
            throw new IllegalArgumentException("--hidden takes positive layer sizes, got " + hidden);
        }
        if (variance != null && likelihood != LikelihoodKind.gaussian) {
            throw new IllegalArgumentException("--variance goes with --likelihood gaussian");
        }
        if (dynamicBinarization && likelihood != LikelihoodKind.bernoulli) {
            throw new IllegalArgumentException("--dynamic-binarization goes with --likelihood bernoulli, not "
                    + likelihood);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("--learning-rate must be positive, got " + learningRate);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be positive, got " + batchSize);
        }
        int[] sizes = hidden.stream().mapToInt(Integer::intValue).toArray();
        VaeConfig.Builder builder = options.config(inputShape).beta(betaSchedule()).batchSize(batchSize)
                .updater(new Adam(learningRate)).dynamicBinarization(dynamicBinarization).conditionSize(conditionSize);
        switch (architecture) {
            case mlp -> builder.encoder(MlpEncoder.relu(sizes)).decoder(MlpDecoder.relu(reversed(sizes)));
            case conv -> {
                int[] c = channels.stream().mapToInt(Integer::intValue).toArray();
                named("--channels " + String.join(",", channels.stream().map(String::valueOf).toList()),
                        () -> builder.encoder(ConvEncoder.of(c)).decoder(ConvDecoder.of(c)));
            }
            default -> throw new IllegalStateException("unknown architecture " + architecture);
        }
        switch (likelihood) {
            case bernoulli -> builder.likelihood(new BernoulliLikelihood());
            case gaussian -> builder.likelihood(variance != null
                    ? named("--variance " + variance, () -> GaussianLikelihood.fixedVariance(variance))
                    : GaussianLikelihood.learnedVariance());
            default -> throw new IllegalStateException("unknown likelihood " + likelihood);
        }
        return latent.apply(builder.objective(objective()), options.latentSize(), options.seed()).build();
    }

    /** Builds a part from an option's value, naming the option in the part's own error message. */
    private static <T> T named(String optionAndValue, Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(optionAndValue + ": " + e.getMessage(), e);
        }
    }

    /** The objective, checking that its options go with it. */
    private Objective objective() {
        only(ObjectiveKind.elbo, "--free-bits", freeBits);
        only(ObjectiveKind.iwae, "--iwae-samples", iwaeSamples);
        only(ObjectiveKind.capacity, "--capacity", capacity);
        only(ObjectiveKind.capacity, "--capacity-epochs", capacityEpochs);
        only(ObjectiveKind.capacity, "--gamma", gamma);
        if (capacity != null && !(capacity >= 0 && capacity < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("--capacity must be finite and >= 0, got " + capacity);
        }
        return switch (objective) {
            case elbo -> freeBits == null ? new ElboObjective()
                    : named("--free-bits " + freeBits, () -> ElboObjective.withFreeBits(freeBits));
            case iwae -> named("--iwae-samples " + iwaeSamples, () -> new IwaeObjective(iwaeSamples == null ? 5
                    : iwaeSamples));
            case capacity -> named("--objective capacity", () -> CapacityObjective.linear(gamma == null ? 1000
                    : gamma, capacity == null ? 25 : capacity, capacityEpochs != null ? capacityEpochs
                    : Math.max(1, options.epochs())));
            case autoencoder -> new AutoencoderObjective();
        };
    }

    private void only(ObjectiveKind kind, String option, Object value) {
        if (value != null && objective != kind) {
            throw new IllegalArgumentException(option + " goes with --objective " + kind + ", not " + objective);
        }
    }

    /** Beta over training, checking that the schedule's options go with it. */
    private Schedule betaSchedule() {
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("--beta must be finite and >= 0, got " + beta);
        }
        if (warmupEpochs != null && betaSchedule != BetaSchedule.warmup
                || cycles != null && betaSchedule != BetaSchedule.cyclical) {
            throw new IllegalArgumentException((warmupEpochs != null ? "--warmup-epochs goes with --beta-schedule"
                    + " warmup" : "--cycles goes with --beta-schedule cyclical") + ", not " + betaSchedule);
        }
        return switch (betaSchedule) {
            case constant -> new ConstantSchedule(beta);
            case warmup -> named("--warmup-epochs " + warmupEpochs, () -> new LinearWarmup(0, beta,
                    warmupEpochs != null ? warmupEpochs : Math.max(1, options.epochs() / 2.0), StepUnit.EPOCHS));
            case cyclical -> named("--cycles " + cycles, () -> new CyclicalSchedule(cycles != null ? cycles : 4, 0.5,
                    beta));
        };
    }

    private static int[] reversed(int[] sizes) {
        return java.util.stream.IntStream.range(0, sizes.length).map(i -> sizes[sizes.length - 1 - i]).toArray();
    }

    @Override
    public Integer call() throws Exception {
        if (sampleEvery <= 0 || run.checkpointEvery < 0 || keepLast < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--sample-every and --keep-last must be"
                    + " positive and --checkpoint-every >= 0, got " + sampleEvery + ", " + keepLast + " and "
                    + run.checkpointEvery);
        }
        List<String> problems = run.problems(options.outputGiven());
        if (!problems.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), problems.get(0));
        }
        run.checkTimeLimit(); // before the folder changes
        table.checkUnused();
        if (table.given()) {
            return new TableTraining(this).run();
        }
        config(ImageShape.vector(1)); // the options' errors before the data is loaded
        Path out = options.start(data.source() != null ? "vae" : "mnist-vae");
        RunFolder folder = new RunFolder(out);
        Vae from = folder.start(run.resume, run.overwrite);
        RunOptions.Data loaded = data.load(options);
        ImageDataset train = loaded.train();
        ImageDataset test = loaded.test();
        OptionFileException.requireImages(train, "--images", data.images);
        OptionFileException.requireImages(test, "--test-images", data.testImages);
        ImageShape shape = train.shape();
        long seed = options.seed();
        VaeConfig config = config(shape, conditional ? Conditions.classes(train, test) : 0);
        if (from != null) {
            folder.checkResumable(from, config);
        }
        // the inputs are valid: now the folder may change
        if (run.overwrite) {
            folder.deleteEarlierRun();
        }
        folder.removeTemporaries();

        String title = (data.source() != null ? "VAE on " + data.source().getFileName() : "VAE on MNIST") + ": "
                + out.getFileName();
        RunReport report = conditional
                ? OutputFiles.conditionalReport(out, title, test != null ? test : train, seed, sampleEvery,
                        config.conditionSize())
                : OutputFiles.report(out, title, test != null ? test : train, shape, seed, sampleEvery);
        Progress progress = parent != null ? parent.progress() : Progress.of(Progress.Mode.auto);
        try (TrainingProgress bar = new TrainingProgress(progress, config.epochs(), train.size(), config.batchSize(),
                config.objective().isLowerBound())) {
            finish(folder.fit(trainer(config, folder, test != null, bar, report), from, train, test), out);
            if (Files.exists(report.file())) {
                log.info("Run report: {}", report.file().toUri());
            }
        }
        return 0;
    }

    /**
     * The run's trainer: {@code config} with these listeners, {@code --time-limit}, and checkpoints into the run
     * folder every {@code --checkpoint-every} epochs.
     *
     * @throws ModelWriteException if the checkpoint folder cannot be written
     */
    VaeTrainer trainer(VaeConfig config, RunFolder folder, boolean validation, TrainingListener... listeners)
            throws ModelWriteException {
        VaeTrainer trainer = new VaeTrainer(config).withListeners(listeners);
        if (run.timeLimit() != null) {
            trainer = trainer.withTimeLimit(run.timeLimit());
        }
        if (run.checkpointEvery > 0) {
            trainer = trainer.withListeners(Checkpointer.create(
                    new CheckpointPolicy(folder.checkpoints(), run.checkpointEvery, keepLast, validation)));
        }
        return trainer;
    }

    /** Writes the model and logs the final figures (the run report wrote the sample grids and reconstructions). */
    private void finish(TrainingResult result, Path out) throws IOException {
        Vae vae = result.model();
        Path model = out.resolve(RunFolder.MODEL);
        vae.save(model);
        OutputFiles.wrote(model);

        List<EpochRecord> epochs = result.history().epochs();
        if (!epochs.isEmpty()) {
            EpochRecord last = result.history().last();
            ElboSummary figures = last.validation() != null ? last.validation() : last.train();
            double seconds = epochs.stream().mapToDouble(EpochRecord::seconds).sorted().skip(epochs.size() / 2)
                    .findFirst().orElse(0);
            log.info(String.format(Locale.ROOT, "%s %s after %d epochs: %.2f nats per image (median %.1f s per"
                    + " epoch)", last.validation() != null ? "Test" : "Training", vae.config().objective()
                    .isLowerBound() ? "negative ELBO" : "reconstruction error -log p(x|z)", epochs.size(),
                    -figures.elbo(), seconds));
        }
    }
}
