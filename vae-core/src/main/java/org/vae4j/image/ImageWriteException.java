package org.vae4j.image;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Thrown when an image file cannot be written (folder not creatable, no permission, disk full, no PNG writer).
 * The message starts with the target file; {@link #file()} returns it.
 */
public class ImageWriteException extends IOException {

    private final transient Path file;

    /**
     * Creates the exception.
     *
     * @param file   the file that could not be written, not null
     * @param detail what went wrong (the file name is prepended)
     * @param cause  the underlying exception, may be null
     */
    public ImageWriteException(Path file, String detail, Throwable cause) {
        super("cannot write image " + Objects.requireNonNull(file, "file") + ": " + detail, cause);
        this.file = file;
    }

    /**
     * The file that could not be written.
     *
     * @return the target path as given
     */
    public Path file() {
        return file;
    }
}
