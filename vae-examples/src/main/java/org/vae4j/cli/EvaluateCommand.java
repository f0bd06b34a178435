package org.vae4j.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vae4j.ElboSummary;
import org.vae4j.Evaluation;
import org.vae4j.LatentDiagnostics;
import org.vae4j.Vae;
import org.vae4j.console.Evaluations;
import org.vae4j.console.Progress;
import org.vae4j.data.Dataset;
import org.vae4j.data.ImageDataset;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vae4j evaluate}: scores a model on a set of images and prints, in nats per image:
 * <ul>
 *   <li>the ELBO and its terms, log p(x|z) and KL(q(z|x) || p(z)), one posterior sample per image
 *       ({@link Vae#evaluate(ImageDataset, int, long)});</li>
 *   <li>the importance-sampled estimate of log p(x) with k samples (the IWAE bound, Burda et al. 2016, eq. 8;
 *       {@link Vae#evaluate(ImageDataset, int, long, org.vae4j.EvaluationProgress)}), the figure papers report as
 *       the test log-likelihood at k = 5000, and the same in bits per dimension, -log p(x) / (D ln 2);</li>
 *   <li>the active latent dimensions: those whose posterior mean varies over the data, Cov_x(E_q[z_j]) &gt; 0.01
 *       (Burda et al. 2016, section 5.2), and the KL of each latent dimension ({@link LatentDiagnostics}).</li>
 * </ul>
 * The importance-sampled estimate shows a progress bar (or a log line every 10 s); every draw comes from
 * {@code --seed}, so results are reproducible, and they equal {@code Vae.evaluate(data, k, seed)}'s. With
 * {@code --threads N} it runs on N threads, each with its own copy of the model (same results; see
 * docs/performance.md).
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Scores a model on images: the ELBO and its terms, the importance-sampled log-likelihood"
                + " (IWAE bound with k samples), bits per dimension and the active latent dimensions."},
        footer = {"", "Examples:", "  vae4j evaluate --model runs/mnist/model.vae -k 1000 --limit 1000",
            "  vae4j evaluate --model runs/mnist/model.vae -k 5000 --threads 2   (the paper figure, on 2 cores)"})
public final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Mixin
    ModelInputs inputs;

    @Option(names = "-k", defaultValue = "100", paramLabel = "K",
            description = "Importance samples per image for log p(x); papers use 5000; 0 skips it"
                    + " (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "SEED", description = "Seed of the samples (default: ${DEFAULT-VALUE}).")
    long seed;

    @CommandLine.ParentCommand
    Vae4jCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (k < 0) {
            throw new IllegalArgumentException("-k must be >= 0, got " + k);
        }
        Vae vae = model.load();
        Dataset data = inputs.load(vae);
        String unit = inputs.unit();
        Evaluation evaluation = Evaluations.evaluate(vae, data, k, seed,
                parent != null ? parent.progress() : Progress.of(Progress.Mode.auto));
        ElboSummary elbo = evaluation.elbo();
        LatentDiagnostics latent = evaluation.latent();
        double logPx = evaluation.logLikelihood();
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s on %s (%,d %ss), nats per %s:%n", model.model,
                inputs.description(), data.size(), unit, unit);
        boolean bound = vae.config().objective().isLowerBound();
        out.printf(Locale.ROOT, "  ELBO                    %10.2f   (log p(x|z) %.2f, KL %.2f)%s%n", elbo.elbo(),
                elbo.logLikelihood(), elbo.kl(), bound ? "" : "  [autoencoder: not a bound]");
        evaluation.logLikelihoodTerms().forEach((term, v) -> out.printf(Locale.ROOT,
                "    log p(x|z) %-12s %10.2f   (%s columns)%n", term, v, term.equals("continuous") ? "numeric"
                        : term));
        if (k > 0) {
            out.printf(Locale.ROOT, "  log p(x), IWAE k=%-6d %10.2f   (NLL %.2f nats, %.4f bits per dimension)%n", k,
                    logPx, -logPx, -logPx / (data.shape().size() * Math.log(2)));
        }
        if (vae.config().conditional()) {
            out.printf(Locale.ROOT, "  (a conditional VAE: each figure is given the image's label y, e.g. log p(x|y))%n");
        }
        out.printf(Locale.ROOT, "  active latent dimensions %9d   of %d (Cov_x(E_q[z_j]) > %s)%n",
                latent.activeUnits(), latent.latentSize(), LatentDiagnostics.ACTIVITY_THRESHOLD);
        out.printf(Locale.ROOT, "  KL per latent dimension  %s%n", String.join(" ",
                Evaluations.perDimension(latent.klPerDimension())));
        out.flush();
        return 0;
    }
}
