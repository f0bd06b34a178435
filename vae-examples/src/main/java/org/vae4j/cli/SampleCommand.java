package org.vae4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.Vae;
import org.vae4j.console.OutputFiles;
import org.vae4j.data.ImageShape;
import org.vae4j.data.OneHot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vae4j sample}: images generated from the prior (z ~ p(z), decoded to the likelihood's mean), as a PNG grid
 * in the model's image shape. From a conditional model ({@code train --conditional}) one row per label given with
 * {@code --labels}: column j of every row is decoded from the same prior draw z_j, so a row shows one label and a
 * column one style.
 */
@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Generates images from the prior (z ~ p(z), decoded) and writes them as a PNG grid.",
                "A conditional model draws one row per label (--labels), each column from one prior draw."},
        footer = {"", "Examples:", "  vae4j sample --model runs/mnist/model.vae -n 100 --columns 10 --scale 2",
                "  vae4j sample --model runs/conditional/model.vae --labels 0-9 --columns 10"})
public final class SampleCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = {"-n", "--count"}, paramLabel = "N",
            description = "Images to generate (default: 64; a conditional model draws --columns per label).")
    Integer count;

    @Option(names = "--labels", split = ",", paramLabel = "LABELS",
            description = "Conditional model: the labels to draw, one row each, such as 0-9 or 1,7 (default: every"
                    + " label, if there are at most " + Conditions.MAX_DEFAULT_LABELS + ").")
    List<String> labels;

    @Option(names = "--columns", defaultValue = "8", paramLabel = "N",
            description = "Images per row (default: ${DEFAULT-VALUE}).")
    int columns;

    @Option(names = "--scale", defaultValue = "1", paramLabel = "N",
            description = "Pixel magnification (default: ${DEFAULT-VALUE}).")
    int scale;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "SEED", description = "Seed of the prior draws (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--image-size", paramLabel = "HxW", converter = ModelOptions.ShapeConverter.class,
            description = "Image height x width (default: the model's image shape, e.g. 28x28).")
    ImageShape imageSize;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "The PNG file (default: samples.png beside the model).")
    Path output;

    @Override
    public Integer call() throws Exception {
        if (count != null && count < 1 || columns < 1 || scale < 1) {
            throw new IllegalArgumentException("--count, --columns and --scale must be positive, got " + count + ", "
                    + columns + " and " + scale);
        }
        Vae vae = model.load();
        ImageShape shape = ModelOptions.shape(vae, imageSize);
        INDArray images;
        if (vae.config().conditional()) {
            if (count != null) {
                throw new IllegalArgumentException("--count: a conditional model draws one row of --columns images"
                        + " per label; choose the labels with --labels");
            }
            images = byLabel(vae, labels(vae.config().conditionSize()));
        } else {
            if (labels != null) {
                throw new IllegalArgumentException("--labels goes with a conditional model (vae4j train"
                        + " --conditional); " + model.model + " is not one");
            }
            images = vae.generate(count != null ? count : 64, seed);
        }
        OutputFiles.writeGrid(images, shape, columns, scale, model.output(output, "samples.png"));
        return 0;
    }

    private int[] labels(int classes) {
        if (labels != null) {
            return Conditions.parseLabels("--labels", labels, classes);
        }
        if (classes > Conditions.MAX_DEFAULT_LABELS) {
            throw new IllegalArgumentException("the model has " + classes + " labels; choose the ones to draw with"
                    + " --labels, e.g. --labels 0-9");
        }
        return IntStream.range(0, classes).toArray();
    }

    /** Row r holds label {@code rows[r]}; column j is decoded from the prior draw z_j in every row. */
    private INDArray byLabel(Vae vae, int[] rows) {
        INDArray styles = vae.samplePrior(columns, seed);
        int[] perImage = new int[rows.length * columns];
        for (int i = 0; i < perImage.length; i++) {
            perImage[i] = rows[i / columns];
        }
        return vae.decode(Nd4j.tile(styles, rows.length, 1),
                OneHot.encode(perImage, vae.config().conditionSize()).castTo(vae.config().dataType()));
    }
}
