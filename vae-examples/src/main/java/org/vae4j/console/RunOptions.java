package org.vae4j.console;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.Backend;
import org.vae4j.VaeConfig;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.ImageShape;
import org.vae4j.data.mnist.Mnist;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of a training run that {@code vae4j train} and every MNIST example share, as a picocli mixin: how long
 * to train, the latent size, where MNIST is and how much of it to use, the seed, the native threads and the output
 * folder. A command declares it with its own default latent size, which {@code --help} shows:
 * <pre>{@code
 * @Mixin
 * RunOptions options = new RunOptions(20);
 * }</pre>
 */
public final class RunOptions {
    private static final Logger log = LoggerFactory.getLogger(RunOptions.class);

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs to train each model (default: ${DEFAULT-VALUE}).")
    int epochs = 10;

    @Option(names = "--latent-size", paramLabel = "N", description = "Latent dimensions (default: ${DEFAULT-VALUE}).")
    int latentSize;

    @Option(names = "--train-size", paramLabel = "N",
            description = "Use only the first N training images (default: all; MNIST has 60,000).")
    Integer trainSize;

    @Option(names = "--test-size", paramLabel = "N",
            description = "Use only the first N test images (default: all; MNIST has 10,000).")
    Integer testSize;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "SEED", description = "Seed of every random draw (default: ${DEFAULT-VALUE}).")
    long seed;

    /** The help of every {@code --threads} option of the command line and the examples. */
    public static final String THREADS_DESCRIPTION = "Threads, and so cores (default: vae4j's, 2 on a machine with 2"
            + " or more cores, logged): training splits each batch's rows among them, and the importance-sampled"
            + " log p(x) its examples, each thread running oneDNN's products on one core; also ND4J's own native"
            + " threads. Deterministic for a count; training rounds differently on another count.";

    @Option(names = "--threads", paramLabel = "N", description = THREADS_DESCRIPTION)
    Integer threads;

    @Mixin
    MnistDir mnist = new MnistDir();

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Output folder (default: runs/<example>-<date-time>).")
    Path output;

    /**
     * For picocli's help and reflection; commands use {@link #RunOptions(int)}.
     */
    public RunOptions() {
        this(20);
    }

    /**
     * @param defaultLatentSize the command's latent size when {@code --latent-size} is not given
     */
    public RunOptions(int defaultLatentSize) {
        this.latentSize = defaultLatentSize;
    }

    /**
     * @param defaultLatentSize the command's latent size when {@code --latent-size} is not given
     * @param defaultEpochs the command's epochs when {@code --epochs} is not given
     */
    public RunOptions(int defaultLatentSize, int defaultEpochs) {
        this.latentSize = defaultLatentSize;
        this.epochs = defaultEpochs;
    }

    /**
     * The training and test images, cut to the requested sizes.
     *
     * @param train the training images
     * @param test the test images, or null if there are none
     */
    public record Data(ImageDataset train, ImageDataset test) {
    }

    /** @return the seed of every random draw */
    public long seed() {
        return seed;
    }

    /** @return the number of epochs to train */
    public int epochs() {
        return epochs;
    }

    /** @return the latent size */
    public int latentSize() {
        return latentSize;
    }

    /**
     * @return the reference model's configuration for MNIST (1x28x28 images) with these options' latent size, epochs
     *     and seed, to adjust further
     */
    public VaeConfig.Builder config() {
        return config(Mnist.SHAPE);
    }

    /**
     * @param shape the shape of one example
     * @return the reference model's configuration for that input shape with these options' latent size, epochs
     *     and seed, to adjust further
     */
    public VaeConfig.Builder config(ImageShape shape) {
        return VaeConfig.builder(shape, latentSize).epochs(epochs).seed(seed);
    }

    /** @return true if the user named the output folder with {@code --output} */
    public boolean outputGiven() {
        return output != null;
    }

    /**
     * Sets the native threads and resolves the output folder (not created yet: the writers create it).
     *
     * @param name the run's short name, used in the default folder name ({@code runs/<name>-<date-time>})
     * @return the absolute output folder
     * @throws IllegalArgumentException if {@code --threads} is not positive
     */
    public Path start(String name) {
        if (threads != null && threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        Backend.chooseThreads(threads);
        Path out = output != null ? output : Path.of("runs", name + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        out = out.toAbsolutePath();
        log.info("Output folder: {}", out);
        return out;
    }

    /**
     * @return the folder holding the four MNIST files, found (or downloaded) as {@link #load} finds it
     * @throws IOException if MNIST cannot be found or downloaded
     */
    public Path mnistDir() throws IOException {
        return mnist.locate();
    }

    /**
     * Finds (or downloads) MNIST and takes the first {@code --train-size} / {@code --test-size} images.
     *
     * @return the images, labels included
     * @throws IOException if MNIST cannot be found, downloaded or read
     */
    public Data load() throws IOException {
        Path dir = mnist.locate();
        return cut(Mnist.train(dir), Mnist.test(dir), "MNIST from " + dir);
    }

    /**
     * Takes the first {@code --train-size} / {@code --test-size} images of a training and a test set, and logs
     * their sizes.
     *
     * @param train the training images
     * @param test the test images, or null
     * @param source where they come from, for the log line
     * @return the images
     * @throws IllegalArgumentException if {@code --train-size} or {@code --test-size} is negative
     */
    public Data cut(ImageDataset train, ImageDataset test, String source) {
        if (trainSize != null && trainSize < 1 || testSize != null && testSize < 1) {
            throw new IllegalArgumentException("--train-size and --test-size must be positive, got "
                    + (trainSize != null && trainSize < 1 ? trainSize : testSize));
        }
        if (trainSize != null) {
            train = train.first(trainSize);
        }
        if (test != null && testSize != null) {
            test = test.first(testSize);
        }
        log.info("{}: {} training and {} test images", source, train.size(), test == null ? "no" : test.size());
        return new Data(train, test);
    }
}
