package org.vae4j.examples.quickstart;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.Vae;
import org.vae4j.VaeTrainer;
import org.vae4j.console.CommandLines;
import org.vae4j.console.ImagePair;
import org.vae4j.console.OutputFiles;
import org.vae4j.console.RunOptions;
import org.vae4j.data.ImageDataset;
import org.vae4j.latent.ExamplePicker;
import org.vae4j.latent.Interpolation;
import org.vae4j.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Walks through the latent space from one digit to another: picks a test image of each digit of a pair (seeded),
 * encodes both to their posterior means and decodes the codes along the path between them, linearly and
 * spherically ({@link Interpolation#LINEAR}, {@link Interpolation#SLERP}). A VAE's decoder is trained on codes from
 * the whole neighbourhood of every posterior mean, so the images in between are plausible digits that morph from
 * one into the other rather than a cross-fade of the two.
 *
 * <p>Trains the reference VAE (as {@link TrainMnist} does) or, with {@code --model}, loads one that
 * {@link TrainMnist} wrote. Writes, for each pair a-b of {@code --pairs} (default 1-7 and 1-4),
 * {@code interpolation-a-b-linear.png} and {@code interpolation-a-b-slerp.png}: one strip of {@code --steps}
 * images from the reconstruction of a to that of b; and {@code endpoints.png}, the picked test images. When it trains,
 * its run report {@code report.html} shows the strips under "Interpolations".
 */
@Command(name = "interpolate-digits", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Decodes linear and spherical interpolations between test digits (1->7, 1->4 by default).")
public final class InterpolateDigits implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(InterpolateDigits.class);

    @Option(names = "--model", description = "Load this model (a model.vae written by train-mnist)"
            + " instead of training one.")
    Path model;

    @Option(names = "--pairs", split = ",", defaultValue = "1-7,1-4",
            description = "Digit pairs from-to, comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> pairs;

    @Option(names = "--steps", defaultValue = "10", description = "Images per strip, ends included (default: ${DEFAULT-VALUE}).")
    int steps;

    @Mixin
    RunOptions options = new RunOptions(20);

    @Override
    public Integer call() throws Exception {
        List<int[]> digitPairs = new ArrayList<>();
        for (String p : pairs) {
            digitPairs.add(parsePair(p));
        }
        Path out = options.start("interpolation");
        RunOptions.Data data = options.load();
        Vae vae;
        RunReport report = null;
        if (model != null) {
            vae = Vae.load(model);
            log.info("Loaded {}", model.toAbsolutePath());
        } else {
            report = OutputFiles.report(out, "Interpolating MNIST digits: " + out.getFileName(), data.test(),
                    options.seed(), 5);
            vae = new VaeTrainer(options.config().build()).withListeners(report).fit(data.train(), data.test())
                    .model();
        }

        ImageDataset test = data.test();
        List<INDArray> endpoints = new ArrayList<>();
        for (int[] pair : digitPairs) {
            int[] picked = ExamplePicker.pick(test, options.seed(), pair[0], pair[1]);
            log.info("{} -> {}: test images #{} and #{}", pair[0], pair[1], picked[0], picked[1]);
            INDArray from = test.subset(picked[0], picked[0] + 1).features();
            INDArray to = test.subset(picked[1], picked[1] + 1).features();
            endpoints.add(from);
            endpoints.add(to);
            for (Interpolation how : Interpolation.values()) {
                String name = String.format(Locale.ROOT, "interpolation-%d-%d-%s.png", pair[0], pair[1],
                        how.name().toLowerCase(Locale.ROOT));
                OutputFiles.writeGrid(how.decode(vae, from, to, steps), steps, 2, out.resolve(name));
                if (report != null) {
                    report.addFigure("Interpolations", String.format(Locale.ROOT, "%d to %d (test images #%d and"
                            + " #%d), %s: %s", pair[0], pair[1], picked[0], picked[1], how == Interpolation.SLERP
                            ? "spherical (slerp)" : "linear", name), out.resolve(name));
                }
            }
        }
        OutputFiles.writeGrid(org.nd4j.linalg.factory.Nd4j.vstack(endpoints.toArray(INDArray[]::new)), 2, 2,
                out.resolve("endpoints.png"));
        if (report != null) {
            log.info("Run report (with the interpolations): {}", report.file().toUri());
        }
        return 0;
    }

    /** "1-7" to {1, 7}. */
    static int[] parsePair(String text) {
        ImagePair pair = ImagePair.parse("--pairs", text);
        return new int[] {pair.from(), pair.to()};
    }

    /**
     * Runs the example.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        CommandLines.run(new InterpolateDigits(), args);
    }
}
