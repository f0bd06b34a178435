package org.vae4j.examples.quickstart;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.Vae;
import org.vae4j.VaeConfig;
import org.vae4j.VaeTrainer;
import org.vae4j.console.CommandLines;
import org.vae4j.console.Evaluations;
import org.vae4j.console.OutputFiles;
import org.vae4j.console.RunOptions;
import org.vae4j.console.ScatterView;
import org.vae4j.latent.Embedding;
import org.vae4j.latent.LatentGrid;
import org.vae4j.latent.Projection;
import org.vae4j.plot.LatentScatter;
import org.vae4j.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Looks at a latent space directly: trains a VAE with a 2-D latent space (Kingma &amp; Welling 2014, figure 4),
 * encodes the test set and writes
 * <ul>
 *   <li>{@code embedding.csv}: every test image's posterior mean and log-variance with its label
 *       ({@code index,label,z_1,z_2,log_var_1,log_var_2});</li>
 *   <li>{@code scatter.png}: the posterior means coloured by digit: the digits form clusters, and the KL term packs
 *       them together around the origin where the prior's mass is;</li>
 *   <li>{@code manifold.png}: the decoder's images over a {@code --grid} x {@code --grid} grid placed at the
 *       standard normal's quantiles ({@link LatentGrid}), which shows how one digit turns into its neighbours.</li>
 * </ul>
 * and the run report {@code report.html} (with the training's sample grids and reconstructions), where both figures
 * appear under "Latent space". With {@code --latent-size} above 2 the scatter plot shows the two dimensions with the largest KL (or the first two
 * principal components, {@code --view pca}) and the manifold spans the two largest-KL dimensions with the others
 * at 0.
 */
@Command(name = "latent-space-2d", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Trains a 2-D latent VAE; writes the test embedding (CSV, scatter plot) and the manifold grid.")
public final class LatentSpace2d implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(LatentSpace2d.class);

    @Option(names = "--grid", defaultValue = "20", description = "Manifold grid side (default: ${DEFAULT-VALUE}).")
    int grid;

    @Option(names = "--view", defaultValue = "kl",
            description = "Scatter view for latent size > 2: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ScatterView view;

    @Mixin
    RunOptions options = new RunOptions(2);

    @Override
    public Integer call() throws Exception {
        Path out = options.start("latent-2d");
        RunOptions.Data data = options.load();
        VaeConfig config = options.config().build();
        RunReport report = OutputFiles.report(out, "2-D latent space of MNIST: " + out.getFileName(), data.test(),
                options.seed(), 5);
        Vae vae = new VaeTrainer(config).withListeners(report).fit(data.train(), data.test()).model();

        Embedding embedding = Embedding.encode(vae, data.test());
        OutputFiles.wrote(embedding.writeCsv(out.resolve("embedding.csv")));
        log.info("KL per latent dimension on the test set (nats): {}",
                Evaluations.perDimension(embedding.klPerDimension()));

        Projection points = view.of(embedding);
        LatentScatter.write(points, embedding.labels(), String.format(Locale.ROOT,
                "MNIST test set in the latent space (%d images, latent size %d)", embedding.size(), options.latentSize()),
                out.resolve("scatter.png"));
        OutputFiles.wrote(out.resolve("scatter.png"));

        int[] pair = embedding.topKlPair();
        log.info("Manifold over z_{} (to the right) and z_{} (upwards), from {} to {}", pair[0] + 1, pair[1] + 1,
                String.format(Locale.ROOT, "%.2f", LatentGrid.quantiles(grid)[0]),
                String.format(Locale.ROOT, "%.2f", LatentGrid.quantiles(grid)[grid - 1]));
        OutputFiles.writeGrid(LatentGrid.decode(vae, grid, pair[0], pair[1]), grid, 1, out.resolve("manifold.png"));

        report.addFigure("Latent space", String.format(Locale.ROOT, "Posterior means of the %d test images,"
                + " coloured by digit (%s)", embedding.size(), points.xLabel() + ", " + points.yLabel()),
                out.resolve("scatter.png"));
        report.addFigure("Latent space", String.format(Locale.ROOT, "Decoded over a %d x %d grid of z_%d (to the"
                + " right) and z_%d (upwards) at the standard normal's quantiles", grid, grid, pair[0] + 1, pair[1] + 1),
                out.resolve("manifold.png"));
        log.info("Run report: {}", report.file().toUri());
        return 0;
    }

    /**
     * Runs the example.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        CommandLines.run(new LatentSpace2d(), args);
    }
}
