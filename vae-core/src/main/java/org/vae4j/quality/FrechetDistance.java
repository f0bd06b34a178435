package org.vae4j.quality;

import java.util.Objects;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.stat.correlation.Covariance;

/**
 * The Frechet distance between two Gaussians, the distance behind FID (Heusel et al. 2017, "GANs Trained by a Two
 * Time-Scale Update Rule Converge to a Local Nash Equilibrium", eq. 6):
 *
 * <pre>d^2 = ||mu1 - mu2||^2 + tr(S1 + S2 - 2 (S1 S2)^(1/2))</pre>
 *
 * <p>It is the squared 2-Wasserstein distance between N(mu1, S1) and N(mu2, S2), in squared feature units. The
 * matrix square root comes from Commons Math's {@link EigenDecomposition} of symmetric matrices, not from own
 * code: with A = S1^(1/2) and B = S1^(1/2) S2, S1 S2 = AB and the symmetric positive semi-definite
 * M = S1^(1/2) S2 S1^(1/2) = BA have the same eigenvalues (as AB and BA always do, also for a singular S1), so
 * tr((S1 S2)^(1/2)) = tr(M^(1/2)) = sum of sqrt(eigenvalues of M). S1^(1/2) is taken from the
 * eigen-decomposition of S1; M is symmetrized ((M + M^T) / 2) against rounding; eigenvalues below 0 (rounding
 * errors of singular covariances, e.g. of feature dimensions that never vary) are clamped to 0 before their square
 * root. This avoids the complex-valued square root of the non-symmetric S1 S2 that other implementations take and
 * then discard the imaginary part of.
 */
public final class FrechetDistance {
    private FrechetDistance() {
    }

    /**
     * The Frechet distance between N(mu1, s1) and N(mu2, s2).
     *
     * @param mu1 the first mean, {@code [d]}
     * @param s1 the first covariance, {@code [d][d]}, symmetric positive semi-definite
     * @param mu2 the second mean, {@code [d]}
     * @param s2 the second covariance, {@code [d][d]}, symmetric positive semi-definite
     * @return the squared distance, {@code >= 0} (rounding may leave a value a little below 0 for identical
     *     Gaussians; it is returned as 0)
     * @throws IllegalArgumentException naming the argument if the sizes do not agree, a matrix is not square or
     *     symmetric (relative tolerance 1e-6), or a value is not finite
     */
    public static double of(double[] mu1, double[][] s1, double[] mu2, double[][] s2) {
        int d = Objects.requireNonNull(mu1, "mu1").length;
        check(mu2, d, "mu2");
        RealMatrix a = matrix(s1, d, "s1");
        RealMatrix b = matrix(s2, d, "s2");
        double meanTerm = 0;
        for (int i = 0; i < d; i++) {
            double diff = mu1[i] - mu2[i];
            meanTerm += diff * diff;
        }
        double crossTrace = traceOfSqrtProduct(a, b);
        double distance = meanTerm + a.getTrace() + b.getTrace() - 2 * crossTrace;
        return Math.max(0, distance);
    }

    /**
     * tr((S1 S2)^(1/2)) as described in the class comment.
     *
     * @param s1 symmetric positive semi-definite
     * @param s2 symmetric positive semi-definite, same size
     * @return the trace, {@code >= 0}
     */
    static double traceOfSqrtProduct(RealMatrix s1, RealMatrix s2) {
        RealMatrix sqrtS1 = sqrtSymmetric(s1);
        RealMatrix m = sqrtS1.multiply(s2).multiply(sqrtS1);
        m = m.add(m.transpose()).scalarMultiply(0.5);
        double trace = 0;
        for (double lambda : new EigenDecomposition(m).getRealEigenvalues()) {
            trace += Math.sqrt(Math.max(0, lambda));
        }
        return trace;
    }

    /** The symmetric square root V diag(sqrt(max(lambda, 0))) V^T of a symmetric matrix. */
    static RealMatrix sqrtSymmetric(RealMatrix s) {
        EigenDecomposition e = new EigenDecomposition(s);
        RealMatrix v = e.getV();
        double[] lambda = e.getRealEigenvalues();
        RealMatrix scaled = v.copy();
        for (int j = 0; j < lambda.length; j++) {
            double root = Math.sqrt(Math.max(0, lambda[j]));
            for (int i = 0; i < lambda.length; i++) {
                scaled.setEntry(i, j, scaled.getEntry(i, j) * root);
            }
        }
        return scaled.multiply(v.transpose());
    }

    /**
     * The Frechet distance between the Gaussians fitted to two samples (each: its mean and unbiased covariance,
     * divisor n - 1): FID when the rows are a classifier's features of generated and of real images.
     *
     * @param x1 the first sample, {@code [n1][d]}, {@code n1 >= 2}
     * @param x2 the second sample, {@code [n2][d]}, {@code n2 >= 2}
     * @return the squared distance, {@code >= 0}
     * @throws IllegalArgumentException naming the argument if a sample has fewer than 2 rows, rows of different
     *     lengths, or a value that is not finite
     */
    public static double ofSamples(double[][] x1, double[][] x2) {
        return GaussianFit.of(x1, "x1").distanceTo(GaussianFit.of(x2, "x2"));
    }

    /**
     * The mean and unbiased covariance of a sample: what FID keeps of a set of features.
     *
     * @param mean {@code [d]}
     * @param covariance {@code [d][d]}, divisor n - 1
     * @param n the sample size
     */
    public record GaussianFit(double[] mean, double[][] covariance, int n) {
        /**
         * @param x the sample, {@code [n][d]}, {@code n >= 2}
         * @param name names the sample in messages
         * @return its mean and unbiased covariance
         * @throws IllegalArgumentException naming {@code name} if it has fewer than 2 rows, rows of different
         *     lengths or a value that is not finite
         */
        public static GaussianFit of(double[][] x, String name) {
            Objects.requireNonNull(x, name);
            if (x.length < 2) {
                throw new IllegalArgumentException(name + " needs at least 2 rows for a covariance, got " + x.length);
            }
            int d = Objects.requireNonNull(x[0], name + " row 0").length;
            double[] mean = new double[d];
            for (int r = 0; r < x.length; r++) {
                check(x[r], d, name + " row " + r);
                for (int c = 0; c < d; c++) {
                    mean[c] += x[r][c];
                }
            }
            for (int c = 0; c < d; c++) {
                mean[c] /= x.length;
            }
            double[][] cov = new Covariance(x, true).getCovarianceMatrix().getData();
            return new GaussianFit(mean, cov, x.length);
        }

        /**
         * @param other another fit of the same dimension
         * @return {@link FrechetDistance#of} between the two
         * @throws IllegalArgumentException if the dimensions differ
         */
        public double distanceTo(GaussianFit other) {
            return FrechetDistance.of(mean, covariance, other.mean, other.covariance);
        }
    }

    private static void check(double[] v, int d, String name) {
        Objects.requireNonNull(v, name);
        if (v.length != d) {
            throw new IllegalArgumentException(name + " has " + v.length + " values, expected " + d);
        }
        for (int i = 0; i < d; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] is not finite: " + v[i]);
            }
        }
    }

    private static RealMatrix matrix(double[][] s, int d, String name) {
        Objects.requireNonNull(s, name);
        if (s.length != d) {
            throw new IllegalArgumentException(name + " has " + s.length + " rows, expected " + d);
        }
        for (int i = 0; i < d; i++) {
            check(s[i], d, name + " row " + i);
        }
        double scale = 0;
        for (int i = 0; i < d; i++) {
            scale = Math.max(scale, Math.abs(s[i][i]));
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                if (Math.abs(s[i][j] - s[j][i]) > 1e-6 * Math.max(scale, Double.MIN_NORMAL)) {
                    throw new IllegalArgumentException(name + " is not symmetric: [" + i + "][" + j + "] = "
                            + s[i][j] + " but [" + j + "][" + i + "] = " + s[j][i]);
                }
            }
        }
        return new Array2DRowRealMatrix(s, true);
    }
}
