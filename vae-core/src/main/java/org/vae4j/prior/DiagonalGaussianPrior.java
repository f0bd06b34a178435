package org.vae4j.prior;

import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.nn.DiagonalGaussianVariables;
import org.vae4j.nn.GraphContext;

/**
 * A fixed diagonal Gaussian prior p(z) = N(m, diag(s^2)), with the closed-form KL divergence of a diagonal
 * Gaussian posterior q = N(mu, diag(sigma^2)) (e.g. Bishop 2006, eq. 2.230 specialized to diagonal covariances):
 * KL(q || p) = 1/2 sum_j [log(s_j^2 / sigma_j^2) + (sigma_j^2 + (mu_j - m_j)^2) / s_j^2 - 1], and its log-density
 * log N(z; m, diag(s^2)) = -1/2 sum_j (log 2 pi + log s_j^2 + (z_j - m_j)^2 / s_j^2).
 */
public record DiagonalGaussianPrior(double[] mean, double[] standardDeviation) implements Prior {

    /**
     * Copies and validates the arrays.
     *
     * @param mean the prior mean m, one value per latent dimension
     * @param standardDeviation the prior standard deviation s, one positive value per latent dimension
     * @throws IllegalArgumentException if the lengths differ, a value is not finite, or a deviation is not positive
     */
    public DiagonalGaussianPrior {
        mean = Objects.requireNonNull(mean, "DiagonalGaussianPrior.mean").clone();
        standardDeviation = Objects.requireNonNull(standardDeviation, "DiagonalGaussianPrior.standardDeviation").clone();
        if (mean.length != standardDeviation.length) {
            throw new IllegalArgumentException("DiagonalGaussianPrior.mean has " + mean.length
                    + " values but standardDeviation has " + standardDeviation.length);
        }
        for (int j = 0; j < mean.length; j++) {
            if (!Double.isFinite(mean[j])) {
                throw new IllegalArgumentException("DiagonalGaussianPrior.mean[" + j + "] must be finite, got "
                        + mean[j]);
            }
            if (!(standardDeviation[j] > 0) || Double.isInfinite(standardDeviation[j])) {
                throw new IllegalArgumentException("DiagonalGaussianPrior.standardDeviation[" + j
                        + "] must be positive and finite, got " + standardDeviation[j]);
            }
        }
    }

    /** @return the prior mean, one value per latent dimension (a copy) */
    @Override
    public double[] mean() {
        return mean.clone();
    }

    /** @return the prior standard deviation, one value per latent dimension (a copy) */
    @Override
    public double[] standardDeviation() {
        return standardDeviation.clone();
    }

    @Override
    public void checkLatentSize(int latentSize) {
        if (mean.length != latentSize) {
            throw new IllegalArgumentException("DiagonalGaussianPrior has " + mean.length
                    + " dimensions but latentSize is " + latentSize);
        }
    }

    @Override
    public Distribution define(GraphContext ctx, int latentSize) {
        checkLatentSize(latentSize);
        SameDiff sd = ctx.sd();
        double[] variance = new double[latentSize];
        double[] logVariance = new double[latentSize];
        for (int j = 0; j < latentSize; j++) {
            variance[j] = standardDeviation[j] * standardDeviation[j];
            logVariance[j] = Math.log(variance[j]);
        }
        SDVariable m = ctx.constant("mean", mean, 1, latentSize);
        SDVariable s2 = ctx.constant("variance", variance, 1, latentSize);
        SDVariable logS2 = ctx.constant("log_variance", logVariance, 1, latentSize);
        double logNormalizer = logNormalizer();
        SDVariable s = ctx.constant("standard_deviation", standardDeviation, 1, latentSize);
        return new Distribution() {
            @Override
            public SDVariable klDivergencePerDimension(DiagonalGaussianVariables q) {
                SDVariable logVar = q.logVariance();
                SDVariable ratio = sd.math().exp(logVar).add(sd.math().square(q.mean().sub(m))).div(s2);
                return logS2.sub(logVar).add(ratio).sub(1.0).mul(0.5);
            }

            @Override
            public SDVariable logDensity(SDVariable z) {
                return sd.math().square(z.sub(m).div(s)).sum(1).add(logNormalizer).mul(-0.5);
            }
        };
    }

    /** @return sum_j (log 2 pi + log s_j^2), the constant of -2 log p(z) */
    private double logNormalizer() {
        double constant = 0;
        for (double sd : standardDeviation) {
            constant += Math.log(2 * Math.PI) + 2 * Math.log(sd);
        }
        return constant;
    }

    @Override
    public INDArray sample(int n, int latentSize, RandomGenerator random, DataType dataType) {
        checkLatentSize(latentSize);
        INDArray eps = Gaussians.sample(n, latentSize, random, DataType.DOUBLE);
        INDArray m = Nd4j.create(mean, new long[] {1, latentSize}, DataType.DOUBLE);
        INDArray s = Nd4j.create(standardDeviation, new long[] {1, latentSize},
                DataType.DOUBLE);
        return eps.muliRowVector(s).addiRowVector(m).castTo(dataType);
    }

    /** Compares the arrays' contents (a record's default would compare their identities). */
    @Override
    public boolean equals(Object o) {
        return o instanceof DiagonalGaussianPrior p && Arrays.equals(mean, p.mean)
                && Arrays.equals(standardDeviation, p.standardDeviation);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(standardDeviation);
    }

    @Override
    public String toString() {
        return "DiagonalGaussianPrior[mean=" + Arrays.toString(mean) + ", standardDeviation="
                + Arrays.toString(standardDeviation) + "]";
    }
}
