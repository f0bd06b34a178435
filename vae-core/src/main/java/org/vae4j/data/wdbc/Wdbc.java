package org.vae4j.data.wdbc;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.vae4j.data.DatasetUnavailableException;

/**
 * The Breast Cancer Wisconsin (Diagnostic) dataset, WDBC (W. N. Street, W. H. Wolberg, O. L. Mangasarian, 1995; UCI
 * Machine Learning Repository, DOI 10.24432/C5DW2B, CC BY 4.0): 569 examples of 30 real-valued features computed
 * from a digitized image of a fine-needle aspirate of a breast mass (mean, standard error and worst value of ten
 * cell-nucleus measurements), each diagnosed benign (357) or malignant (212). Malignant is the minority class, the
 * "anomaly" of the anomaly-detection example.
 *
 * <p>{@link #csv()} returns a cleaned CSV file: the header {@link #HEADER} ({@value #LABEL_COLUMN} then the 30
 * snake_case feature names of {@link #FEATURES}), then one row per example, the diagnosis written
 * {@value #BENIGN} or {@value #MALIGNANT}, the features as in the source. Its SHA-256 is checked too.
 *
 * <p><b>Where the data comes from.</b> In this order:
 * <ol>
 *   <li>A folder the user names: the method argument of {@link WdbcLocator#directory}; else the system property
 *       {@value #DIR_PROPERTY}; else the environment variable {@value #DIR_ENV}. It must hold the UCI file
 *       {@value #UCI_FILE} or scikit-learn's {@value #SKLEARN_FILE} (plain or {@code .gz}), which must have its
 *       known SHA-256; nothing is downloaded then.</li>
 *   <li>The cache folder {@code ${user.home}/.vae4j/data/wdbc} ({@link #defaultCacheDirectory()}): the cleaned
 *       {@value #CSV_FILE} if it is there and matches its SHA-256, else a verified source file there.</li>
 *   <li>Downloads from {@link #DEFAULT_MIRRORS} in order (UCI's {@value #UCI_FILE}, then scikit-learn's copy),
 *       10 s connect timeout.</li>
 *   <li>Last resort, if {@code apt-get} is on the {@code PATH} (Debian, Ubuntu): {@code apt-get download}
 *       {@value #APT_PACKAGE} in a temporary folder (with a timeout, after an INFO log line naming the command; it
 *       needs no root rights and installs nothing), and {@value #SKLEARN_FILE} taken from the package. The system
 *       property {@code -Dvae4j.wdbc.apt=false} ({@value #APT_PROPERTY}) or the environment variable
 *       {@code VAE4J_WDBC_APT=0} ({@value #APT_ENV}) turns this off, as does any value of either other than
 *       {@code true}, {@code 1}, {@code yes} or {@code on}; so does {@link WdbcLocator#withoutApt()}.</li>
 * </ol>
 * Every source file is checked against its SHA-256 before use (a mismatch is a
 * {@link org.vae4j.data.download.ChecksumMismatchException} naming the file and both hashes), and every file is
 * written into the cache atomically (temporary file, forced to disk, renamed). If all sources fail, a
 * {@link DatasetUnavailableException} says what was tried and how to provide the file by hand.
 */
public final class Wdbc {

    /** System property naming a folder that holds {@value #UCI_FILE} or {@value #SKLEARN_FILE}. */
    public static final String DIR_PROPERTY = "vae4j.wdbc.dir";
    /** Environment variable naming a folder that holds {@value #UCI_FILE} or {@value #SKLEARN_FILE}. */
    public static final String DIR_ENV = "VAE4J_WDBC_DIR";
    /** System property that turns the Debian package fallback off: {@code -Dvae4j.wdbc.apt=false}. */
    public static final String APT_PROPERTY = "vae4j.wdbc.apt";
    /** Environment variable that turns the Debian package fallback off: {@code VAE4J_WDBC_APT=0}. */
    public static final String APT_ENV = "VAE4J_WDBC_APT";
    /** The Debian package used as a last resort; it ships scikit-learn's copy of the data. */
    public static final String APT_PACKAGE = "python3-sklearn";
    /** Where the data lies inside the Debian package (and scikit-learn's source tree). */
    public static final String APT_ENTRY = "sklearn/datasets/data/" + "breast_cancer.csv";
    /** The cleaned CSV's file name in the cache. */
    public static final String CSV_FILE = "wdbc.csv";
    /** The UCI repository's file: no header; ID, M/B, 30 features. */
    public static final String UCI_FILE = "wdbc.data";
    /** scikit-learn's copy: a first row {@code 569,30,malignant,benign}, then 30 features and 0 (malignant) / 1. */
    public static final String SKLEARN_FILE = "breast_cancer.csv";
    /** The label column of the cleaned CSV. */
    public static final String LABEL_COLUMN = "diagnosis";
    /** The label of the majority class. */
    public static final String BENIGN = "benign";
    /** The label of the minority class, the anomaly. */
    public static final String MALIGNANT = "malignant";
    /** Number of examples. */
    public static final int ROWS = 569;
    /** Number of malignant examples. */
    public static final int MALIGNANT_ROWS = 212;
    /** The 30 feature columns, in the source's order: the mean, then the standard error, then the worst value. */
    public static final List<String> FEATURES = features();
    /** The cleaned CSV's header: {@value #LABEL_COLUMN}, then {@link #FEATURES}. */
    public static final List<String> HEADER = header();
    /** Where the source files are downloaded from, tried in this order; each URL ends with the file's name. */
    public static final List<URI> DEFAULT_MIRRORS = List.of(
            URI.create("https://archive.ics.uci.edu/ml/machine-learning-databases/breast-cancer-wisconsin/"
                    + UCI_FILE),
            URI.create("https://raw.githubusercontent.com/scikit-learn/scikit-learn/1.3.0/" + APT_ENTRY));

    /** SHA-256 of each file's (uncompressed) content. */
    static final Map<String, String> SHA256 = Map.of(
            CSV_FILE, "e5709d30c1664c5776b78f94a8e9efcb9626107c0909eaebc5d640d524f0509d",
            UCI_FILE, "d606af411f3e5be8a317a5a8b652b425aaf0ff38ca683d5327ffff94c3695f4a",
            SKLEARN_FILE, "fed3eb72d0575ef6192293f5093c6e801b1476b577d0386bf4455504522172ed");

    private Wdbc() {
    }

    /**
     * Finds or obtains the cleaned CSV file as described in the class comment.
     *
     * @return the file, {@code ${user.home}/.vae4j/data/wdbc/wdbc.csv} by default
     * @throws DatasetUnavailableException if no source answers, or a named folder lacks the files
     * @throws IOException                 if a file is corrupt, malformed, or the cache cannot be written
     */
    public static Path csv() throws IOException {
        return locator().csv();
    }

    /**
     * The default cache folder, {@code ${user.home}/.vae4j/data/wdbc}.
     *
     * @return the folder (it may not exist yet)
     * @throws IllegalStateException if {@code user.home} is not set
     */
    public static Path defaultCacheDirectory() {
        return WdbcLocator.cacheDirectoryFor(System.getProperty("user.home"));
    }

    /**
     * A locator with the default settings: system properties and environment of this JVM, the default cache
     * folder, {@link #DEFAULT_MIRRORS}, {@code apt-get} found on the {@code PATH} unless switched off.
     *
     * @return a new default locator; customise it with its methods
     */
    public static WdbcLocator locator() {
        return new WdbcLocator();
    }

    private static List<String> features() {
        List<String> measures = List.of("radius", "texture", "perimeter", "area", "smoothness", "compactness",
                "concavity", "concave_points", "symmetry", "fractal_dimension");
        List<String> names = new ArrayList<>(30);
        measures.forEach(m -> names.add("mean_" + m));
        measures.forEach(m -> names.add(m + "_error"));
        measures.forEach(m -> names.add("worst_" + m));
        return List.copyOf(names);
    }

    private static List<String> header() {
        List<String> h = new ArrayList<>(31);
        h.add(LABEL_COLUMN);
        h.addAll(features());
        return List.copyOf(h);
    }
}
