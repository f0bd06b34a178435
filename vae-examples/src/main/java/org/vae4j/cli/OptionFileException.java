package org.vae4j.cli;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import org.vae4j.data.IdxFormatException;
import org.vae4j.data.ImageDataset;

/**
 * A file named by a command-line option cannot be read: the message names the option and the file, then says what
 * is wrong, e.g. {@code --images /data/x: is a folder, not an IDX file}.
 */
public final class OptionFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String option;
    private final transient Path file;

    /**
     * @param option the option that named the file, e.g. {@code --images}
     * @param file the file
     * @param detail what is wrong, without the option and file (they are prepended)
     * @param cause the underlying exception, or null
     */
    public OptionFileException(String option, Path file, String detail, Throwable cause) {
        super(Objects.requireNonNull(option, "option") + " " + file + ": " + detail, cause);
        this.option = option;
        this.file = file;
    }

    /** @return the option that named the file */
    public String option() {
        return option;
    }

    /** @return the file */
    public Path file() {
        return file;
    }

    /**
     * Names the option in the error of a reader whose message starts with the file ({@code "<file>: detail"}).
     *
     * @param option the option that named the file
     * @param file the file at fault, as the reader's exception names it
     * @param cause the reader's exception
     * @return the exception, its message {@code "<option> <file>: detail"}
     */
    static OptionFileException naming(String option, Path file, Exception cause) {
        String message = cause.getMessage();
        String prefix = file + ": ";
        return new OptionFileException(option, file, message.startsWith(prefix) ? message.substring(prefix.length())
                : message, cause);
    }

    /**
     * Checks that the images a file gave are not none, so that an empty file is named by its option before anything
     * is written.
     *
     * @param images the images read, or null if the option was not given
     * @param option the option naming the file, e.g. {@code --images}
     * @param file the file, or null for a built-in dataset
     * @throws OptionFileException naming the option and the file if it holds no images
     */
    static void requireImages(ImageDataset images, String option, Path file) throws OptionFileException {
        if (images != null && images.size() == 0) {
            throw new OptionFileException(option, file, "holds no images", null);
        }
    }

    /**
     * Reads an IDX image file and its optional label file ({@link ImageDataset#fromIdx}), naming the option of the
     * file at fault in an error.
     *
     * @param imagesOption the option naming the image file, e.g. {@code --images}
     * @param images the image file
     * @param labelsOption the option naming the label file, e.g. {@code --labels}
     * @param labels the label file, or null
     * @return the images
     * @throws OptionFileException naming the option and the file if a file is missing, a folder or not a valid IDX
     *     file
     * @throws IOException if reading fails otherwise
     */
    static ImageDataset readIdx(String imagesOption, Path images, String labelsOption, Path labels)
            throws IOException {
        try {
            return ImageDataset.fromIdx(images, labels);
        } catch (IdxFormatException e) {
            boolean label = labels != null && e.file().equals(labels);
            throw naming(label ? labelsOption : imagesOption, e.file(), e);
        } catch (NoSuchFileException e) {
            boolean label = labels != null && labels.toString().equals(e.getFile());
            throw new OptionFileException(label ? labelsOption : imagesOption, label ? labels : images,
                    "no such file", e);
        }
    }
}
