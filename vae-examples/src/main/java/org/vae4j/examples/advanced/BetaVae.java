package org.vae4j.examples.advanced;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.ElboSummary;
import org.vae4j.Vae;
import org.vae4j.VaeConfig;
import org.vae4j.VaeTrainer;
import org.vae4j.console.CommandLines;
import org.vae4j.console.OutputFiles;
import org.vae4j.console.RunOptions;
import org.vae4j.latent.Embedding;
import org.vae4j.latent.ExamplePicker;
import org.vae4j.latent.Traversal;
import org.vae4j.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The same model at several KL weights beta (Higgins et al. 2017): beta = 1 is the VAE; beta &gt; 1 pays more for
 * every nat of information in the code, so the model puts less information into it (a smaller KL term) and
 * reconstructs less sharply; on data with independent factors of variation Higgins et al. find that each latent
 * dimension then tends to capture one of them.
 *
 * <p>For each beta it trains the model (latent size 10 by default), prints the test ELBO, its terms and how many
 * dimensions are active (mean KL above 0.1 nats), and writes {@code traversal-beta-B.png}: latent traversals
 * ({@link Traversal}) around one test image's code, one row per dimension from the largest KL to the smallest, each
 * dimension set to {@code --steps} values from -3 to 3 with the others at the image's code. Each row shows what one
 * dimension controls (on MNIST: slant, width, thickness, or a change of digit); a row that does not change is an
 * unused dimension. After 3 epochs on MNIST, beta 4 halves the KL term (17.7 to 8.7 nats) at a cost of 20 nats of
 * reconstruction, and all ten dimensions stay in use at both betas. Each beta's run report,
 * {@code beta-B/report.html}, ends with its traversal.
 */
@Command(name = "beta-vae", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Trains the model at beta = 1 and 4 and writes latent traversals of each.")
public final class BetaVae implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(BetaVae.class);

    /** Mean KL (nats per example) above which a latent dimension counts as active. */
    static final double ACTIVE_KL = 0.1;

    @Option(names = "--betas", split = ",", defaultValue = "1,4", description = "KL weights (default: ${DEFAULT-VALUE}).")
    List<Double> betas;

    @Option(names = "--digit", defaultValue = "3",
            description = "Traverse around a test image of this digit, picked with the seed (default: ${DEFAULT-VALUE}).")
    int digit;

    @Option(names = "--steps", defaultValue = "9", description = "Values per traversal, from -3 to 3 (default: ${DEFAULT-VALUE}).")
    int steps;

    @Mixin
    RunOptions options = new RunOptions(10);

    @Override
    public Integer call() throws Exception {
        Path out = options.start("beta-vae");
        RunOptions.Data data = options.load();
        int index = ExamplePicker.pick(data.test(), options.seed(), digit)[0];
        INDArray image = data.test().subset(index, index + 1).features();
        log.info("Traversals around test image #{} (a {})", index, digit);
        double[] values = Traversal.values(steps, 3);
        VaeConfig base = options.config().build();
        for (double beta : betas) {
            VaeConfig config = base.toBuilder().beta(beta).build();
            RunReport report = OutputFiles.report(out.resolve("beta-" + plain(beta)), "beta-VAE, beta = " + plain(beta)
                    + ": " + out.getFileName(), data.test(), options.seed(), 5);
            Vae vae = new VaeTrainer(config).withListeners(report).fit(data.train(), data.test()).model();
            ElboSummary score = vae.evaluate(data.test(), 0, options.seed()).elbo();
            Embedding embedding = Embedding.encode(vae, data.test());
            double[] kl = embedding.klPerDimension();
            int[] byKl = embedding.dimensionsByKl();
            long active = Arrays.stream(kl).filter(v -> v > ACTIVE_KL).count();
            log.info(String.format(Locale.ROOT, "beta %s: test ELBO %.2f, log p(x|z) %.2f, KL %.2f nats; %d of %d"
                    + " dimensions active (KL > %.1f)", plain(beta), score.elbo(), score.logLikelihood(), score.kl(),
                    active, options.latentSize(), ACTIVE_KL));
            StringBuilder rows = new StringBuilder();
            for (int j : byKl) {
                rows.append(String.format(Locale.ROOT, " z_%d (%.2f)", j + 1, kl[j]));
            }
            log.info("beta {}: traversal rows, by KL in nats:{}", plain(beta), rows);
            Path traversal = OutputFiles.writeGrid(Traversal.decode(vae, image, byKl, values), steps, 2,
                    out.resolve("traversal-beta-" + plain(beta) + ".png"));
            report.addFigure("Latent traversals", String.format(Locale.ROOT, "Around test image #%d: one row per"
                    + " dimension, largest KL first (%s), each set to %d values from -3 to 3", index, rows.toString()
                    .trim(), steps), traversal);
            log.info("Run report: {}", report.file().toUri());
        }
        return 0;
    }

    /** 1.0 as "1", 0.5 as "0.5". */
    static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /**
     * Runs the example.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        CommandLines.run(new BetaVae(), args);
    }
}
