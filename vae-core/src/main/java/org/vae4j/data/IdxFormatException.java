package org.vae4j.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Thrown when a file is not a valid IDX file of the expected kind: wrong magic number, unsupported data type,
 * wrong number of dimensions, impossible dimensions, truncated or excess data, corrupt gzip compression, or an
 * image file and a label file that disagree on the number of items.
 *
 * <p>The message always starts with the offending file's path; {@link #file()} returns it.
 */
public class IdxFormatException extends IOException {

    private final transient Path file;

    /**
     * Creates an exception for a problem in {@code file}.
     *
     * @param file   the offending file, not null
     * @param detail what is wrong, without the file name (it is prepended)
     */
    public IdxFormatException(Path file, String detail) {
        this(file, detail, null);
    }

    /**
     * Creates an exception for a problem in {@code file} caused by {@code cause}.
     *
     * @param file   the offending file, not null
     * @param detail what is wrong, without the file name (it is prepended)
     * @param cause  the underlying exception, may be null
     */
    public IdxFormatException(Path file, String detail, Throwable cause) {
        super(Objects.requireNonNull(file, "file") + ": " + detail, cause);
        this.file = file;
    }

    /**
     * The file the problem was found in.
     *
     * @return the path as it was given to the reader
     */
    public Path file() {
        return file;
    }
}
