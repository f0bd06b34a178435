package org.vae4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.vae4j.console.RunOptions;
import org.vae4j.data.ImageDataset;
import picocli.CommandLine.Option;

/**
 * The data {@code vae4j train} trains on, as a picocli mixin: MNIST ({@code --dataset mnist}, the default) or a pair
 * of IDX files ({@code --images}, {@code --labels}), with an optional test pair ({@code --test-images},
 * {@code --test-labels}) scored after every epoch. Files may be gzip-compressed. Labels are optional for training;
 * the latent-space commands use them.
 */
public final class TrainingData {
    /** The built-in datasets. */
    public enum Dataset {
        /** MNIST: 60,000 training and 10,000 test images of handwritten digits, 28x28 grey levels. */
        mnist
    }

    @Option(names = "--dataset", paramLabel = "NAME", description = "Built-in dataset: ${COMPLETION-CANDIDATES}"
            + " (the default unless --images is given).")
    Dataset dataset;

    @Option(names = "--images", paramLabel = "FILE",
            description = "IDX image file to train on (e.g. train-images-idx3-ubyte, plain or .gz), instead of MNIST.")
    Path images;

    @Option(names = "--labels", paramLabel = "FILE", description = "IDX label file for --images (optional).")
    Path labels;

    @Option(names = "--test-images", paramLabel = "FILE",
            description = "IDX image file to score after every epoch (optional with --images).")
    Path testImages;

    @Option(names = "--test-labels", paramLabel = "FILE", description = "IDX label file for --test-images.")
    Path testLabels;

    /**
     * Reads the training and test images and cuts them to {@code --train-size} / {@code --test-size}.
     *
     * @param options the shared options (MNIST folder, sizes)
     * @return the images; the test set is null if only {@code --images} was given
     * @throws IllegalArgumentException if the options contradict each other (the message names them)
     * @throws IOException naming the option and the file if a file is missing or not a valid IDX file
     *     ({@link OptionFileException}), or MNIST cannot be found
     */
    public RunOptions.Data load(RunOptions options) throws IOException {
        if (images == null) {
            if (labels != null || testImages != null || testLabels != null) {
                throw new IllegalArgumentException("--labels, --test-images and --test-labels go with --images");
            }
            return options.load();
        }
        if (dataset != null) {
            throw new IllegalArgumentException("give either --dataset or --images, not both");
        }
        if (testLabels != null && testImages == null) {
            throw new IllegalArgumentException("--test-labels goes with --test-images");
        }
        ImageDataset train = OptionFileException.readIdx("--images", images, "--labels", labels);
        ImageDataset test = testImages == null ? null
                : OptionFileException.readIdx("--test-images", testImages, "--test-labels", testLabels);
        if (test != null && !test.shape().equals(train.shape())) {
            throw new IllegalArgumentException("--test-images " + testImages + " holds " + test.shape()
                    + " images but --images " + images + " holds " + train.shape() + " images");
        }
        return options.cut(train, test, images + (testImages != null ? " and " + testImages : ""));
    }
}
