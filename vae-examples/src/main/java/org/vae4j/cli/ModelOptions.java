package org.vae4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.Backend;
import org.vae4j.Vae;
import org.vae4j.console.RunOptions;
import org.vae4j.data.ImageShape;
import picocli.CommandLine.Option;

/**
 * What every command that uses a saved model shares, as a picocli mixin: the model file ({@code --model}, e.g. the
 * {@code model.vae} or a checkpoint that {@code vae4j train} wrote) and the native threads. Output files default to
 * the model's folder.
 */
public final class ModelOptions {
    private static final Logger log = LoggerFactory.getLogger(ModelOptions.class);

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "FILE",
            description = "The model file (model.vae, or a checkpoint, written by 'vae4j train').")
    Path model;

    @Option(names = "--threads", paramLabel = "N", description = RunOptions.THREADS_DESCRIPTION)
    Integer threads;

    /**
     * Sets the native threads and loads the model.
     *
     * @return the model
     * @throws IOException naming the file if it is missing, not a vae4j model, or corrupt
     */
    public Vae load() throws IOException {
        if (threads != null && threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        Backend.chooseThreads(threads);
        Vae vae = Vae.load(model);
        log.info("Model {}: latent size {}, {} inputs, {} epochs trained", model.toAbsolutePath(),
                vae.config().latentSize(), vae.config().inputSize(), vae.history().epochs().size());
        return vae;
    }

    /**
     * @param given the output file the user named, or null
     * @param defaultName the file name to use in the model's folder otherwise
     * @return the output file, absolute
     */
    public Path output(Path given, String defaultName) {
        Path out = given != null ? given : model.toAbsolutePath().resolveSibling(defaultName);
        return out.toAbsolutePath();
    }

    /**
     * The image shape of a model's inputs when no data tells it: {@code --image-size} if given, else the shape the
     * model was trained on ({@link org.vae4j.VaeConfig#inputShape()}, e.g. 1x28x28), else, for a model of flat
     * vectors (one pixel high), a square grayscale image if the input size is a square number (784: 28x28).
     *
     * @param vae the model
     * @param given the shape the user gave, or null
     * @return the shape
     * @throws IllegalArgumentException if the shape does not fit the model, or none was given, the model's is a flat
     *     vector and its size is not a square
     */
    public static ImageShape shape(Vae vae, ImageShape given) {
        int inputs = vae.config().inputSize();
        if (given != null) {
            if (given.size() != inputs) {
                throw new IllegalArgumentException("--image-size " + given + " has " + given.size()
                        + " pixels but the model takes " + inputs + " inputs");
            }
            return given;
        }
        ImageShape trained = vae.config().inputShape();
        if (trained.height() > 1 && trained.width() > 1) {
            return trained;
        }
        int side = (int) Math.round(Math.sqrt(inputs));
        if (side * side != inputs) {
            throw new IllegalArgumentException("the model takes " + inputs + " inputs, which is not a square image;"
                    + " give its size with --image-size HEIGHTxWIDTH");
        }
        return ImageShape.grayscale(side, side);
    }

    /** Parses {@code --image-size} values like {@code 28x28} (height x width, one channel). */
    static final class ShapeConverter implements picocli.CommandLine.ITypeConverter<ImageShape> {
        @Override
        public ImageShape convert(String value) {
            String[] parts = value.toLowerCase(java.util.Locale.ROOT).split("x");
            try {
                if (parts.length == 2) {
                    return ImageShape.grayscale(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
            throw new picocli.CommandLine.TypeConversionException("expected HEIGHTxWIDTH such as 28x28, got '"
                    + value + "'");
        }
    }
}
