package org.vae4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vae4j.Vae;
import org.vae4j.console.OutputFiles;
import org.vae4j.data.ImageShape;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vae4j sample}: images generated from the prior (z ~ p(z), decoded to the likelihood's mean), as a PNG grid. */
@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = "Generates images from the prior (z ~ p(z), decoded) and writes them as a PNG grid.",
        footer = {"", "Example:", "  vae4j sample --model runs/mnist/model.vae -n 100 --columns 10 --scale 2"})
public final class SampleCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = {"-n", "--count"}, defaultValue = "64", paramLabel = "N",
            description = "Images to generate (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--columns", defaultValue = "8", paramLabel = "N",
            description = "Images per row (default: ${DEFAULT-VALUE}).")
    int columns;

    @Option(names = "--scale", defaultValue = "1", paramLabel = "N",
            description = "Pixel magnification (default: ${DEFAULT-VALUE}).")
    int scale;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "SEED", description = "Seed of the prior draws (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--image-size", paramLabel = "HxW", converter = ModelOptions.ShapeConverter.class,
            description = "Image height x width (default: square, e.g. 28x28 for 784 inputs).")
    ImageShape imageSize;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "The PNG file (default: samples.png beside the model).")
    Path output;

    @Override
    public Integer call() throws Exception {
        if (count < 1 || columns < 1 || scale < 1) {
            throw new IllegalArgumentException("--count, --columns and --scale must be positive, got " + count + ", "
                    + columns + " and " + scale);
        }
        Vae vae = model.load();
        ImageShape shape = ModelOptions.shape(vae, imageSize);
        OutputFiles.writeGrid(vae.generate(count, seed), shape, columns, scale, model.output(output, "samples.png"));
        return 0;
    }
}
