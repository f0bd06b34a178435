package org.vae4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.Vae;
import org.vae4j.console.ImagePair;
import org.vae4j.console.OutputFiles;
import org.vae4j.data.ImageDataset;
import org.vae4j.latent.ExamplePicker;
import org.vae4j.latent.Interpolation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vae4j interpolate}: encodes pairs of images and decodes codes along the linear and the spherical (slerp)
 * path between their posterior means ({@link Interpolation}); one row per pair and path in one PNG. With a
 * conditional model each image is encoded given its label, and the one-hot label moves linearly along the path.
 */
@Command(name = "interpolate", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Decodes the latent path between pairs of images: one row per pair and path (linear, slerp),"
                + " in one PNG.", "The pairs are picked by label (--pairs 1-7: a 1 and a 7, seeded) or by index"
                + " (--indices 0-1)."},
        footer = {"", "Example:", "  vae4j interpolate --model runs/mnist/model.vae --pairs 1-7,3-8 --steps 12"})
public final class InterpolateCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(InterpolateCommand.class);

    /** Which paths to decode. */
    public enum LatentPath {
        /** Straight lines. */
        linear,
        /** Great-circle arcs. */
        slerp,
        /** Both, linear first. */
        both
    }

    @Mixin
    ModelOptions model;

    @Mixin
    InputData input;

    @Option(names = "--pairs", split = ",", paramLabel = "A-B",
            description = "Label pairs, comma-separated: an image of label A and one of label B are picked (seeded)"
                    + " (default: 1-7,1-4 if the images have labels, else --indices 0-1).")
    List<String> pairs;

    @Option(names = "--indices", split = ",", paramLabel = "I-J",
            description = "Image index pairs, comma-separated, instead of --pairs.")
    List<String> indices;

    @Option(names = "--steps", defaultValue = "10", paramLabel = "N",
            description = "Images per row, ends included (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--path", defaultValue = "both", paramLabel = "NAME",
            description = "Path in latent space: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    LatentPath path;

    @Option(names = "--scale", defaultValue = "2", paramLabel = "N",
            description = "Pixel magnification (default: ${DEFAULT-VALUE}).")
    int scale;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "SEED",
            description = "Seed of the picks by label (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "The PNG file (default: interpolation.png beside the model).")
    Path output;

    @Override
    public Integer call() throws Exception {
        if (pairs != null && indices != null) {
            throw new IllegalArgumentException("give either --pairs or --indices, not both");
        }
        if (steps < 2 || scale < 1) {
            throw new IllegalArgumentException("--steps must be >= 2 and --scale positive, got " + steps + " and "
                    + scale);
        }
        Vae vae = model.load();
        ImageDataset data = input.load(vae);
        List<int[]> picked = pick(data);
        List<Interpolation> paths = path == LatentPath.both ? List.of(Interpolation.values())
                : List.of(path == LatentPath.linear ? Interpolation.LINEAR : Interpolation.SLERP);
        INDArray y = Conditions.of(vae, data, input.description()); // null unless the model is conditional
        List<INDArray> rows = new ArrayList<>();
        for (int[] p : picked) {
            INDArray from = data.subset(p[0], p[0] + 1).features();
            INDArray to = data.subset(p[1], p[1] + 1).features();
            for (Interpolation how : paths) {
                rows.add(how.decode(vae, from, y == null ? null : y.getRow(p[0], true), to,
                        y == null ? null : y.getRow(p[1], true), steps));
            }
        }
        OutputFiles.writeGrid(Nd4j.vstack(rows.toArray(INDArray[]::new)), data.shape(), steps, scale,
                model.output(output, "interpolation.png"));
        log.info("Rows: {}", String.join(", ", picked.stream().flatMap(p -> paths.stream().map(how ->
                String.format(Locale.ROOT, "#%d -> #%d %s", p[0], p[1], how.name().toLowerCase(Locale.ROOT))))
                .toList()));
        return 0;
    }

    /** The image indices of each pair. */
    private List<int[]> pick(ImageDataset data) {
        List<int[]> picked = new ArrayList<>();
        if (indices != null || pairs == null && !data.hasLabels()) {
            for (String text : indices != null ? indices : List.of("0-1")) {
                ImagePair p = ImagePair.parse("--indices", text);
                for (int i : new int[] {p.from(), p.to()}) {
                    if (i < 0 || i >= data.size()) {
                        throw new IllegalArgumentException("--indices " + text + ": index " + i + " is not among the "
                                + data.size() + " images");
                    }
                }
                picked.add(new int[] {p.from(), p.to()});
            }
            return picked;
        }
        if (!data.hasLabels()) {
            throw new IllegalArgumentException("--pairs picks images by label, but the images have no labels; give"
                    + " --labels or use --indices");
        }
        for (String text : pairs != null ? pairs : List.of("1-7", "1-4")) {
            ImagePair p = ImagePair.parse("--pairs", text);
            int[] ends = ExamplePicker.pick(data, seed, p.from(), p.to());
            log.info("{} -> {}: images #{} and #{}", p.from(), p.to(), ends[0], ends[1]);
            picked.add(ends);
        }
        return picked;
    }
}
