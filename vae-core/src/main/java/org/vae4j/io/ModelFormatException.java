package org.vae4j.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Thrown when a file cannot be read as a vae4j model: it is not a zip file, it is truncated, an entry fails its
 * CRC-32 or SHA-256 check (a corrupt or bit-flipped file), an entry is missing or unexpected, its configuration or
 * training history is not valid JSON for this version of vae4j (for example a user-defined encoder class that is
 * not on the class path), or its parameters do not fit the graph its configuration builds.
 *
 * <p>The message starts with the file's path; {@link #file()} returns it. A missing file is reported with
 * {@link java.nio.file.NoSuchFileException} instead, a file of a newer format with
 * {@link UnsupportedFormatVersionException}.
 */
public class ModelFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * @param file the offending file, not null
     * @param detail what is wrong, without the file name (it is prepended)
     * @param cause the underlying exception, may be null
     */
    public ModelFormatException(Path file, String detail, Throwable cause) {
        super(Objects.requireNonNull(file, "file") + ": " + detail, cause);
        this.file = file;
    }

    /**
     * @param file the offending file, not null
     * @param detail what is wrong, without the file name (it is prepended)
     */
    public ModelFormatException(Path file, String detail) {
        this(file, detail, null);
    }

    /** @return the file the problem was found in, as given to the reader */
    public Path file() {
        return file;
    }
}
