package org.vae4j.examples.advanced;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.commons.math3.special.Gamma;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.Vae;
import org.vae4j.VaeConfig;
import org.vae4j.VaeTrainer;
import org.vae4j.console.CommandLines;
import org.vae4j.console.OutputFiles;
import org.vae4j.console.RunOptions;
import org.vae4j.data.ImageDataset;
import org.vae4j.objective.AutoencoderObjective;
import org.vae4j.objective.ElboObjective;
import org.vae4j.objective.Objective;
import org.vae4j.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Why a VAE generates and a plain autoencoder does not. Trains two models with the same architecture (MLP
 * 784-512-d-512-784, Bernoulli likelihood), the same data, seed and trainer: a deterministic autoencoder
 * ({@link AutoencoderObjective}: z = encoder mean, loss -log p(x|z)) and a VAE ({@link ElboObjective}). Then
 * decodes the same 64 draws from N(0, I) with each and reconstructs the same test images with each.
 *
 * <p>What it shows: the autoencoder reconstructs at least as well (it spends nothing on the KL term), but its codes
 * sit wherever the encoder put them, at a scale and in a region that have nothing to do with N(0, I), and its decoder
 * has never seen the space between them; so its "samples" are blots and fragments. The VAE's KL term keeps the codes
 * near the prior and its sampled training codes cover the neighbourhood of each one, so decoding prior draws gives
 * digits. Printed: each model's test reconstruction error (-log p(x | z = mean), nats per image, and the mean
 * squared error per pixel) and the scale of its test codes next to the prior's.
 *
 * <p>Writes {@code samples-ae.png} and {@code samples-vae.png} (the same 64 prior draws decoded by each), and
 * {@code reconstructions-ae.png} and {@code reconstructions-vae.png} (32 test images, each beside its
 * reconstruction), and the run report of each model, {@code ae/report.html} and {@code vae/report.html}, which
 * end with the comparison.
 */
@Command(name = "autoencoder-vs-vae", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Trains an autoencoder and a VAE of the same architecture; compares samples and reconstructions.")
public final class AutoencoderVsVae implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(AutoencoderVsVae.class);

    @Mixin
    RunOptions options = new RunOptions(20);

    /** What the comparison measures of one model on the test set. */
    record Scores(double reconstructionNats, double reconstructionMse, double codeNorm, double codeStd) {
    }

    /** The two runs' reports. */
    private final List<RunReport> reports = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Path out = options.start("ae-vs-vae");
        RunOptions.Data data = options.load();
        ImageDataset test = data.test();
        VaeConfig vaeConfig = options.config().build();

        Scores ae = trainAndShow("ae", vaeConfig.toBuilder().objective(new AutoencoderObjective()).build(), data, out);
        Scores vae = trainAndShow("vae", vaeConfig, data, out);

        // E|z| for z ~ N(0, I_d), the chi distribution's mean: sqrt(2) Gamma((d + 1) / 2) / Gamma(d / 2)
        double priorNorm = Math.sqrt(2) * Math.exp(Gamma.logGamma((options.latentSize() + 1) / 2.0)
                - Gamma.logGamma(options.latentSize() / 2.0));
        List<String> table = List.of(
                String.format(Locale.ROOT, "On %d test images, same architecture (latent size %d), %d epochs each:",
                        test.size(), options.latentSize(), options.epochs()),
                String.format(Locale.ROOT, "%-50s %12s %12s", "", "autoencoder", "VAE"),
                String.format(Locale.ROOT, "%-50s %12.2f %12.2f", "reconstruction error, -log p(x|z=mean) (nats/image)",
                        ae.reconstructionNats(), vae.reconstructionNats()),
                String.format(Locale.ROOT, "%-50s %12.4f %12.4f", "reconstruction mean squared error per pixel",
                        ae.reconstructionMse(), vae.reconstructionMse()),
                String.format(Locale.ROOT, "%-50s %12.2f %12.2f", "mean norm of the codes (prior N(0, I): "
                        + String.format(Locale.ROOT, "%.2f", priorNorm) + ")", ae.codeNorm(), vae.codeNorm()),
                String.format(Locale.ROOT, "%-50s %12.2f %12.2f", "std of the codes over all dimensions (prior: 1)",
                        ae.codeStd(), vae.codeStd()));
        table.forEach(log::info);
        log.info("Samples decoded from the same N(0, I) draws: samples-ae.png, samples-vae.png");
        for (RunReport report : reports) {
            report.addText("Autoencoder vs VAE", String.join("\n", table));
            log.info("Run report: {}", report.file().toUri());
        }
        return 0;
    }

    private Scores trainAndShow(String name, VaeConfig config, RunOptions.Data data, Path out) throws Exception {
        Objective objective = config.objective();
        log.info("Training the {} ({})", objective.isLowerBound() ? "VAE" : "autoencoder",
                objective.getClass().getSimpleName());
        RunReport report = OutputFiles.report(out.resolve(name), (objective.isLowerBound() ? "The VAE"
                : "The autoencoder") + " of " + out.getFileName(), data.test(), options.seed(), 5);
        reports.add(report);
        Vae model = new VaeTrainer(config).withListeners(report).fit(data.train(), data.test()).model();
        OutputFiles.writeGrid(model.generate(64, options.seed()), 8, 1, out.resolve("samples-" + name + ".png"));
        INDArray originals = data.test().first(Math.min(32, data.test().size())).features();
        OutputFiles.writeComparison(originals, model.reconstruct(originals), 8,
                out.resolve("reconstructions-" + name + ".png"));

        INDArray x = data.test().features();
        double nats = -model.reconstructionLogLikelihood(x).meanNumber().doubleValue();
        INDArray diff = model.reconstruct(x).sub(x);
        double mse = diff.muli(diff).meanNumber().doubleValue();
        INDArray codes = model.encode(x).mean();
        double norm = codes.norm2(1).meanNumber().doubleValue();
        double std = codes.stdNumber().doubleValue();
        return new Scores(nats, mse, norm, std);
    }

    /**
     * Runs the example.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        CommandLines.run(new AutoencoderVsVae(), args);
    }
}
