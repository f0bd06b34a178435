package org.vae4j.prior;

import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.nn.GraphContext;

/**
 * A fixed mixture of K diagonal Gaussians, p(z) = sum_k pi_k N(z; m_k, diag(s_k^2)) (e.g. Bishop 2006, eq. 9.7).
 * Its KL divergence from a Gaussian posterior has no closed form, so the configuration uses
 * {@link KlEstimator#MONTE_CARLO}; the log-density is computed with a log-sum-exp over the components:
 * <pre>
 *   log p(z) = logsumexp_k [log pi_k - 1/2 sum_j (log 2 pi + log s_kj^2 + (z_j - m_kj)^2 / s_kj^2)]
 * </pre>
 * and each dimension's marginal p(z_j) = sum_k pi_k N(z_j; m_kj, s_kj^2) the same way.
 *
 * @param weights the mixture weights pi, K values {@code >= 0} summing to 1 (within 1e-6)
 * @param means the component means m, {@code [K][d]}
 * @param standardDeviations the component standard deviations s, {@code [K][d]}, positive
 */
public record GaussianMixturePrior(double[] weights, double[][] means, double[][] standardDeviations)
        implements Prior {

    /**
     * Copies and validates the arrays.
     *
     * @param weights the mixture weights pi, K values {@code >= 0} summing to 1 (within 1e-6)
     * @param means the component means m, {@code [K][d]}, finite
     * @param standardDeviations the component standard deviations s, {@code [K][d]}, positive and finite
     * @throws IllegalArgumentException naming the field if K = 0, a weight is negative or the weights do not sum
     *     to 1, the shapes differ, or a value is out of range
     */
    public GaussianMixturePrior {
        weights = Objects.requireNonNull(weights, "GaussianMixturePrior.weights").clone();
        Objects.requireNonNull(means, "GaussianMixturePrior.means");
        Objects.requireNonNull(standardDeviations, "GaussianMixturePrior.standardDeviations");
        int k = weights.length;
        if (k == 0) {
            throw new IllegalArgumentException("GaussianMixturePrior.weights is empty: K must be >= 1");
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            if (!(weights[c] >= 0) || Double.isInfinite(weights[c])) {
                throw new IllegalArgumentException("GaussianMixturePrior.weights[" + c
                        + "] must be finite and >= 0, got " + weights[c]);
            }
            sum += weights[c];
        }
        if (Math.abs(sum - 1) > 1e-6) {
            throw new IllegalArgumentException("GaussianMixturePrior.weights must sum to 1, got " + sum);
        }
        if (means.length != k || standardDeviations.length != k) {
            throw new IllegalArgumentException("GaussianMixturePrior has " + k + " weights but means has "
                    + means.length + " rows and standardDeviations " + standardDeviations.length);
        }
        means = copy(means, "means", -1, false);
        standardDeviations = copy(standardDeviations, "standardDeviations", means[0].length, true);
    }

    /**
     * An equally weighted mixture of K unit-variance components with means drawn once from N(0, spread^2 I): a
     * multimodal prior for a latent space of d dimensions.
     *
     * @param k components, {@code >= 1}
     * @param latentSize d
     * @param spread the standard deviation of the component means, {@code > 0}
     * @param seed seeds the means
     * @return the prior
     * @throws IllegalArgumentException if {@code k < 1} or {@code latentSize < 1}
     */
    public static GaussianMixturePrior random(int k, int latentSize, double spread, long seed) {
        if (k < 1) {
            throw new IllegalArgumentException("GaussianMixturePrior K must be >= 1, got " + k);
        }
        if (latentSize < 1) {
            throw new IllegalArgumentException("GaussianMixturePrior latentSize must be >= 1, got " + latentSize);
        }
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        double[] w = new double[k];
        double[][] m = new double[k][latentSize];
        double[][] s = new double[k][latentSize];
        for (int c = 0; c < k; c++) {
            w[c] = 1.0 / k;
            for (int j = 0; j < latentSize; j++) {
                m[c][j] = spread * random.nextGaussian();
                s[c][j] = 1.0;
            }
        }
        return new GaussianMixturePrior(w, m, s);
    }

    private static double[][] copy(double[][] rows, String field, int width, boolean positive) {
        int d = width < 0 ? Objects.requireNonNull(rows[0], "GaussianMixturePrior." + field + "[0]").length : width;
        if (d == 0) {
            throw new IllegalArgumentException("GaussianMixturePrior." + field + "[0] is empty");
        }
        double[][] copy = new double[rows.length][];
        for (int c = 0; c < rows.length; c++) {
            Objects.requireNonNull(rows[c], "GaussianMixturePrior." + field + "[" + c + "]");
            if (rows[c].length != d) {
                throw new IllegalArgumentException("GaussianMixturePrior." + field + "[" + c + "] has "
                        + rows[c].length + " values, expected " + d);
            }
            copy[c] = rows[c].clone();
            for (int j = 0; j < d; j++) {
                double v = copy[c][j];
                if (!Double.isFinite(v) || positive && !(v > 0)) {
                    throw new IllegalArgumentException("GaussianMixturePrior." + field + "[" + c + "][" + j
                            + "] must be " + (positive ? "positive and " : "") + "finite, got " + v);
                }
            }
        }
        return copy;
    }

    /** @return K, the number of components */
    @Override
    public int mixtureComponents() {
        return weights.length;
    }

    /** @return the mixture weights (a copy) */
    @Override
    public double[] weights() {
        return weights.clone();
    }

    /** @return the component means (a copy) */
    @Override
    public double[][] means() {
        return deepCopy(means);
    }

    /** @return the component standard deviations (a copy) */
    @Override
    public double[][] standardDeviations() {
        return deepCopy(standardDeviations);
    }

    private static double[][] deepCopy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    /** @return false: the KL divergence is estimated by Monte Carlo */
    @Override
    public boolean hasClosedFormKl() {
        return false;
    }

    @Override
    public void checkLatentSize(int latentSize) {
        if (means[0].length != latentSize) {
            throw new IllegalArgumentException("GaussianMixturePrior.means has " + means[0].length
                    + " dimensions but latentSize is " + latentSize);
        }
    }

    @Override
    public Distribution define(GraphContext ctx, int latentSize) {
        checkLatentSize(latentSize);
        SameDiff sd = ctx.sd();
        int k = weights.length;
        int d = latentSize;
        double[] m = new double[k * d];
        double[] logS = new double[k * d];
        double[] logW = new double[k];
        for (int c = 0; c < k; c++) {
            logW[c] = Math.log(weights[c]);
            for (int j = 0; j < d; j++) {
                m[c * d + j] = means[c][j];
                logS[c * d + j] = Math.log(standardDeviations[c][j]);
            }
        }
        DiagonalMixture mixture = new DiagonalMixture(sd, ctx.constant("means", m, k, d),
                ctx.constant("log_standard_deviations", logS, k, d), ctx.constant("log_weights", logW, 1, k), k, d,
                ctx.dataType());
        return mixture.distribution();
    }

    /**
     * log sum_i exp(t_i) along one axis, written out (max, shift, exp, sum, log): SameDiff's logSumExp loses the
     * dimension in its backward pass in 1.0.0-M2.1 (see {@code IwaeObjective}); the max's gradient cancels exactly.
     */
    static SDVariable logSumExp(SameDiff sd, SDVariable t, int axis) {
        SDVariable max = t.max(true, axis);
        return sd.math().log(sd.math().exp(t.sub(max)).sum(axis)).add(t.max(axis));
    }

    /** Picks a component with probability pi_k, then draws from it. */
    @Override
    public INDArray sample(int n, int latentSize, RandomGenerator random, DataType dataType) {
        checkLatentSize(latentSize);
        double[] z = new double[n * latentSize];
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble();
            int c = 0;
            double cumulative = weights[0];
            while (u >= cumulative && c < weights.length - 1) {
                c++;
                cumulative += weights[c];
            }
            for (int j = 0; j < latentSize; j++) {
                z[i * latentSize + j] = means[c][j] + standardDeviations[c][j] * random.nextGaussian();
            }
        }
        return Nd4j.create(z, new long[] {n, latentSize}, DataType.DOUBLE).castTo(dataType);
    }

    /** Compares the arrays' contents. */
    @Override
    public boolean equals(Object o) {
        return o instanceof GaussianMixturePrior p && Arrays.equals(weights, p.weights)
                && Arrays.deepEquals(means, p.means) && Arrays.deepEquals(standardDeviations, p.standardDeviations);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(weights), Arrays.deepHashCode(means),
                Arrays.deepHashCode(standardDeviations));
    }

    @Override
    public String toString() {
        return "GaussianMixturePrior[weights=" + Arrays.toString(weights) + ", means=" + Arrays.deepToString(means)
                + ", standardDeviations=" + Arrays.deepToString(standardDeviations) + "]";
    }
}
