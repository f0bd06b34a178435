package org.vae4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.Vae;
import org.vae4j.console.MnistDir;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.mnist.Mnist;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The images a model command works on, as a picocli mixin: MNIST's test set by default ({@code --split train} for
 * its training set), an IDX image file ({@code --images}) with optional labels ({@code --labels}), or a folder of
 * images ({@link ImageFolderOptions}, read in the model's input shape unless told otherwise); the first
 * {@code --limit} of them.
 */
public final class InputData {
    private static final Logger log = LoggerFactory.getLogger(InputData.class);

    /** Which MNIST split. */
    public enum Split {
        /** The 10,000 test images. */
        test,
        /** The 60,000 training images. */
        train
    }

    @Option(names = "--dataset", paramLabel = "NAME", description = "Built-in dataset: ${COMPLETION-CANDIDATES}"
            + " (the default unless --images is given).")
    TrainingData.Dataset dataset;

    @Option(names = "--split", defaultValue = "test", paramLabel = "SPLIT", description = "Split of the built-in dataset:"
            + " ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Split split;

    @Mixin
    MnistDir mnist = new MnistDir();

    @Option(names = "--images", paramLabel = "FILE", description = "IDX image file (plain or .gz) instead of MNIST.")
    Path images;

    @Option(names = "--labels", paramLabel = "FILE", description = "IDX label file for --images (optional).")
    Path labels;

    @Option(names = "--limit", paramLabel = "N", description = "Use only the first N images.")
    Integer limit;

    @Mixin
    ImageFolderOptions folder = new ImageFolderOptions();

    /** What {@link #load} read, for messages. */
    private String description = "no images";

    /**
     * Reads the images and checks that they fit the model.
     *
     * @param vae the model that will read them
     * @return the images
     * @throws IllegalArgumentException if the options contradict each other, or the images do not have the
     *     model's number of features (the message names both)
     * @throws IOException naming the option and the file if a file is missing or not a valid IDX file
     *     ({@link OptionFileException}), or MNIST cannot be found
     */
    public ImageDataset load(Vae vae) throws IOException {
        if (limit != null && limit < 1) {
            throw new IllegalArgumentException("--limit must be positive, got " + limit);
        }
        ImageDataset data;
        String source;
        if (folder.given()) {
            if (dataset != null || images != null || labels != null) {
                throw new IllegalArgumentException("give one of --dataset, --images and --image-folder");
            }
            data = folder.read(vae.config().inputShape()).dataset();
            source = folder.folder.toString();
            description = source;
        } else if (images != null) {
            folder.checkUnused();
            if (dataset != null) {
                throw new IllegalArgumentException("give either --dataset or --images, not both");
            }
            data = OptionFileException.readIdx("--images", images, "--labels", labels);
            source = images.toString();
            description = source;
        } else {
            folder.checkUnused();
            if (labels != null) {
                throw new IllegalArgumentException("--labels goes with --images");
            }
            Path dir = mnist.locate();
            data = split == Split.train ? Mnist.train(dir) : Mnist.test(dir);
            source = "MNIST " + split + " set from " + dir;
            description = "the MNIST " + split + " set";
        }
        if (limit != null) {
            data = data.first(limit);
        }
        int features = vae.config().inputSize();
        if (data.shape().size() != features) {
            throw new IllegalArgumentException("the model takes " + features + " features per image but " + source
                    + " holds " + data.shape() + " images (" + data.shape().size() + " features); give the kind of"
                    + " images it was trained on with --images");
        }
        log.info("{}: {} images", source, data.size());
        return data;
    }

    /** @return what the last {@link #load} read, e.g. "the MNIST test set" or the image file's path */
    public String description() {
        return description;
    }
}
