package org.vae4j.data.download;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.data.DatasetUnavailableException;

/**
 * What the immutable dataset locators share: the settings and their fluent setters (each returns a modified copy of
 * the subclass {@code L}), the named folder (method argument, else system property, else environment variable, else
 * none: use the cache), the cache folder under {@code ${user.home}/.vae4j/data}, and the on/off switch and executable
 * of the package fallback. Subclasses say which files a named folder must hold and how the cache is filled
 * (mirrors, then the package fallback).
 *
 * @param <L> the concrete locator, returned by the fluent setters
 */
public abstract class DatasetLocator<L extends DatasetLocator<L>> implements Cloneable {
    private static final Logger LOG = LoggerFactory.getLogger(DatasetLocator.class);
    private static final String BY_METHOD = "method argument";

    /**
     * The names a locator reads and prints.
     *
     * @param dataset          the dataset's name in messages, such as {@code "MNIST"}
     * @param dirProperty      the system property naming the folder
     * @param dirEnv           the environment variable naming the folder
     * @param cacheName        the cache folder's name under {@code ${user.home}/.vae4j/data}
     * @param fallback         the package fallback's name in messages, such as {@code "npm fallback"}
     * @param fallbackProperty the system property that turns the fallback off
     * @param fallbackEnv      the environment variable that turns the fallback off
     * @param program          the fallback's program, searched on the {@code PATH}
     * @param noProgram        what is recorded when the program is not on the {@code PATH}
     */
    protected record Names(String dataset, String dirProperty, String dirEnv, String cacheName, String fallback,
                           String fallbackProperty, String fallbackEnv, String program, String noProgram) {
        /** @throws NullPointerException if a name is null */
        public Names {
            for (String n : List.of(dataset, dirProperty, dirEnv, cacheName, fallback, fallbackProperty, fallbackEnv,
                    program, noProgram)) {
                Objects.requireNonNull(n);
            }
        }
    }

    private final Names names;
    private Path directory;
    private String directoryOrigin = BY_METHOD;
    private Function<String, String> properties = System::getProperty;
    private Function<String, String> environment = System::getenv;
    private Path cacheDirectory;
    private List<URI> mirrors;
    private boolean fallbackEnabled = true;
    private Path fallbackExecutable;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(60);
    private Duration fallbackTimeout = Duration.ofMinutes(5);
    private Map<String, String> expectedSha256;

    /**
     * @param names          the names read and printed
     * @param mirrors        the default download mirrors
     * @param expectedSha256 the SHA-256 of each file, by file name
     */
    protected DatasetLocator(Names names, List<URI> mirrors, Map<String, String> expectedSha256) {
        this.names = Objects.requireNonNull(names, "names");
        this.mirrors = List.copyOf(mirrors);
        this.expectedSha256 = Map.copyOf(expectedSha256);
    }

    /** A copy with {@code change} applied (the fields are immutable values, so a shallow copy is a full one). */
    @SuppressWarnings("unchecked")
    private L with(Consumer<DatasetLocator<L>> change) {
        try {
            DatasetLocator<L> c = (DatasetLocator<L>) super.clone();
            change.accept(c);
            return (L) c;
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Names the folder that must hold the files (overrides the system property and environment variable); nothing
     * is downloaded then.
     *
     * @param dirOrNull the folder, or null to fall back to property, environment, cache and download
     * @return a modified copy
     */
    public L directory(Path dirOrNull) {
        return directory(dirOrNull, BY_METHOD);
    }

    /**
     * Names the folder that must hold the files, and where its name came from, for messages: a command line passes
     * its flag (e.g. {@code "--mnist-dir"}), so that an error says "MNIST folder /x (named by --mnist-dir) lacks ...".
     *
     * @param dirOrNull the folder, or null to fall back to property, environment, cache and download
     * @param origin    where the name came from, such as {@code "--mnist-dir"}
     * @return a modified copy
     * @throws NullPointerException if {@code origin} is null
     */
    public L directory(Path dirOrNull, String origin) {
        Objects.requireNonNull(origin, "origin");
        return with(c -> {
            c.directory = dirOrNull;
            c.directoryOrigin = origin;
        });
    }

    /**
     * Replaces the source of system properties (the folder property, the fallback switch and {@code user.home} are
     * read; see the dataset's class comment).
     *
     * @param lookup returns a property's value or null, e.g. {@code Map.of(...)::get}
     * @return a modified copy
     * @throws NullPointerException if {@code lookup} is null
     */
    public L systemProperties(Function<String, String> lookup) {
        Objects.requireNonNull(lookup, "lookup");
        return with(c -> c.properties = lookup);
    }

    /**
     * Replaces the source of environment variables (the folder variable, the fallback switch and {@code PATH} are
     * read).
     *
     * @param lookup returns a variable's value or null
     * @return a modified copy
     * @throws NullPointerException if {@code lookup} is null
     */
    public L environment(Function<String, String> lookup) {
        Objects.requireNonNull(lookup, "lookup");
        return with(c -> c.environment = lookup);
    }

    /**
     * Sets the cache folder (default {@code ${user.home}/.vae4j/data/NAME}, with {@code user.home} from
     * {@link #systemProperties(Function)}).
     *
     * @param dir the folder; created when files are obtained
     * @return a modified copy
     * @throws NullPointerException if {@code dir} is null
     */
    public L cacheDirectory(Path dir) {
        Objects.requireNonNull(dir, "dir");
        return with(c -> c.cacheDirectory = dir);
    }

    /**
     * Sets the download mirrors, tried in order (what each must serve: see the dataset's class comment).
     *
     * @param uris the URIs; an empty list disables downloads
     * @return a modified copy
     * @throws NullPointerException if {@code uris} or an element is null
     */
    public L mirrors(List<URI> uris) {
        List<URI> copy = List.copyOf(uris);
        return with(c -> c.mirrors = copy);
    }

    /**
     * The cache folder this locator uses.
     *
     * @return the configured folder, or {@code ${user.home}/.vae4j/data/NAME}
     * @throws IllegalStateException if no folder was configured and {@code user.home} is not set
     */
    public Path cacheDirectory() {
        return cacheDirectory != null ? cacheDirectory
                : cacheDirectoryFor(properties.apply("user.home"), names.dataset(), names.cacheName());
    }

    /** Turns the package fallback on with the given executable instead of the one on the {@code PATH}. */
    protected final L fallbackExecutable(Path executable) {
        Objects.requireNonNull(executable, "executable");
        return with(c -> {
            c.fallbackEnabled = true;
            c.fallbackExecutable = executable;
        });
    }

    /** Turns the package fallback off. */
    protected final L withoutFallback() {
        return with(c -> {
            c.fallbackEnabled = false;
            c.fallbackExecutable = null;
        });
    }

    /** Sets the HTTP timeouts; each must already be checked with {@link #requirePositive}. */
    protected final L httpTimeouts(Duration connect, Duration request) {
        return with(c -> {
            c.connectTimeout = Objects.requireNonNull(connect, "connect");
            c.requestTimeout = Objects.requireNonNull(request, "request");
        });
    }

    /** Sets how long the fallback's program may run. */
    protected final L fallbackTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return with(c -> c.fallbackTimeout = timeout);
    }

    /** For tests: replaces the expected SHA-256 per file name. */
    protected final L withExpectedSha256(Map<String, String> expected) {
        Map<String, String> copy = Map.copyOf(expected);
        return with(c -> c.expectedSha256 = copy);
    }

    /** @return the connect timeout */
    protected final Duration connectTimeout() {
        return connectTimeout;
    }

    /** @return the timeout for a mirror's response headers */
    protected final Duration requestTimeout() {
        return requestTimeout;
    }

    /** @return how long the fallback's program may run */
    protected final Duration fallbackTimeout() {
        return fallbackTimeout;
    }

    /** @return the expected SHA-256 per file name */
    protected final Map<String, String> expectedSha256() {
        return expectedSha256;
    }

    /** @return the download mirrors, possibly empty */
    protected final List<URI> mirrors() {
        return mirrors;
    }

    /**
     * Why a named, existing folder cannot serve, such as {@code "lacks a, b"}; null if it can.
     *
     * @param dir the named folder
     * @return the problem, or null
     */
    protected abstract String namedFolderProblem(Path dir);

    /** Whether the message for a named folder that does not exist says how to fall back to the cache. */
    protected boolean hintWhenNamedFolderAbsent() {
        return true;
    }

    /**
     * The folder named by method argument, system property or environment variable, in that order; null if none is.
     *
     * @return the named folder, checked with {@link #namedFolderProblem}, or null
     * @throws DatasetUnavailableException if the named folder does not exist or cannot serve (the message names the
     *                                     folder, where its name came from, and the problem)
     */
    protected final Path namedDirectory() throws DatasetUnavailableException {
        String property = properties.apply(names.dirProperty());
        String variable = environment.apply(names.dirEnv());
        if (directory != null) {
            return checkNamed(directory, directoryOrigin);
        } else if (!isBlank(property)) {
            return checkNamed(Path.of(property.strip()), "system property " + names.dirProperty());
        } else if (!isBlank(variable)) {
            return checkNamed(Path.of(variable.strip()), "environment variable " + names.dirEnv());
        }
        return null;
    }

    private Path checkNamed(Path dir, String origin) throws DatasetUnavailableException {
        boolean exists = Files.isDirectory(dir);
        String problem = exists ? namedFolderProblem(dir) : "does not exist or is not a folder";
        if (problem != null) {
            String what = names.dataset() + " folder " + dir + " (named by " + origin + ") " + problem;
            throw new DatasetUnavailableException(!exists && !hintWhenNamedFolderAbsent() ? what
                    : what + ". Nothing is downloaded when a folder is named: fix the folder, or "
                    + (origin.startsWith("method") ? "pass null" : origin.startsWith("-") ? "leave out " + origin
                    : "unset the " + origin) + " to use the cache and download.");
        }
        LOG.debug("Using the {} folder {} (named by {})", names.dataset(), dir, origin);
        return dir;
    }

    /**
     * The package fallback's program, or null (with the reason recorded) when the fallback is turned off by a
     * setter, the system property or the environment variable, or the program is not on the {@code PATH}.
     *
     * @param attempts where the reason is recorded
     * @return the program to run, or null
     */
    protected final Path fallbackProgram(Attempts attempts) {
        if (!fallbackEnabled) {
            attempts.tried(names.fallback() + " disabled");
            return null;
        }
        String off = PackageFallback.switchedOffBy(properties, environment, names.fallbackProperty(),
                names.fallbackEnv());
        if (off != null) {
            attempts.tried(names.fallback() + " disabled by " + off);
            return null;
        }
        Path program = fallbackExecutable != null ? fallbackExecutable
                : PackageFallback.findOnPath(environment.apply("PATH"), names.program());
        if (program == null) {
            attempts.tried(names.noProgram());
        }
        return program;
    }

    /**
     * The exception that ends a failed lookup, with each recorded failure attached as suppressed.
     *
     * @param message  the message
     * @param attempts what was tried
     * @return the exception to throw
     */
    protected static DatasetUnavailableException unavailable(String message, Attempts attempts) {
        DatasetUnavailableException e = new DatasetUnavailableException(message);
        attempts.failures().forEach(e::addSuppressed);
        return e;
    }

    /**
     * The default cache folder {@code ${user.home}/.vae4j/data/NAME}.
     *
     * @param userHome  the home folder
     * @param dataset   the dataset's name in the message
     * @param cacheName the folder's name
     * @return the folder
     * @throws IllegalStateException if {@code userHome} is null or blank
     */
    protected static Path cacheDirectoryFor(String userHome, String dataset, String cacheName) {
        if (isBlank(userHome)) {
            throw new IllegalStateException("system property user.home is not set; cannot place the " + dataset
                    + " cache");
        }
        return Path.of(userHome, ".vae4j", "data", cacheName);
    }

    /**
     * Checks a timeout.
     *
     * @param d    the timeout
     * @param what its name in the message
     * @return {@code d}
     * @throws IllegalArgumentException if {@code d} is null, zero or negative
     */
    protected static Duration requirePositive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be a positive duration, but was " + d);
        }
        return d;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
