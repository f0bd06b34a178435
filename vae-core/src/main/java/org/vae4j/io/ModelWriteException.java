package org.vae4j.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Thrown when a model or checkpoint file cannot be written: its folder cannot be created or written (not a folder,
 * no permission, read-only file system), the disk is full, or the configuration cannot be written as JSON (for
 * example a user-defined encoder that is not a record or Jackson bean). Whatever the cause, a file that existed at
 * the target before the write is left unchanged, and no temporary file is left behind.
 *
 * <p>The message starts with the target file; {@link #file()} returns it.
 */
public class ModelWriteException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * @param file the file (or folder) that could not be written, not null
     * @param detail what went wrong, without the file name (it is prepended)
     * @param cause the underlying exception, may be null
     */
    public ModelWriteException(Path file, String detail, Throwable cause) {
        super("cannot write " + Objects.requireNonNull(file, "file") + ": " + detail, cause);
        this.file = file;
    }

    /** @return the file or folder that could not be written, as given */
    public Path file() {
        return file;
    }
}
