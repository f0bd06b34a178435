package org.vae4j.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.Vae;
import org.vae4j.console.Evaluations;
import org.vae4j.console.OutputFiles;
import org.vae4j.console.ScatterView;
import org.vae4j.data.Dataset;
import org.vae4j.latent.Embedding;
import org.vae4j.plot.LatentScatter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vae4j embed}: encodes images to their posteriors and writes the CSV of {@link Embedding#writeCsv}
 * ({@code index,label,z_1..z_d,log_var_1..log_var_d}, one row per image) and a scatter plot of the posterior means
 * coloured by label (the two dimensions with the largest KL, or the first two principal components).
 */
@Command(name = "embed", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Encodes images to their posterior means and log-variances: a CSV (one row per image) and"
                + " a scatter plot.", "CSV columns: index,label,z_1..z_d,log_var_1..log_var_d."},
        footer = {"", "Example:", "  vae4j embed --model runs/mnist/model.vae -o runs/mnist/test-embedding.csv"})
public final class EmbedCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(EmbedCommand.class);

    @Mixin
    ModelOptions model;

    @Mixin
    ModelInputs inputs;

    @Option(names = "--view", defaultValue = "kl", paramLabel = "NAME",
            description = "Scatter plot axes: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ScatterView view;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "The CSV file (default: embedding.csv beside the model).")
    Path output;

    @Option(names = "--plot", paramLabel = "FILE",
            description = "The scatter plot PNG (default: beside the CSV, named like it, ending in png).")
    Path plot;

    @Override
    public Integer call() throws Exception {
        Vae vae = model.load();
        Dataset data = inputs.load(vae);
        Embedding embedding = Embedding.encode(vae, data);
        Path csv = model.output(output, "embedding.csv");
        OutputFiles.wrote(embedding.writeCsv(csv));
        log.info("KL per latent dimension (nats): {}", Evaluations.perDimension(embedding.klPerDimension()));

        if (embedding.latentSize() < 2) {
            log.info("No scatter plot: the latent space has 1 dimension");
            return 0;
        }
        Path png = plot != null ? plot.toAbsolutePath()
                : csv.resolveSibling(csv.getFileName().toString().replaceFirst("(\\.csv)?$", ".png"));
        LatentScatter.write(view.of(embedding), data.hasLabels() ? data.labels() : null, String.format(Locale.ROOT,
                "%,d %s in the latent space (latent size %d)", embedding.size(), inputs.unit() + "s",
                embedding.latentSize()), png);
        OutputFiles.wrote(png);
        return 0;
    }
}
