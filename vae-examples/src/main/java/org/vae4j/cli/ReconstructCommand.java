package org.vae4j.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.Vae;
import org.vae4j.console.OutputFiles;
import org.vae4j.data.ImageDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vae4j reconstruct}: images beside their reconstructions (the decoded posterior mean), as a PNG, and the
 * reconstruction error -log p(x | z = mean of q(z|x)) in nats per image.
 */
@Command(name = "reconstruct", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = "Writes images beside their reconstructions (decoded posterior means) as a PNG.",
        footer = {"", "Example:", "  vae4j reconstruct --model runs/mnist/model.vae -n 64 -o recon.png"})
public final class ReconstructCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ReconstructCommand.class);

    @Mixin
    ModelOptions model;

    @Mixin
    InputData input;

    @Option(names = {"-n", "--count"}, defaultValue = "32", paramLabel = "N",
            description = "Images to reconstruct, the first N (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--columns", defaultValue = "8", paramLabel = "N",
            description = "Pairs per row (default: ${DEFAULT-VALUE}).")
    int columns;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "The PNG file (default: reconstructions.png beside the model).")
    Path output;

    @Override
    public Integer call() throws Exception {
        if (count < 1 || columns < 1) {
            throw new IllegalArgumentException("--count and --columns must be positive, got " + count + " and "
                    + columns);
        }
        Vae vae = model.load();
        ImageDataset data = input.load(vae).first(count);
        INDArray x = data.features();
        INDArray y = Conditions.of(vae, data, input.description()); // null unless the model is conditional
        OutputFiles.writeComparison(x, vae.reconstruct(x, y), data.shape(), columns,
                model.output(output, "reconstructions.png"));
        log.info(String.format(Locale.ROOT, "Reconstruction error -log p(x|z = posterior mean): %.2f nats per image"
                + " (mean of %d)", -vae.reconstructionLogLikelihood(x, y).meanNumber().doubleValue(), data.size()));
        return 0;
    }
}
