package org.vae4j.data.download;

import java.io.IOException;
import java.nio.file.Path;

/** Thrown when a file's content does not have the expected SHA-256 (computed over the uncompressed content). */
public final class ChecksumMismatchException extends IOException {
    private final transient Path file;
    /** The expected SHA-256, hex. */
    private final String expected;
    /** The computed SHA-256, hex. */
    private final String actual;

    /**
     * Creates the exception.
     *
     * @param file     the file that was checked (for a download: its final name in the cache)
     * @param source   where the content came from (a URL, "npm package ...", "cache"), for the message
     * @param expected the expected SHA-256, hex
     * @param actual   the computed SHA-256, hex
     */
    public ChecksumMismatchException(Path file, String source, String expected, String actual) {
        super(file + " (from " + source + "): SHA-256 of the uncompressed content is " + actual
                + " but expected " + expected);
        this.file = file;
        this.expected = expected;
        this.actual = actual;
    }

    /** @return the file that was checked */
    public Path file() {
        return file;
    }

    /** @return the expected SHA-256 (hex) */
    public String expected() {
        return expected;
    }

    /** @return the computed SHA-256 (hex) */
    public String actual() {
        return actual;
    }
}
