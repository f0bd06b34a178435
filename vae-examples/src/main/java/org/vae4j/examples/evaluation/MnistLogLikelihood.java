package org.vae4j.examples.evaluation;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.ConfigJson;
import org.vae4j.Evaluation;
import org.vae4j.TrainingResult;
import org.vae4j.Vae;
import org.vae4j.VaeConfig;
import org.vae4j.VaeTrainer;
import org.vae4j.console.CommandLines;
import org.vae4j.console.Evaluations;
import org.vae4j.console.LatentOptions;
import org.vae4j.console.OutputFiles;
import org.vae4j.console.Progress;
import org.vae4j.console.RunOptions;
import org.vae4j.data.ImageDataset;
import org.vae4j.nn.Activation;
import org.vae4j.nn.MlpDecoder;
import org.vae4j.nn.MlpEncoder;
import org.vae4j.objective.ElboObjective;
import org.vae4j.objective.IwaeObjective;
import org.vae4j.objective.Objective;
import org.vae4j.report.RunReport;
import org.vae4j.schedule.LinearWarmup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The number papers report: the test negative log-likelihood of a VAE (or an IWAE) on dynamically binarized MNIST,
 * estimated by importance sampling with k = 5000 (Burda et al. 2016, section 5 and table 1).
 *
 * <p>Trains the standard MLP (784-500-500-50 by default, tanh, Bernoulli likelihood, standard normal prior) on the
 * 60,000 training images binarized afresh every epoch, with Adam and a learning rate decaying exponentially from
 * {@code --learning-rate} by a factor 10 every {@code --decay-epochs} epochs, for at most {@code --epochs} epochs or
 * the {@code --time-limit} in minutes, whichever ends first; then scores the 10,000 test images, binarized once with
 * a fixed seed, and prints the ELBO, the importance-sampled log p(x) and NLL, the active units and how long the
 * estimate took. {@code --objective iwae --samples 5} trains the importance-weighted bound instead of the ELBO;
 * {@code --prior vamp:K} (and the other options of {@code vae4j train --prior}) replaces the standard normal prior.
 * Writes {@code model.vae} and {@code evaluation.txt} into the output folder.
 *
 * <pre>
 * java -Xmx4g -cp "vae-examples/target/vae-examples.jar:vae-examples/target/lib/*" \
 *     org.vae4j.examples.evaluation.MnistLogLikelihood --time-limit 60
 * </pre>
 */
@Command(name = "mnist-log-likelihood", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Trains an MLP VAE or IWAE on dynamically binarized MNIST within a time budget and reports the"
                + " k=5000 importance-sampled test NLL.")
public final class MnistLogLikelihood implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(MnistLogLikelihood.class);

    /** Seed of the one binarization of the test set, so that every model is scored on the same images. */
    public static final long TEST_BINARIZATION_SEED = 1234;

    /** The objectives this example trains. */
    enum Kind { ELBO, IWAE }

    @Option(names = "--objective", defaultValue = "ELBO", description = "ELBO or IWAE (default: ${DEFAULT-VALUE}).")
    Kind objective;

    @Option(names = "--samples", defaultValue = "5", description = "k of the IWAE objective (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--hidden", split = ",", defaultValue = "500,500",
            description = "Hidden layer sizes of encoder and decoder (default: ${DEFAULT-VALUE}).")
    List<Integer> hidden;

    @Option(names = "--activation", defaultValue = "TANH", description = "TANH, RELU, SOFTPLUS (default: ${DEFAULT-VALUE}).")
    Activation activation;

    @Option(names = "--learning-rate", defaultValue = "1e-3", description = "Adam's initial learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--decay-epochs", defaultValue = "60",
            description = "Epochs over which the learning rate falls by a factor 10, exponentially (default: ${DEFAULT-VALUE}).")
    double decayEpochs;

    @Option(names = "--warmup-epochs", defaultValue = "0",
            description = "Epochs of linear KL warm-up from beta 0 to 1, ELBO only (default: ${DEFAULT-VALUE}: none).")
    double warmupEpochs;

    @Option(names = "--batch-size", defaultValue = "100", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--time-limit", description = "Training budget in minutes (default: none, --epochs decides).")
    Double timeLimitMinutes;

    @Option(names = "--eval-samples", defaultValue = "5000",
            description = "k of the importance-sampled test log-likelihood (default: ${DEFAULT-VALUE}).")
    int evalSamples;

    @Mixin
    LatentOptions latent = new LatentOptions();

    @Mixin
    RunOptions options = new RunOptions(50);

    @Override
    public Integer call() throws Exception {
        String priorName = latent.prior().equals("standard") ? ""
                : "-" + latent.prior().replaceAll("[^A-Za-z0-9]+", "-");
        Path out = options.start("mnist-ll-" + objective.name().toLowerCase(Locale.ROOT) + priorName);
        RunOptions.Data data = options.load();
        ImageDataset test = data.test().sampleBinarized(TEST_BINARIZATION_SEED);
        int perEpoch = (data.train().size() + batchSize - 1) / batchSize;
        // learning rate * 10^(-epoch / decayEpochs), per iteration
        double gamma = Math.pow(0.1, 1.0 / (decayEpochs * perEpoch));
        Objective trained = objective == Kind.IWAE ? new IwaeObjective(samples) : new ElboObjective();
        VaeConfig.Builder builder = options.config()
                .encoder(new MlpEncoder(hidden, activation))
                .decoder(new MlpDecoder(hidden, activation))
                .objective(trained)
                .updater(new Adam(new ExponentialSchedule(ScheduleType.ITERATION, learningRate, gamma)))
                .batchSize(batchSize)
                .dynamicBinarization(true);
        latent.apply(builder, options.latentSize(), options.seed());
        if (warmupEpochs > 0) {
            builder.beta(LinearWarmup.overEpochs(warmupEpochs));
        }
        VaeConfig config = builder.build();
        log.info("Configuration: {}", ConfigJson.write(config).replaceAll("\\s+", " "));
        String model = (objective == Kind.IWAE ? "IWAE (k = " + samples + ")" : "VAE")
                + (priorName.isEmpty() ? "" : ", prior " + latent.prior());
        RunReport runReport = OutputFiles.report(out, model + " on dynamically binarized MNIST: "
                + out.getFileName(), test, options.seed(), 10);
        VaeTrainer trainer = new VaeTrainer(config).withListeners(runReport);
        if (timeLimitMinutes != null) {
            trainer = trainer.withTimeLimit(Duration.ofSeconds(Math.round(timeLimitMinutes * 60)));
        }
        TrainingResult result = trainer.fit(data.train());
        Vae vae = result.model();
        vae.save(out.resolve("model.vae"));
        double trainingSeconds = result.history().epochs().stream().mapToDouble(e -> e.seconds()).sum();
        log.info(String.format(Locale.ROOT, "Trained %d epochs in %.1f min", result.history().epochs().size(),
                trainingSeconds / 60));
        log.info("Scoring {} test images (binarized once, seed {}) with k = {} importance samples...", test.size(),
                TEST_BINARIZATION_SEED, evalSamples);
        Evaluation evaluation = Evaluations.evaluate(vae, test, evalSamples, options.seed(),
                Progress.of(Progress.Mode.auto));
        String report = String.format(Locale.ROOT, "%s trained %d epochs (%.1f min of training)%n%s%n",
                model, result.history().epochs().size(),
                trainingSeconds / 60, evaluation.describe());
        log.info("Test set:\n{}", report);
        org.vae4j.io.AtomicFiles.write(out.resolve("evaluation.txt"),
                stream -> stream.write(report.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        runReport.addText("Test set", report);
        log.info("Run report: {}", runReport.file().toUri());
        return 0;
    }

    /**
     * Runs the example.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        CommandLines.run(new MnistLogLikelihood(), args);
    }
}
