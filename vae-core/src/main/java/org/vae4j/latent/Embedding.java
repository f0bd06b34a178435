package org.vae4j.latent;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.IntStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.vae4j.DiagonalGaussian;
import org.vae4j.Vae;
import org.vae4j.data.Dataset;
import org.vae4j.data.OneHot;
import org.vae4j.io.AtomicFiles;

/**
 * A dataset encoded into the latent space: the posterior mean and log-variance of every example, with the examples'
 * labels, and the ways to look at it: a CSV export and 2-D views for scatter plots at any latent size.
 *
 * <p>Immutable by contract: the arrays are the encoder's output and are not copied; do not modify what
 * {@link #mean()} and {@link #logVariance()} return.
 *
 * <pre>{@code
 * Embedding e = Embedding.encode(vae, Mnist.test());   // [10000, latentSize] means and log-variances, labels kept
 * e.writeCsv(Path.of("embedding.csv"));
 * Projection view = e.latentSize() == 2 ? e.topKl() : e.pca();
 * }</pre>
 */
public final class Embedding {
    /** CSV column: the example's row in the encoded dataset, from 0. */
    public static final String INDEX = "index";
    /** CSV column: the example's label, empty for an unlabelled dataset. */
    public static final String LABEL = "label";
    /** CSV columns {@code z_1 .. z_d}: the posterior mean. */
    public static final String MEAN_PREFIX = "z_";
    /** CSV columns {@code log_var_1 .. log_var_d}: the posterior log-variance. */
    public static final String LOG_VARIANCE_PREFIX = "log_var_";

    private final INDArray mean;
    private final INDArray logVariance;
    private final int[] labels;

    private Embedding(INDArray mean, INDArray logVariance, int[] labels) {
        this.mean = mean;
        this.logVariance = logVariance;
        this.labels = labels;
    }

    /**
     * An embedding of given codes.
     *
     * @param mean posterior means, shape {@code [n, latentSize]}, {@code n >= 1}
     * @param logVariance posterior log-variances, the same shape
     * @param labels one label per example, or null; copied
     * @return the embedding
     * @throws IllegalArgumentException if the shapes differ or are not {@code [n, latentSize]}, or the labels'
     *     length is not n
     */
    public static Embedding of(INDArray mean, INDArray logVariance, int[] labels) {
        Objects.requireNonNull(mean, "mean");
        Objects.requireNonNull(logVariance, "logVariance");
        if (mean.rank() != 2 || mean.rows() == 0 || mean.columns() == 0) {
            throw new IllegalArgumentException("mean must have shape [n, latentSize] with n, latentSize > 0, got "
                    + Arrays.toString(mean.shape()));
        }
        if (!Arrays.equals(mean.shape(), logVariance.shape())) {
            throw new IllegalArgumentException("logVariance has shape " + Arrays.toString(logVariance.shape())
                    + " but mean has " + Arrays.toString(mean.shape()));
        }
        if (labels != null && labels.length != mean.rows()) {
            throw new IllegalArgumentException("labels has length " + labels.length + " but there are "
                    + mean.rows() + " codes");
        }
        return new Embedding(mean, logVariance, labels == null ? null : labels.clone());
    }

    /**
     * Encodes a dataset to its posterior means and log-variances ({@link Vae#encode}, which runs in chunks of
     * {@link Vae#CHUNK} examples), keeping the labels. A conditional VAE encodes each example given its one-hot
     * label, q(z|x, y).
     *
     * @param vae the model
     * @param data the dataset, {@code inputSize} features per example, at least one example; labelled in
     *     {@code [0, conditionSize)} for a conditional VAE
     * @return the embedding, {@code data.size()} codes in dataset order
     * @throws IllegalArgumentException if the data does not fit the model or is empty
     * @throws org.vae4j.data.InvalidDataException if the model is conditional and the data has no labels or one out
     *     of range
     */
    public static Embedding encode(Vae vae, Dataset data) {
        Objects.requireNonNull(vae, "vae");
        Objects.requireNonNull(data, "data");
        INDArray condition = vae.config().conditional() ? OneHot.of(data, vae.config().conditionSize(), "the data")
                : null;
        DiagonalGaussian q = vae.encode(data.features(), condition);
        return new Embedding(q.mean(), q.logVariance(), data.hasLabels() ? data.labels() : null);
    }

    /**
     * The codes as a DL4J {@link org.nd4j.linalg.dataset.DataSet}, to train a classifier on them (a
     * {@code MultiLayerNetwork} fits a {@code DataSet} or a list of them): features are the posterior means
     * {@code [n, latentSize]}, labels the one-hot labels {@code [n, classes]}, or null without labels.
     *
     * @param classes the number of classes, {@code > 0}
     * @return the data set
     * @throws IllegalArgumentException if a label is outside {@code [0, classes)}
     */
    public org.nd4j.linalg.dataset.DataSet toDataSet(int classes) {
        INDArray oneHot = labels == null ? null : OneHot.encode(labels, classes).castTo(mean.dataType());
        return new org.nd4j.linalg.dataset.DataSet(mean, oneHot);
    }

    /** @return the number of examples n */
    public int size() {
        return (int) mean.rows();
    }

    /** @return the number of latent dimensions */
    public int latentSize() {
        return (int) mean.columns();
    }

    /** @return the posterior means, shape {@code [n, latentSize]} (not a copy: do not modify) */
    public INDArray mean() {
        return mean;
    }

    /** @return the posterior log-variances, shape {@code [n, latentSize]} (not a copy: do not modify) */
    public INDArray logVariance() {
        return logVariance;
    }

    /** @return whether the examples have labels */
    public boolean hasLabels() {
        return labels != null;
    }

    /**
     * @return a copy of the labels, length n
     * @throws IllegalStateException if the embedding has no labels
     */
    public int[] labels() {
        if (labels == null) {
            throw new IllegalStateException("this embedding of " + size() + " codes has no labels");
        }
        return labels.clone();
    }

    /**
     * How much information each latent dimension carries: the mean over examples of the KL divergence of that
     * dimension's posterior from the standard normal, 1/2 (mu^2 + sigma^2 - log sigma^2 - 1) (Kingma &amp; Welling
     * 2014, appendix B, one term of the sum). A dimension the model does not use has a posterior equal to the prior
     * for every example and a KL near 0 (an "inactive unit", Burda et al. 2016, section 5.2).
     *
     * @return nats per example for each dimension, length {@code latentSize}
     */
    public double[] klPerDimension() {
        INDArray mu = mean.castTo(DataType.DOUBLE);
        INDArray lv = logVariance.castTo(DataType.DOUBLE);
        INDArray kl = mu.mul(mu).addi(Transforms.exp(lv, true)).subi(lv).subi(1).muli(0.5);
        return kl.mean(0).toDoubleVector();
    }

    /**
     * @return the latent dimensions from the largest KL ({@link #klPerDimension()}) to the smallest, ties in index
     *     order
     */
    public int[] dimensionsByKl() {
        double[] kl = klPerDimension();
        return IntStream.range(0, kl.length).boxed()
                .sorted(Comparator.comparingDouble((Integer j) -> -kl[j]).thenComparingInt(j -> j))
                .mapToInt(Integer::intValue).toArray();
    }

    /**
     * The 2-D view on the two dimensions with the largest KL, the most informative ones; for a 2-D latent space,
     * the space itself. The lower-numbered of the two is x, so the view keeps the orientation of
     * {@link LatentGrid} over the same pair.
     *
     * @return the posterior means in those two dimensions, axes named {@code z_<j+1>} (1-based, like the CSV)
     * @throws IllegalStateException if {@code latentSize < 2}
     */
    public Projection topKl() {
        int[] pair = topKlPair();
        return new Projection(column(pair[0]), column(pair[1]), MEAN_PREFIX + (pair[0] + 1),
                MEAN_PREFIX + (pair[1] + 1));
    }

    /**
     * @return the two dimensions with the largest KL, in increasing order (0-based)
     * @throws IllegalStateException if {@code latentSize < 2}
     */
    public int[] topKlPair() {
        requireTwoDimensions();
        int[] byKl = dimensionsByKl();
        return new int[] {Math.min(byKl[0], byKl[1]), Math.max(byKl[0], byKl[1])};
    }

    /**
     * The 2-D view on the first two principal components of the posterior means (Pearson 1901; Jolliffe 2002,
     * "Principal component analysis", chapter 1): the means are centred, their sample covariance
     * C = X^T X / (n - 1) is eigendecomposed (Apache Commons Math), and each mean is projected on the eigenvectors
     * of the two largest eigenvalues. Each eigenvector's sign is chosen so that its largest-magnitude component is
     * positive, which makes the view reproducible.
     *
     * @return the projections, axes named {@code "PC1 (p% of variance)"} and {@code "PC2 (p% of variance)"}
     * @throws IllegalStateException if {@code latentSize < 2} or there are fewer than 2 examples
     */
    public Projection pca() {
        requireTwoDimensions();
        if (size() < 2) {
            throw new IllegalStateException("PCA needs at least 2 codes, got " + size());
        }
        INDArray x = mean.castTo(DataType.DOUBLE);
        INDArray centred = x.subRowVector(x.mean(0));
        INDArray covariance = centred.transpose().mmul(centred).divi(size() - 1);
        EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(covariance.toDoubleMatrix()));
        double[] values = eigen.getRealEigenvalues();
        int[] order = IntStream.range(0, values.length).boxed()
                .sorted(Comparator.comparingDouble((Integer k) -> -values[k])).mapToInt(Integer::intValue).toArray();
        double total = Arrays.stream(values).map(v -> Math.max(v, 0)).sum();
        double[][] axes = new double[2][];
        String[] names = new String[2];
        for (int k = 0; k < 2; k++) {
            axes[k] = canonicalSign(eigen.getEigenvector(order[k]).toArray());
            double share = total > 0 ? 100 * Math.max(values[order[k]], 0) / total : 0;
            names[k] = String.format(Locale.ROOT, "PC%d (%.1f%% of variance)", k + 1, share);
        }
        INDArray basis = Nd4j.create(new double[][] {axes[0], axes[1]}).transpose();
        INDArray projected = centred.mmul(basis);
        return new Projection(projected.getColumn(0).toDoubleVector(), projected.getColumn(1).toDoubleVector(),
                names[0], names[1]);
    }

    /**
     * Writes the embedding as CSV (RFC 4180, comma-separated, {@code \n} line ends, UTF-8) through Apache Commons
     * CSV, atomically (a temporary file, then a rename). Header: {@code index,label,z_1,...,z_d,log_var_1,...,
     * log_var_d}; one row per example in dataset order; the label is empty for an unlabelled embedding. Values are
     * written in the shortest form that reads back to the same number of the arrays' type (float or double).
     *
     * @param file the target; missing folders are created
     * @return the absolute path written
     * @throws IOException naming the file if it cannot be written
     */
    public Path writeCsv(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        int d = latentSize();
        boolean isFloat = mean.dataType() != DataType.DOUBLE;
        float[][] meanF = isFloat ? mean.castTo(DataType.FLOAT).toFloatMatrix() : null;
        float[][] lvF = isFloat ? logVariance.castTo(DataType.FLOAT).toFloatMatrix() : null;
        double[][] meanD = isFloat ? null : mean.toDoubleMatrix();
        double[][] lvD = isFloat ? null : logVariance.toDoubleMatrix();
        CSVFormat format = CSVFormat.DEFAULT.builder().setRecordSeparator('\n')
                .setHeader(header(d).toArray(String[]::new)).build();
        try {
            return AtomicFiles.write(file, out -> {
                Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                CSVPrinter printer = new CSVPrinter(writer, format);
                List<String> row = new ArrayList<>(2 + 2 * d);
                for (int i = 0; i < size(); i++) {
                    row.clear();
                    row.add(Integer.toString(i));
                    row.add(labels == null ? "" : Integer.toString(labels[i]));
                    for (int j = 0; j < d; j++) {
                        row.add(isFloat ? Float.toString(meanF[i][j]) : Double.toString(meanD[i][j]));
                    }
                    for (int j = 0; j < d; j++) {
                        row.add(isFloat ? Float.toString(lvF[i][j]) : Double.toString(lvD[i][j]));
                    }
                    printer.printRecord(row);
                }
                printer.flush();
            });
        } catch (IOException e) {
            throw new IOException("Cannot write embedding CSV " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a CSV written by {@link #writeCsv}. The arrays come back as FLOAT (vae4j's training type): a FLOAT
     * embedding reads back exactly.
     *
     * @param file the CSV file
     * @return the embedding
     * @throws java.io.FileNotFoundException naming the file if it does not exist
     * @throws EmbeddingFormatException naming the file and line if the header is not
     *     {@code index,label,z_1..z_d,log_var_1..log_var_d}, a row has the wrong number of values, an index is out
     *     of order, a number or label does not parse, only some rows have labels, or there are no rows
     * @throws IOException if the file cannot be read
     */
    public static Embedding readCsv(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file)) {
            throw new java.io.FileNotFoundException("Embedding CSV not found: " + file.toAbsolutePath());
        }
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = format.parse(reader)) {
            List<String> header = parser.getHeaderNames();
            int d = (header.size() - 2) / 2;
            if (header.size() < 4 || header.size() % 2 != 0 || !header.equals(header(d))) {
                throw new EmbeddingFormatException(file, 1, "header must be index,label,z_1..z_d,"
                        + "log_var_1..log_var_d, got " + String.join(",", header));
            }
            List<float[]> means = new ArrayList<>();
            List<float[]> logVars = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            int unlabelled = 0;
            for (CSVRecord record : parser) {
                long line = record.getRecordNumber() + 1;
                if (record.size() != header.size()) {
                    throw new EmbeddingFormatException(file, line, "expected " + header.size() + " values, got "
                            + record.size());
                }
                int index = (int) parse(file, line, INDEX, record.get(0), true);
                if (index != means.size()) {
                    throw new EmbeddingFormatException(file, line, "index must be " + means.size() + " (rows in order"
                            + " from 0), got " + index);
                }
                String label = record.get(1);
                if (label.isEmpty()) {
                    unlabelled++;
                } else {
                    labels.add((int) parse(file, line, LABEL, label, true));
                }
                float[] m = new float[d];
                float[] v = new float[d];
                for (int j = 0; j < d; j++) {
                    m[j] = (float) parse(file, line, header.get(2 + j), record.get(2 + j), false);
                    v[j] = (float) parse(file, line, header.get(2 + d + j), record.get(2 + d + j), false);
                }
                means.add(m);
                logVars.add(v);
                if (unlabelled > 0 && !labels.isEmpty()) {
                    throw new EmbeddingFormatException(file, line, "some rows have a label and others do not");
                }
            }
            if (means.isEmpty()) {
                throw new EmbeddingFormatException(file, 0, "has a header but no rows");
            }
            INDArray mean = Nd4j.create(means.toArray(float[][]::new));
            INDArray logVariance = Nd4j.create(logVars.toArray(float[][]::new));
            int[] lab = labels.isEmpty() ? null : labels.stream().mapToInt(Integer::intValue).toArray();
            return new Embedding(mean, logVariance, lab);
        } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
            // Commons CSV reports malformed input (e.g. an unterminated quote) this way
            throw new EmbeddingFormatException(file, 0, "not a valid CSV: " + e.getMessage());
        }
    }

    private static double parse(Path file, long line, String column, String text, boolean integer)
            throws EmbeddingFormatException {
        try {
            double value = integer ? Integer.parseInt(text.strip()) : Double.parseDouble(text.strip());
            if (!Double.isFinite(value)) {
                throw new EmbeddingFormatException(file, line, column + " must be finite, got " + text);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new EmbeddingFormatException(file, line, column + " is not " + (integer ? "an integer" : "a number")
                    + ": '" + text + "'");
        }
    }

    private static List<String> header(int d) {
        List<String> names = new ArrayList<>(2 + 2 * d);
        names.add(INDEX);
        names.add(LABEL);
        for (int j = 1; j <= d; j++) {
            names.add(MEAN_PREFIX + j);
        }
        for (int j = 1; j <= d; j++) {
            names.add(LOG_VARIANCE_PREFIX + j);
        }
        return names;
    }

    private double[] column(int j) {
        return mean.getColumn(j).castTo(DataType.DOUBLE).toDoubleVector();
    }

    private void requireTwoDimensions() {
        if (latentSize() < 2) {
            throw new IllegalStateException("a 2-D view needs latentSize >= 2, this embedding has " + latentSize());
        }
    }

    /** Flips a vector so that its largest-magnitude component is positive. */
    private static double[] canonicalSign(double[] v) {
        int largest = 0;
        for (int j = 1; j < v.length; j++) {
            if (Math.abs(v[j]) > Math.abs(v[largest])) {
                largest = j;
            }
        }
        if (v[largest] < 0) {
            for (int j = 0; j < v.length; j++) {
                v[j] = -v[j];
            }
        }
        return v;
    }

    /** @return e.g. {@code Embedding[size=10000, latentSize=2, labels=true]} */
    @Override
    public String toString() {
        return "Embedding[size=" + size() + ", latentSize=" + latentSize() + ", labels=" + hasLabels() + "]";
    }
}
