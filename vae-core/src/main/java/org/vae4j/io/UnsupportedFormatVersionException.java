package org.vae4j.io;

import java.nio.file.Path;

/**
 * Thrown when a model file was written in a format version this version of vae4j cannot read: a newer one (the file
 * comes from a later vae4j; upgrade to read it) or an unknown older one. The message names the file, both versions
 * and, when the file records it, the vae4j version that wrote it.
 */
public class UnsupportedFormatVersionException extends ModelFormatException {
    private static final long serialVersionUID = 1L;

    /** The format version the file declares. */
    private final int formatVersion;

    /**
     * @param file the model file
     * @param formatVersion the format version the file declares
     * @param writtenBy the vae4j version that wrote the file, or null if unknown
     */
    public UnsupportedFormatVersionException(Path file, int formatVersion, String writtenBy) {
        super(file, "model format version " + formatVersion
                + (writtenBy == null ? "" : " (written by vae4j " + writtenBy + ")")
                + " is not supported: this vae4j (" + ModelFile.LIBRARY_VERSION + ") reads format versions 1 to "
                + ModelFile.FORMAT_VERSION
                + (formatVersion > ModelFile.FORMAT_VERSION ? "; upgrade vae4j to read this file" : ""));
        this.formatVersion = formatVersion;
    }

    /** @return the format version the file declares */
    public int formatVersion() {
        return formatVersion;
    }
}
