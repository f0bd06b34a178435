package org.vae4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.console.RunOptions;
import org.vae4j.data.ImageShape;
import org.vae4j.data.folder.ImageFolder;
import org.vae4j.data.folder.ImageFolderException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * A folder of images as input, as a picocli mixin: {@code --image-folder DIR} (one sub-folder per class,
 * {@code DIR/<class>/*.png|jpg|jpeg|gif|bmp}, labelled by the sorted folder names; {@link ImageFolder}), with
 * {@code --image-size HxW} and {@code --image-channels 1|3}. ({@code --channels} is already the conv
 * architecture's option of {@code train}.) {@code train} declares it in {@link TrainingData}, the model commands in
 * {@link InputData}.
 */
public final class ImageFolderOptions {
    private static final Logger log = LoggerFactory.getLogger(ImageFolderOptions.class);

    /** An image size, height x width in pixels. */
    record Size(int height, int width) {
    }

    /** Parses {@code HxW}, e.g. {@code 28x28}. */
    static final class SizeConverter implements ITypeConverter<Size> {
        private static final Pattern SIZE = Pattern.compile("([1-9][0-9]{0,4})[xX]([1-9][0-9]{0,4})");

        @Override
        public Size convert(String value) {
            Matcher m = SIZE.matcher(value.trim());
            if (!m.matches()) {
                throw new TypeConversionException("'" + value + "' is not a size HxW in pixels, e.g. 28x28");
            }
            return new Size(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
    }

    @Option(names = "--image-folder", paramLabel = "DIR", description = "Folder of images instead of MNIST: one"
            + " sub-folder per class (DIR/<class>/*.png|jpg|jpeg|gif|bmp), labelled by the sorted folder names.")
    Path folder;

    @Option(names = "--image-size", paramLabel = "HxW", converter = SizeConverter.class,
            description = "--image-folder: resize every image to H x W pixels (default for train: no resize, all"
                    + " images the same size; for the other commands: the model's input size).")
    Size size;

    @Option(names = "--image-channels", paramLabel = "C", description = "--image-folder: 1 (grayscale) or 3 (RGB)"
            + " (default for train: 3; for the other commands: the model's).")
    Integer channels;

    /** @return whether {@code --image-folder} was given */
    boolean given() {
        return folder != null;
    }

    /**
     * Reads {@code --image-folder}.
     *
     * @param model the shape to read the images in when {@code --image-size} / {@code --image-channels} are not
     *     given (a model's input shape), or null: then 3 channels and the images' own size
     * @return the images, labels and class names
     * @throws IllegalArgumentException naming the option if {@code --image-size} or {@code --image-channels} is
     *     given without {@code --image-folder}, or the channels are not 1 or 3
     * @throws OptionFileException naming the option and the file or folder if a folder cannot be read
     *     ({@link ImageFolderException})
     * @throws IOException if a folder cannot be listed
     */
    ImageFolder read(ImageShape model) throws IOException {
        if (folder == null) {
            throw new IllegalArgumentException("--image-size and --image-channels go with --image-folder");
        }
        if (channels != null && channels != 1 && channels != 3) {
            throw new IllegalArgumentException("--image-channels must be 1 (grayscale) or 3 (RGB), got " + channels);
        }
        ImageFolder.Options options = new ImageFolder.Options(channels != null ? channels
                : model != null ? model.channels() : 3, 0, 0);
        if (size != null) {
            options = options.resize(size.height(), size.width());
        } else if (model != null) {
            options = options.resize(model.height(), model.width());
        }
        ImageFolder images = read("--image-folder", folder, options);
        log.info("{}: {} images of {} in {} classes {}", folder, images.dataset().size(), images.dataset().shape(),
                images.classNames().size(), images.classNames());
        return images;
    }

    /**
     * Reads the training folder and, if given, the test folder, each image of the test folder resized to the
     * training images' shape; then cuts them to {@code --train-size} / {@code --test-size}.
     *
     * @param testFolder the folder of test images scored after every epoch, or null
     * @param options the shared options (sizes)
     * @return the images; the test set is null without a test folder
     * @throws IllegalArgumentException if the test folder's classes differ from the training folder's
     * @throws OptionFileException naming the option and the file or folder if a folder cannot be read
     * @throws IOException if a folder cannot be listed
     */
    RunOptions.Data readTraining(Path testFolder, RunOptions options) throws IOException {
        ImageFolder train = read(null);
        ImageFolder test = null;
        if (testFolder != null) {
            ImageShape shape = train.dataset().shape();
            test = read("--test-image-folder", testFolder, ImageFolder.Options.of(shape));
            if (!test.classNames().equals(train.classNames())) {
                throw new IllegalArgumentException("--test-image-folder " + testFolder + " has the classes "
                        + test.classNames() + " but --image-folder " + folder + " has " + train.classNames()
                        + "; the labels are the positions of the sorted folder names, so both need the same");
            }
        }
        return options.cut(train.dataset(), test == null ? null : test.dataset(),
                folder + (testFolder != null ? " and " + testFolder : ""));
    }

    /** {@link ImageFolder#read}, its errors as an {@link OptionFileException} naming the option and the file. */
    private static ImageFolder read(String option, Path root, ImageFolder.Options options) throws IOException {
        try {
            return ImageFolder.read(root, options);
        } catch (ImageFolderException e) {
            throw OptionFileException.naming(option, e.file(), e);
        }
    }

    /** @throws IllegalArgumentException if {@code --image-size} or {@code --image-channels} came without a folder */
    void checkUnused() {
        if (folder == null && (size != null || channels != null)) {
            throw new IllegalArgumentException("--image-size and --image-channels go with --image-folder");
        }
    }
}
