package org.vae4j.latent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Thrown when a file is not an embedding CSV as {@link Embedding#writeCsv} writes it. The message names the file and,
 * where there is one, the line.
 */
public class EmbeddingFormatException extends IOException {
    private final transient Path file;
    /** The 1-based line of the problem, or 0 if it concerns the whole file. */
    private final long line;

    /**
     * @param file the file being read
     * @param line the 1-based line of the problem, or 0 if it concerns the whole file
     * @param detail what is wrong
     */
    public EmbeddingFormatException(Path file, long line, String detail) {
        super(Objects.requireNonNull(file, "file") + (line > 0 ? " line " + line : "") + ": " + detail);
        this.file = file;
        this.line = line;
    }

    /** @return the file being read */
    public Path file() {
        return file;
    }

    /** @return the 1-based line of the problem, or 0 if it concerns the whole file */
    public long line() {
        return line;
    }
}
