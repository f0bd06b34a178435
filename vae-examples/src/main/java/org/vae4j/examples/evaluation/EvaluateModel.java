package org.vae4j.examples.evaluation;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.Evaluation;
import org.vae4j.Vae;
import org.vae4j.VaeTrainer;
import org.vae4j.console.CommandLines;
import org.vae4j.console.Evaluations;
import org.vae4j.console.OutputFiles;
import org.vae4j.console.Progress;
import org.vae4j.console.RunOptions;
import org.vae4j.data.ImageDataset;
import org.vae4j.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Evaluates a model on the MNIST test set: the mean ELBO with its reconstruction and KL terms, the importance-sampled
 * log p(x) with k samples (the test NLL papers report, Burda et al. 2016), the active units and the KL per latent
 * dimension, and the time taken ({@link Vae#evaluate}).
 *
 * <p>With {@code --model} it loads a saved model ({@code model.vae} of any example); without, it trains the reference
 * model for {@code --epochs} epochs first, writing a run report ({@code report.html}) into {@code --output} that ends
 * with the test figures. A model trained with dynamic binarization is scored on the test set
 * binarized once with {@link MnistLogLikelihood#TEST_BINARIZATION_SEED}, as in the papers; others on the grey-level
 * test images.
 *
 * <pre>
 * java -cp "vae-examples/target/vae-examples.jar:vae-examples/target/lib/*" \
 *     org.vae4j.examples.evaluation.EvaluateModel --model runs/mnist-vae-.../model.vae --importance-samples 1000
 * </pre>
 */
@Command(name = "evaluate-model", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Prints the test ELBO, importance-sampled log p(x), active units and KL per dimension of a model.")
public final class EvaluateModel implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(EvaluateModel.class);

    @Option(names = "--model", description = "A saved model (.vae); default: train the reference model first.")
    Path model;

    @Option(names = {"-k", "--importance-samples"}, defaultValue = "1000",
            description = "Importance samples per test image for log p(x); 0 skips it; papers use 5000"
                    + " (default: ${DEFAULT-VALUE}).")
    int importanceSamples;

    @Mixin
    RunOptions options = new RunOptions(20);

    @Override
    public Integer call() throws Exception {
        Path out = options.start("evaluate");
        RunOptions.Data data = options.load();
        RunReport report = model != null ? null
                : OutputFiles.report(out, "Evaluated VAE on MNIST: " + out.getFileName(), data.test(), options.seed(),
                        5);
        Vae vae = model != null ? Vae.load(model)
                : new VaeTrainer(options.config().build()).withListeners(report).fit(data.train()).model();
        ImageDataset test = data.test();
        if (vae.config().dynamicBinarization()) {
            test = test.sampleBinarized(MnistLogLikelihood.TEST_BINARIZATION_SEED);
            log.info("The model was trained with dynamic binarization: scoring the test set binarized once (seed {})",
                    MnistLogLikelihood.TEST_BINARIZATION_SEED);
        }
        log.info("Evaluating {} test images (k = {})...", test.size(), importanceSamples);
        Evaluation e = Evaluations.evaluate(vae, test, importanceSamples, options.seed(),
                Progress.of(Progress.Mode.auto));
        String kl = String.join(" ", Evaluations.perDimension(e.latent().klPerDimension()));
        log.info("Test set:\n{}\nKL per latent dimension (nats): {}", e.describe(), kl);
        if (report != null) {
            report.addText("Test set", e.describe() + "\nKL per latent dimension (nats): " + kl);
            log.info("Run report: {}", report.file().toUri());
        }
        return 0;
    }

    /**
     * Runs the example.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        CommandLines.run(new EvaluateModel(), args);
    }
}
