package org.vae4j.anomaly;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.IntStream;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.data.Dataset;
import org.vae4j.data.ImageShape;

/**
 * The baseline a user tries before a VAE: the reconstruction error of principal component analysis (Jolliffe 2002,
 * "Principal component analysis", section 10.1; the squared prediction error or Q statistic of Jackson &amp;
 * Mudholkar 1979). Fitted on normal data: the mean mu and the eigenvectors P ({@code [d, m]}) of the m largest
 * eigenvalues of the sample covariance C = (X - mu)^T (X - mu) / (n - 1); an example's score is the squared
 * distance to its projection on that subspace,
 * <pre>
 *   score(x) = || (x - mu) - P P^T (x - mu) ||^2,
 * </pre>
 * 0 for an example in the subspace, large for one far from it. The covariance is accumulated in double precision
 * chunk by chunk with ND4J's matrix product (a dataset on disk need not fit in memory) and eigendecomposed with
 * Apache Commons Math's {@link EigenDecomposition}.
 */
public final class PcaBaseline {
    private static final int CHUNK = 4096;

    private final INDArray mean;
    private final INDArray components;
    private final double[] eigenvalues;

    private PcaBaseline(INDArray mean, INDArray components, double[] eigenvalues) {
        this.mean = mean;
        this.components = components;
        this.eigenvalues = eigenvalues;
    }

    /**
     * Fits the mean and the first {@code components} principal components.
     *
     * @param data normal examples, {@code [n, d]}, at least 2
     * @param components principal components kept, {@code 1 <= components <= d}
     * @return the fitted baseline
     * @throws IllegalArgumentException if there are fewer than 2 examples or {@code components} is out of range
     */
    public static PcaBaseline fit(Dataset data, int components) {
        Objects.requireNonNull(data, "data");
        int n = data.size();
        int d = data.shape().size();
        if (components < 1 || components > d) {
            throw new IllegalArgumentException("components must be in [1, " + d + "], got " + components);
        }
        if (n < 2) {
            throw new IllegalArgumentException("PCA needs at least 2 examples, got " + n);
        }
        INDArray sum = Nd4j.zeros(DataType.DOUBLE, 1, d);
        for (int from = 0; from < n; from += CHUNK) {
            sum.addi(data.rows(from, Math.min(n, from + CHUNK)).castTo(DataType.DOUBLE).sum(true, 0));
        }
        INDArray mean = sum.divi(n);
        // centred before the product: X^T X - n mu mu^T would cancel catastrophically for data far from 0
        INDArray scatter = Nd4j.zeros(DataType.DOUBLE, d, d);
        for (int from = 0; from < n; from += CHUNK) {
            INDArray centred = data.rows(from, Math.min(n, from + CHUNK)).castTo(DataType.DOUBLE).subRowVector(mean);
            scatter.addi(centred.transpose().mmul(centred));
        }
        INDArray covariance = scatter.divi(n - 1);
        EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(covariance.toDoubleMatrix(), false));
        double[] values = eigen.getRealEigenvalues();
        int[] order = IntStream.range(0, d).boxed().sorted(Comparator.comparingDouble((Integer i) -> -values[i]))
                .mapToInt(Integer::intValue).toArray();
        double[][] basis = new double[d][components];
        for (int c = 0; c < components; c++) {
            double[] vector = eigen.getEigenvector(order[c]).toArray();
            for (int j = 0; j < d; j++) {
                basis[j][c] = vector[j];
            }
        }
        double[] sorted = Arrays.stream(order).mapToDouble(i -> Math.max(values[i], 0)).toArray();
        return new PcaBaseline(mean, Nd4j.create(basis), sorted);
    }

    /** @return the number of principal components kept */
    public int components() {
        return (int) components.columns();
    }

    /** @return the fraction of the total variance the kept components explain, in [0, 1] */
    public double explainedVariance() {
        double total = Arrays.stream(eigenvalues).sum();
        double kept = Arrays.stream(eigenvalues, 0, components()).sum();
        return total > 0 ? kept / total : 1;
    }

    /**
     * @return every eigenvalue of the covariance (the variance along each principal axis), largest first, negative
     *     round-off clipped to 0
     */
    public double[] eigenvalues() {
        return eigenvalues.clone();
    }

    /**
     * Scores a dataset.
     *
     * @param data examples, {@code [n, d]} with the d features the baseline was fitted on
     * @return the squared reconstruction error of each example, {@code [n]}, in squared feature units
     * @throws IllegalArgumentException if the examples do not have d features
     */
    public double[] score(Dataset data) {
        Objects.requireNonNull(data, "data");
        int d = (int) mean.columns();
        if (data.shape().size() != d) {
            throw new IllegalArgumentException("the baseline was fitted on " + d + " features but the data has "
                    + data.shape().size());
        }
        int n = data.size();
        double[] scores = new double[n];
        for (int from = 0; from < n; from += CHUNK) {
            int to = Math.min(n, from + CHUNK);
            INDArray centred = data.rows(from, to).castTo(DataType.DOUBLE).subRowVector(mean);
            INDArray residual = centred.sub(centred.mmul(components).mmul(components.transpose()));
            double[] errors = residual.muli(residual).sum(1).toDoubleVector();
            System.arraycopy(errors, 0, scores, from, to - from);
        }
        return scores;
    }

    /**
     * Scores examples held in an array.
     *
     * @param x examples, {@code [n, d]}
     * @return the squared reconstruction error of each example, {@code [n]}
     * @throws IllegalArgumentException if {@code x} is not {@code [n, d]}
     */
    public double[] score(INDArray x) {
        return score(org.vae4j.data.ImageDataset.of(x, null, ImageShape.vector((int) x.columns())));
    }
}
