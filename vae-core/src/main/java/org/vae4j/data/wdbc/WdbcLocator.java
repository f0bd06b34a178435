package org.vae4j.data.wdbc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.data.DatasetUnavailableException;
import org.vae4j.data.download.Attempts;
import org.vae4j.data.download.ChecksumMismatchException;
import org.vae4j.data.download.DebianPackages;
import org.vae4j.data.download.MirrorDownloader;
import org.vae4j.data.download.PackageFallback;
import org.vae4j.data.download.VerifiedCache;

/**
 * An immutable, customisable WDBC lookup (see the {@link Wdbc} class comment for the order). Each method that
 * configures returns a modified copy: point at another cache folder, disable downloads ({@code mirrors(List.of())})
 * or the Debian package ({@link #withoutApt()}), or, in tests, supply system properties and environment without
 * changing the JVM's. Create one with {@link Wdbc#locator()}.
 */
public final class WdbcLocator {
    private static final Logger LOG = LoggerFactory.getLogger(WdbcLocator.class);
    /** The source files, in the order they are preferred. */
    private static final List<String> SOURCES = List.of(Wdbc.UCI_FILE, Wdbc.SKLEARN_FILE);

    private Path directory;
    private Function<String, String> properties = System::getProperty;
    private Function<String, String> environment = System::getenv;
    private Path cacheDirectory;
    private List<URI> mirrors = Wdbc.DEFAULT_MIRRORS;
    private boolean aptEnabled = true;
    private Path aptExecutable;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(60);
    private Duration aptTimeout = Duration.ofMinutes(5);
    private Map<String, String> expectedSha256 = Wdbc.SHA256;

    WdbcLocator() {
    }

    private WdbcLocator copy() {
        WdbcLocator c = new WdbcLocator();
        c.directory = directory;
        c.properties = properties;
        c.environment = environment;
        c.cacheDirectory = cacheDirectory;
        c.mirrors = mirrors;
        c.aptEnabled = aptEnabled;
        c.aptExecutable = aptExecutable;
        c.connectTimeout = connectTimeout;
        c.requestTimeout = requestTimeout;
        c.aptTimeout = aptTimeout;
        c.expectedSha256 = expectedSha256;
        return c;
    }

    /**
     * Names the folder that must hold {@value Wdbc#UCI_FILE} or {@value Wdbc#SKLEARN_FILE} (overrides the system
     * property and environment variable); nothing is downloaded then.
     *
     * @param dirOrNull the folder, or null to fall back to property, environment, cache and download
     * @return a modified copy
     */
    public WdbcLocator directory(Path dirOrNull) {
        WdbcLocator c = copy();
        c.directory = dirOrNull;
        return c;
    }

    /**
     * Replaces the source of system properties ({@value Wdbc#DIR_PROPERTY}, {@value Wdbc#APT_PROPERTY} and
     * {@code user.home} are read).
     *
     * @param lookup returns a property's value or null, e.g. {@code Map.of(...)::get}
     * @return a modified copy
     * @throws NullPointerException if {@code lookup} is null
     */
    public WdbcLocator systemProperties(Function<String, String> lookup) {
        WdbcLocator c = copy();
        c.properties = Objects.requireNonNull(lookup, "lookup");
        return c;
    }

    /**
     * Replaces the source of environment variables ({@value Wdbc#DIR_ENV}, {@value Wdbc#APT_ENV} and {@code PATH}
     * are read).
     *
     * @param lookup returns a variable's value or null
     * @return a modified copy
     * @throws NullPointerException if {@code lookup} is null
     */
    public WdbcLocator environment(Function<String, String> lookup) {
        WdbcLocator c = copy();
        c.environment = Objects.requireNonNull(lookup, "lookup");
        return c;
    }

    /**
     * Sets the cache folder (default {@code ${user.home}/.vae4j/data/wdbc}).
     *
     * @param dir the folder; created when files are obtained
     * @return a modified copy
     * @throws NullPointerException if {@code dir} is null
     */
    public WdbcLocator cacheDirectory(Path dir) {
        WdbcLocator c = copy();
        c.cacheDirectory = Objects.requireNonNull(dir, "dir");
        return c;
    }

    /**
     * Sets the download URLs, tried in order; each must end with {@value Wdbc#UCI_FILE} or
     * {@value Wdbc#SKLEARN_FILE} (optionally {@code .gz}), the file it serves.
     *
     * @param uris the URLs; an empty list disables downloads
     * @return a modified copy
     * @throws NullPointerException if {@code uris} or an element is null
     */
    public WdbcLocator mirrors(List<URI> uris) {
        WdbcLocator c = copy();
        c.mirrors = List.copyOf(uris);
        return c;
    }

    /**
     * Uses the given {@code apt-get} executable for the Debian package fallback instead of searching the
     * {@code PATH}; the system property and environment variable can still turn the fallback off.
     *
     * @param executable the program to run as {@code executable download python3-sklearn}
     * @return a modified copy
     * @throws NullPointerException if {@code executable} is null
     */
    public WdbcLocator aptExecutable(Path executable) {
        WdbcLocator c = copy();
        c.aptEnabled = true;
        c.aptExecutable = Objects.requireNonNull(executable, "executable");
        return c;
    }

    /**
     * Disables the Debian package fallback.
     *
     * @return a modified copy
     */
    public WdbcLocator withoutApt() {
        WdbcLocator c = copy();
        c.aptEnabled = false;
        c.aptExecutable = null;
        return c;
    }

    /**
     * Sets the HTTP connect timeout (default 10 s) and how long to wait for a response once connected (60 s).
     *
     * @param connect a positive duration
     * @param request a positive duration
     * @return a modified copy
     * @throws IllegalArgumentException if a duration is null, zero or negative
     */
    public WdbcLocator timeouts(Duration connect, Duration request) {
        WdbcLocator c = copy();
        c.connectTimeout = requirePositive(connect, "connect");
        c.requestTimeout = requirePositive(request, "request");
        return c;
    }

    /** For tests: replaces the expected SHA-256 per file name. */
    WdbcLocator expectedSha256(Map<String, String> expected) {
        WdbcLocator c = copy();
        c.expectedSha256 = Map.copyOf(expected);
        return c;
    }

    /**
     * The cache folder this locator uses.
     *
     * @return the configured folder, or {@code ${user.home}/.vae4j/data/wdbc}
     * @throws IllegalStateException if no folder was configured and {@code user.home} is not set
     */
    public Path cacheDirectory() {
        return cacheDirectory != null ? cacheDirectory : cacheDirectoryFor(properties.apply("user.home"));
    }

    /**
     * Finds or obtains the cleaned CSV (see the {@link Wdbc} class comment).
     *
     * @return {@value Wdbc#CSV_FILE} in the cache folder: {@link Wdbc#HEADER}, then 569 rows
     * @throws DatasetUnavailableException if a named folder lacks the source files, or no source answers (the
     *                                     message lists what was tried and how to provide the file; failures are
     *                                     attached as suppressed exceptions)
     * @throws ChecksumMismatchException   if a file in a named folder does not have its known SHA-256
     * @throws WdbcFormatException         if a verified source file cannot be converted (a defect)
     * @throws IOException                 if the cache folder cannot be created or written
     */
    public Path csv() throws IOException {
        Path cacheDir = cacheDirectory();
        VerifiedCache cache = VerifiedCache.open(cacheDir, expectedSha256);
        Attempts attempts = new Attempts();
        try {
            Path named = namedDirectory();
            Path namedSource = named == null ? null : fromNamed(named);
            Set<String> missing = cache.verify(named == null ? List.of(Wdbc.CSV_FILE, Wdbc.UCI_FILE,
                    Wdbc.SKLEARN_FILE) : List.of(Wdbc.CSV_FILE), attempts);
            if (!missing.contains(Wdbc.CSV_FILE)) {
                return VerifiedCache.resolve(cacheDir, Wdbc.CSV_FILE);
            }
            cache.prepareForWrites();
            Path source = named != null ? namedSource : source(cacheDir, missing);
            if (source == null) {
                source = download(cache, attempts);
            }
            if (source == null) {
                throw unavailable(cacheDir, attempts);
            }
            byte[] clean = WdbcCsv.clean(source, source.getFileName().toString().replaceFirst("\\.gz$", ""));
            try (InputStream in = new ByteArrayInputStream(clean)) {
                return cache.store(Wdbc.CSV_FILE, "converted from " + source, in);
            }
        } finally {
            cache.saveStamps();
        }
    }

    static Path cacheDirectoryFor(String userHome) {
        if (userHome == null || userHome.isBlank()) {
            throw new IllegalStateException("system property user.home is not set; cannot place the WDBC cache");
        }
        return Path.of(userHome, ".vae4j", "data", "wdbc");
    }

    /** The folder named by argument, property or environment variable, with where the name came from; or null. */
    private Path namedDirectory() throws DatasetUnavailableException {
        String property = properties.apply(Wdbc.DIR_PROPERTY);
        String variable = environment.apply(Wdbc.DIR_ENV);
        String origin;
        Path dir;
        if (directory != null) {
            dir = directory;
            origin = "method argument";
        } else if (property != null && !property.isBlank()) {
            dir = Path.of(property.strip());
            origin = "system property " + Wdbc.DIR_PROPERTY;
        } else if (variable != null && !variable.isBlank()) {
            dir = Path.of(variable.strip());
            origin = "environment variable " + Wdbc.DIR_ENV;
        } else {
            return null;
        }
        if (!Files.isDirectory(dir) || SOURCES.stream().allMatch(n -> VerifiedCache.resolve(dir, n) == null)) {
            throw new DatasetUnavailableException("WDBC folder " + dir + " (named by " + origin + ") "
                    + (Files.isDirectory(dir) ? "holds neither " + String.join(" nor ", SOURCES)
                    + " (each may be NAME or NAME.gz)" : "does not exist or is not a folder")
                    + ". Nothing is downloaded when a folder is named: fix the folder, or "
                    + (directory != null ? "pass null" : "unset the " + origin) + " to use the cache and download.");
        }
        LOG.debug("Using the WDBC source in {} (named by {})", dir, origin);
        return dir;
    }

    /** The first source file in a named folder, checked against its SHA-256. */
    private Path fromNamed(Path dir) throws IOException {
        for (String name : SOURCES) {
            Path file = VerifiedCache.resolve(dir, name);
            if (file != null) {
                String actual = VerifiedCache.sha256(file);
                if (!actual.equals(expectedSha256.get(name))) {
                    throw new ChecksumMismatchException(file, "named folder", expectedSha256.get(name), actual);
                }
                return file;
            }
        }
        throw new IllegalStateException("checked by namedDirectory");
    }

    /** A verified source file already in the cache, or null. */
    private static Path source(Path cacheDir, Set<String> missing) {
        return SOURCES.stream().filter(n -> !missing.contains(n)).map(n -> VerifiedCache.resolve(cacheDir, n))
                .findFirst().orElse(null);
    }

    /** Mirrors, one source file after the other, then the Debian package; the file obtained, or null. */
    private Path download(VerifiedCache cache, Attempts attempts) throws IOException {
        MirrorDownloader mirror = new MirrorDownloader("WDBC", mirrors, MirrorDownloader.byFileName(),
                connectTimeout, requestTimeout);
        if (mirrors.isEmpty()) {
            attempts.tried("no download mirrors configured");
        }
        for (String name : SOURCES) {
            Set<String> wanted = new LinkedHashSet<>(List.of(name));
            if (!mirrors.isEmpty()) {
                mirror.fetch(cache, wanted, attempts);
            }
            if (wanted.isEmpty()) {
                return VerifiedCache.resolve(cache.dir(), name);
            }
        }
        Set<String> wanted = new LinkedHashSet<>(List.of(Wdbc.SKLEARN_FILE));
        fromApt(cache, wanted, attempts);
        return wanted.isEmpty() ? VerifiedCache.resolve(cache.dir(), Wdbc.SKLEARN_FILE) : null;
    }

    private void fromApt(VerifiedCache cache, Set<String> wanted, Attempts attempts) throws IOException {
        if (!aptEnabled) {
            attempts.tried("Debian package fallback disabled");
            return;
        }
        String off = PackageFallback.switchedOffBy(properties, environment, Wdbc.APT_PROPERTY, Wdbc.APT_ENV);
        if (off != null) {
            attempts.tried("Debian package fallback disabled by " + off);
            return;
        }
        Path apt = aptExecutable != null ? aptExecutable
                : PackageFallback.findOnPath(environment.apply("PATH"), "apt-get");
        if (apt == null) {
            attempts.tried("Debian package: no apt-get on the PATH");
            return;
        }
        String source = "Debian package " + Wdbc.APT_PACKAGE;
        new PackageFallback("WDBC", "apt-get", List.of(apt.toString(), "download", Wdbc.APT_PACKAGE), "*.deb",
                "-D" + Wdbc.APT_PROPERTY + "=false or " + Wdbc.APT_ENV + "=0 turns this off", aptTimeout)
                .fetch(cache, wanted, attempts, (deb, work) -> {
                    try (InputStream tar = DebianPackages.openDataTar(deb, work, aptTimeout)) {
                        PackageFallback.extractTar(tar, source, cache, wanted, attempts,
                                entry -> entry.endsWith("/" + Wdbc.APT_ENTRY)
                                        || entry.endsWith("/" + Wdbc.APT_ENTRY + ".gz") ? Wdbc.SKLEARN_FILE : null);
                    }
                });
    }

    private static DatasetUnavailableException unavailable(Path cache, Attempts attempts) {
        String msg = "WDBC is not available: no source file in the cache folder " + cache + ". Tried: "
                + String.join("; ", attempts.tried()) + ". To fix this, get " + Wdbc.UCI_FILE + " (from "
                + Wdbc.DEFAULT_MIRRORS.get(0) + ") or scikit-learn's " + Wdbc.SKLEARN_FILE + " and either name its"
                + " folder with -D" + Wdbc.DIR_PROPERTY + "=DIR or the environment variable " + Wdbc.DIR_ENV
                + "=DIR, or put it into " + cache + ".";
        DatasetUnavailableException e = new DatasetUnavailableException(msg);
        attempts.failures().forEach(e::addSuppressed);
        return e;
    }

    private static Duration requirePositive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " timeout must be a positive duration, but was " + d);
        }
        return d;
    }
}
