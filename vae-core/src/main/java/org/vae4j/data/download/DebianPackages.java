package org.vae4j.data.download;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Reads the file tree of a Debian package ({@code .deb}): an {@code ar} archive whose member {@code data.tar.*}
 * is a tar archive, compressed with xz (the usual case on Debian), gzip, bzip2, or not at all; these are read with
 * Commons Compress (xz through {@code org.tukaani:xz}). Other compressions (zstd, which Ubuntu uses) are read by
 * the system's {@code dpkg-deb --fsys-tarfile}, which is present wherever {@code apt-get} is.
 */
public final class DebianPackages {
    private DebianPackages() {
    }

    /**
     * Opens the package's file tree as an uncompressed tar stream.
     *
     * @param deb     the package file
     * @param work    a folder for a temporary file (used only for zstd)
     * @param timeout how long {@code dpkg-deb} may run (used only for zstd)
     * @return the tar stream; the caller must close it
     * @throws IOException if the file is not a Debian package, has no {@code data.tar} member, or cannot be read
     */
    public static InputStream openDataTar(Path deb, Path work, Duration timeout) throws IOException {
        InputStream file = new BufferedInputStream(Files.newInputStream(deb), 1 << 16);
        try {
            ArArchiveInputStream ar = new ArArchiveInputStream(file);
            ArArchiveEntry entry;
            while ((entry = ar.getNextEntry()) != null) {
                String name = entry.getName();
                if (!name.startsWith("data.tar")) {
                    continue;
                }
                InputStream member = new BufferedInputStream(ar, 1 << 16);
                switch (name) {
                    case "data.tar":
                        return member;
                    case "data.tar.xz":
                        return new XZCompressorInputStream(member);
                    case "data.tar.gz":
                        return new GzipCompressorInputStream(member);
                    case "data.tar.bz2":
                        return new BZip2CompressorInputStream(member);
                    default:
                        file.close();
                        return withDpkgDeb(deb, name, work, timeout);
                }
            }
            throw new IOException(deb + " is not a Debian package: it has no data.tar member");
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private static InputStream withDpkgDeb(Path deb, String member, Path work, Duration timeout) throws IOException {
        Path tar = work.resolve("data.tar");
        Path err = work.resolve("dpkg-deb.log");
        List<String> command = List.of("dpkg-deb", "--fsys-tarfile", deb.toString());
        int exit;
        try {
            exit = PackageFallback.run(command, work, tar, err, timeout);
        } catch (IOException e) {
            throw new IOException(deb + ": its " + member + " needs `" + String.join(" ", command)
                    + "`, which could not be run: " + e.getMessage(), e);
        }
        if (exit != 0) {
            throw new IOException(deb + ": `" + String.join(" ", command) + "` for its " + member + " failed"
                    + (exit == Integer.MIN_VALUE ? " (timeout " + timeout + ")" : " with exit code " + exit)
                    + ": " + Files.readString(err).strip());
        }
        return new BufferedInputStream(Files.newInputStream(tar), 1 << 16);
    }
}
