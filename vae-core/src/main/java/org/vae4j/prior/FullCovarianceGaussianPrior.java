package org.vae4j.prior;

import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.NonSymmetricMatrixException;
import org.apache.commons.math3.linear.RealMatrix;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.nn.CholeskyGaussianVariables;
import org.vae4j.nn.DiagonalGaussianVariables;
import org.vae4j.nn.GraphContext;

/**
 * A fixed Gaussian prior with a full covariance, p(z) = N(m, S), S = L L^T symmetric positive definite.
 *
 * <p>KL divergence of a diagonal Gaussian posterior q = N(mu, diag(sigma^2)) (e.g. Bishop 2006, eq. 2.230; the
 * Gaussian KL of Rasmussen &amp; Williams 2006, eq. A.23):
 * <pre>
 *   KL(q || p) = 1/2 [tr(S^-1 diag(sigma^2)) + (m - mu)^T S^-1 (m - mu) - d + log det S - sum_j log sigma_j^2]
 * </pre>
 * returned split into terms per dimension that sum to it,
 * 1/2 [P_jj sigma_j^2 + (mu - m)_j (P (mu - m))_j - 1 + 2 log L_jj - log sigma_j^2] with P = S^-1 (these are the
 * per-dimension KLs when S is diagonal; otherwise a term may be negative). The log-density is
 * log N(z; m, S) = -1/2 [d log 2 pi + log det S + (z - m)^T S^-1 (z - m)]; samples are z = m + L eps. The KL
 * divergence of a full-covariance posterior is in closed form too, computed as for
 * {@link LearnedFullCovarianceGaussianPrior}.
 *
 * <p>The matrix algebra on the host (Cholesky factor, inverse) is Apache Commons Math's.
 *
 * @param mean the prior mean m, one value per latent dimension
 * @param covariance S, {@code [d][d]}, symmetric positive definite
 */
public record FullCovarianceGaussianPrior(double[] mean, double[][] covariance) implements Prior {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    /**
     * Copies and validates the arrays.
     *
     * @param mean the prior mean m, one finite value per latent dimension
     * @param covariance S, {@code [d][d]}, finite, symmetric and positive definite
     * @throws IllegalArgumentException naming the field if a shape does not match, a value is not finite, or S is
     *     not symmetric or not positive definite
     */
    public FullCovarianceGaussianPrior {
        mean = Objects.requireNonNull(mean, "FullCovarianceGaussianPrior.mean").clone();
        Objects.requireNonNull(covariance, "FullCovarianceGaussianPrior.covariance");
        int d = mean.length;
        if (d == 0) {
            throw new IllegalArgumentException("FullCovarianceGaussianPrior.mean is empty");
        }
        if (covariance.length != d) {
            throw new IllegalArgumentException("FullCovarianceGaussianPrior.covariance has " + covariance.length
                    + " rows but mean has " + d + " values");
        }
        double[][] copy = new double[d][];
        for (int i = 0; i < d; i++) {
            if (!Double.isFinite(mean[i])) {
                throw new IllegalArgumentException("FullCovarianceGaussianPrior.mean[" + i + "] must be finite, got "
                        + mean[i]);
            }
            Objects.requireNonNull(covariance[i], "FullCovarianceGaussianPrior.covariance[" + i + "]");
            if (covariance[i].length != d) {
                throw new IllegalArgumentException("FullCovarianceGaussianPrior.covariance[" + i + "] has "
                        + covariance[i].length + " values, expected " + d);
            }
            copy[i] = covariance[i].clone();
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(copy[i][j])) {
                    throw new IllegalArgumentException("FullCovarianceGaussianPrior.covariance[" + i + "][" + j
                            + "] must be finite, got " + copy[i][j]);
                }
            }
        }
        covariance = copy;
        cholesky(covariance);
    }

    /**
     * @return the Cholesky decomposition of S
     * @throws IllegalArgumentException if S is not symmetric or not positive definite
     */
    private static CholeskyDecomposition cholesky(double[][] covariance) {
        try {
            return new CholeskyDecomposition(MatrixUtils.createRealMatrix(covariance), 1e-10, 1e-12);
        } catch (NonSymmetricMatrixException e) {
            throw new IllegalArgumentException("FullCovarianceGaussianPrior.covariance is not symmetric: "
                    + e.getMessage(), e);
        } catch (NonPositiveDefiniteMatrixException e) {
            throw new IllegalArgumentException("FullCovarianceGaussianPrior.covariance is not positive definite: "
                    + e.getMessage(), e);
        }
    }

    /** @return the prior mean (a copy) */
    @Override
    public double[] mean() {
        return mean.clone();
    }

    /** @return the covariance S (a copy) */
    @Override
    public double[][] covariance() {
        double[][] copy = new double[covariance.length][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = covariance[i].clone();
        }
        return copy;
    }

    /** @return true: the KL from a full-covariance posterior has the closed form of {@link
     *     LearnedFullCovarianceGaussianPrior} */
    @Override
    public boolean hasClosedFormKlFromFullCovariance() {
        return true;
    }

    @Override
    public void checkLatentSize(int latentSize) {
        if (mean.length != latentSize) {
            throw new IllegalArgumentException("FullCovarianceGaussianPrior.mean has " + mean.length
                    + " dimensions but latentSize is " + latentSize);
        }
    }

    @Override
    public Distribution define(GraphContext ctx, int latentSize) {
        checkLatentSize(latentSize);
        SameDiff sd = ctx.sd();
        int d = latentSize;
        CholeskyDecomposition chol = cholesky(covariance);
        RealMatrix inverse = chol.getSolver().getInverse();
        double[] precision = new double[d * d];
        double[] precisionDiagonal = new double[d];
        double[] twoLogL = new double[d];
        double logDet = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                precision[i * d + j] = 0.5 * (inverse.getEntry(i, j) + inverse.getEntry(j, i));
            }
            precisionDiagonal[i] = precision[i * d + i];
            twoLogL[i] = 2 * Math.log(chol.getL().getEntry(i, i));
            logDet += twoLogL[i];
        }
        SDVariable m = ctx.constant("mean", mean, 1, d);
        SDVariable p = ctx.constant("precision", precision, d, d);
        SDVariable pDiag = ctx.constant("precision_diagonal", precisionDiagonal, 1, d);
        SDVariable logDetTerms = ctx.constant("log_det_terms", twoLogL, 1, d);
        double normalizer = d * LOG_2PI + logDet;
        double[] lower = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                lower[i * d + j] = chol.getL().getEntry(i, j);
            }
        }
        CholeskyGaussianVariables factor = new CholeskyGaussianVariables(new DiagonalGaussianVariables(m, logDetTerms),
                ctx.constant("lower", lower, 1, d, d));
        return new Distribution() {
            @Override
            public SDVariable klDivergencePerDimension(DiagonalGaussianVariables q) {
                SDVariable logVar = q.logVariance();
                SDVariable diff = q.mean().sub(m);
                SDVariable quadratic = diff.mul(diff.mmul(p));
                return sd.math().exp(logVar).mul(pDiag).add(quadratic).sub(1.0).add(logDetTerms).sub(logVar)
                        .mul(0.5);
            }

            /** The learned prior's algebra with L constant, added to the graph only when asked for. */
            @Override
            public SDVariable klDivergence(CholeskyGaussianVariables q) {
                return LearnedFullCovarianceGaussianPrior.distribution(factor, d).klDivergence(q);
            }

            @Override
            public SDVariable logDensity(SDVariable z) {
                SDVariable diff = z.sub(m);
                return diff.mul(diff.mmul(p)).sum(1).add(normalizer).mul(-0.5);
            }

        };
    }

    /** z = m + L eps, eps ~ N(0, I): row vectors z = m + eps L^T. */
    @Override
    public INDArray sample(int n, int latentSize, RandomGenerator random, DataType dataType) {
        checkLatentSize(latentSize);
        INDArray eps = Gaussians.sample(n, latentSize, random, DataType.DOUBLE);
        INDArray lT = Nd4j.create(cholesky(covariance).getLT().getData()).castTo(DataType.DOUBLE);
        INDArray m = Nd4j.create(mean, new long[] {1, latentSize}, DataType.DOUBLE);
        return eps.mmul(lT).addiRowVector(m).castTo(dataType);
    }

    /** Compares the arrays' contents. */
    @Override
    public boolean equals(Object o) {
        return o instanceof FullCovarianceGaussianPrior p && Arrays.equals(mean, p.mean)
                && Arrays.deepEquals(covariance, p.covariance);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.deepHashCode(covariance);
    }

    @Override
    public String toString() {
        return "FullCovarianceGaussianPrior[mean=" + Arrays.toString(mean) + ", covariance="
                + Arrays.deepToString(covariance) + "]";
    }
}
