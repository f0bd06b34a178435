package org.vae4j.data.wdbc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.vae4j.data.DatasetUnavailableException;
import org.vae4j.data.download.Attempts;
import org.vae4j.data.download.ChecksumMismatchException;
import org.vae4j.data.download.DatasetLocator;
import org.vae4j.data.download.DebianPackages;
import org.vae4j.data.download.MirrorDownloader;
import org.vae4j.data.download.PackageFallback;
import org.vae4j.data.download.VerifiedCache;

/**
 * An immutable, customisable WDBC lookup (see the {@link Wdbc} class comment for the order). Each method that
 * configures returns a modified copy: point at another cache folder, disable downloads ({@code mirrors(List.of())})
 * or the Debian package ({@link #withoutApt()}), or, in tests, supply system properties and environment without
 * changing the JVM's. Create one with {@link Wdbc#locator()}. The properties read are {@value Wdbc#DIR_PROPERTY},
 * {@value Wdbc#APT_PROPERTY} and {@code user.home}; the environment variables {@value Wdbc#DIR_ENV},
 * {@value Wdbc#APT_ENV} and {@code PATH}; each mirror URL must end with {@value Wdbc#UCI_FILE} or
 * {@value Wdbc#SKLEARN_FILE} (optionally {@code .gz}), the file it serves.
 */
public final class WdbcLocator extends DatasetLocator<WdbcLocator> {
    private static final Names NAMES = new Names("WDBC", Wdbc.DIR_PROPERTY, Wdbc.DIR_ENV, "wdbc",
            "Debian package fallback", Wdbc.APT_PROPERTY, Wdbc.APT_ENV, "apt-get",
            "Debian package: no apt-get on the PATH");
    /** The source files, in the order they are preferred. */
    private static final List<String> SOURCES = List.of(Wdbc.UCI_FILE, Wdbc.SKLEARN_FILE);

    WdbcLocator() {
        super(NAMES, Wdbc.DEFAULT_MIRRORS, Wdbc.SHA256);
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
        return fallbackExecutable(executable);
    }

    /**
     * Disables the Debian package fallback.
     *
     * @return a modified copy
     */
    public WdbcLocator withoutApt() {
        return withoutFallback();
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
        return httpTimeouts(requirePositive(connect, "connect timeout"), requirePositive(request, "request timeout"));
    }

    /** For tests: replaces the expected SHA-256 per file name. */
    WdbcLocator expectedSha256(Map<String, String> expected) {
        return withExpectedSha256(expected);
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
        VerifiedCache cache = VerifiedCache.open(cacheDir, expectedSha256());
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
        return cacheDirectoryFor(userHome, NAMES.dataset(), NAMES.cacheName());
    }

    @Override
    protected String namedFolderProblem(Path dir) {
        return SOURCES.stream().allMatch(n -> VerifiedCache.resolve(dir, n) == null) ? "holds neither "
                + String.join(" nor ", SOURCES) + " (each may be NAME or NAME.gz)" : null;
    }

    /** The first source file in a named folder, checked against its SHA-256. */
    private Path fromNamed(Path dir) throws IOException {
        for (String name : SOURCES) {
            Path file = VerifiedCache.resolve(dir, name);
            if (file != null) {
                String actual = VerifiedCache.sha256(file);
                if (!actual.equals(expectedSha256().get(name))) {
                    throw new ChecksumMismatchException(file, "named folder", expectedSha256().get(name), actual);
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
        MirrorDownloader mirror = new MirrorDownloader("WDBC", mirrors(), MirrorDownloader.byFileName(),
                connectTimeout(), requestTimeout());
        if (mirrors().isEmpty()) {
            attempts.tried("no download mirrors configured");
        }
        for (String name : SOURCES) {
            Set<String> wanted = new LinkedHashSet<>(List.of(name));
            if (!mirrors().isEmpty()) {
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
        Path apt = fallbackProgram(attempts);
        if (apt == null) {
            return;
        }
        String source = "Debian package " + Wdbc.APT_PACKAGE;
        new PackageFallback("WDBC", "apt-get", List.of(apt.toString(), "download", Wdbc.APT_PACKAGE), "*.deb",
                "-D" + Wdbc.APT_PROPERTY + "=false or " + Wdbc.APT_ENV + "=0 turns this off", fallbackTimeout())
                .fetch(cache, wanted, attempts, (deb, work) -> {
                    try (InputStream tar = DebianPackages.openDataTar(deb, work, fallbackTimeout())) {
                        PackageFallback.extractTar(tar, source, cache, wanted, attempts,
                                entry -> entry.endsWith("/" + Wdbc.APT_ENTRY)
                                        || entry.endsWith("/" + Wdbc.APT_ENTRY + ".gz") ? Wdbc.SKLEARN_FILE : null);
                    }
                });
    }

    private static DatasetUnavailableException unavailable(Path cache, Attempts attempts) {
        return unavailable("WDBC is not available: no source file in the cache folder " + cache + ". Tried: "
                + String.join("; ", attempts.tried()) + ". To fix this, get " + Wdbc.UCI_FILE + " (from "
                + Wdbc.DEFAULT_MIRRORS.get(0) + ") or scikit-learn's " + Wdbc.SKLEARN_FILE + " and either name its"
                + " folder with -D" + Wdbc.DIR_PROPERTY + "=DIR or the environment variable " + Wdbc.DIR_ENV
                + "=DIR, or put it into " + cache + ".", attempts);
    }
}
