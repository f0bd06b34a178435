package org.vae4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.vae4j.console.RunOptions;
import org.vae4j.data.ImageDataset;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The data {@code vae4j train} trains on, as a picocli mixin: MNIST ({@code --dataset mnist}, the default), a pair
 * of IDX files ({@code --images}, {@code --labels}), with an optional test pair ({@code --test-images},
 * {@code --test-labels}) scored after every epoch, or a folder of images ({@link ImageFolderOptions}, with an
 * optional {@code --test-image-folder}). Files may be gzip-compressed. Labels are optional for training;
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

    @Mixin
    ImageFolderOptions folder = new ImageFolderOptions();

    @Option(names = "--test-image-folder", paramLabel = "DIR", description = "Folder of images to score after every"
            + " epoch, with the classes of --image-folder (optional); resized to the training images' size.")
    Path testFolder;

    /** @return the file or folder trained on, or null for MNIST: names the run's default folder and report */
    public Path source() {
        return folder.given() ? folder.folder : images;
    }

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
        if (folder.given() || testFolder != null) {
            if (dataset != null || images != null || labels != null || testImages != null || testLabels != null
                    || !folder.given()) {
                throw new IllegalArgumentException("--image-folder (with --test-image-folder) goes without"
                        + " --dataset, --images, --labels, --test-images and --test-labels");
            }
            return folder.readTraining(testFolder, options);
        }
        folder.checkUnused();
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
