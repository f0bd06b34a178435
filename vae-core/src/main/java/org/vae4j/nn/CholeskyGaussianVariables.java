package org.vae4j.nn;

import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A batch of full-covariance Gaussians N(mean, L L^T) as graph variables, with the Cholesky factor
 * L = diag(exp(logVariance / 2)) + lower, {@code lower} strictly lower triangular (see
 * {@link PosteriorFamily#FULL_COVARIANCE}). The diagonal part is a {@link DiagonalGaussianVariables}; with
 * {@code lower} = 0 this is that distribution.
 *
 * @param diagonal the mean and the log of the squared diagonal of L, {@code [batch, latentSize]} each
 * @param lower the strictly lower triangular part of L, {@code [batch, latentSize, latentSize]} (entries on and
 *     above the diagonal are 0)
 */
public record CholeskyGaussianVariables(DiagonalGaussianVariables diagonal, SDVariable lower) {

    /** log(2 pi). */
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    /**
     * @param diagonal the mean and the log of the squared diagonal of L
     * @param lower the strictly lower triangular part of L, {@code [batch, latentSize, latentSize]}
     * @throws NullPointerException if an argument is null
     */
    public CholeskyGaussianVariables {
        Objects.requireNonNull(diagonal, "diagonal");
        Objects.requireNonNull(lower, "lower");
    }

    /**
     * The reparameterized sample z = mean + L eps: z_i = mean_i + sigma_i eps_i + sum_{j &lt; i} lower_ij eps_j.
     *
     * @param eps standard normal noise, {@code [batch, latentSize]}
     * @return z, {@code [batch, latentSize]}
     */
    public SDVariable sample(SDVariable eps) {
        SameDiff sd = lower.getSameDiff();
        return diagonal.sample(eps).add(lower.mul(sd.expandDims(eps, 1)).sum(2));
    }

    /**
     * log q(z) at z = {@link #sample sample(eps)}: with z - mean = L eps and det L = prod_j sigma_j,
     * -1/2 sum_j (log 2 pi + logVariance_j + eps_j^2), the same as the diagonal part's.
     *
     * @param eps the noise the sample was drawn with, {@code [batch, latentSize]}
     * @return log q(z) per row in nats, {@code [batch]}
     */
    public SDVariable logDensityOfSample(SDVariable eps) {
        return diagonal.logDensityOfSample(eps);
    }

    /** @return the entropy H(q) = 1/2 sum_j (1 + log 2 pi + logVariance_j) per row in nats, {@code [batch]} */
    public SDVariable entropy() {
        return diagonal.logVariance().add(1 + LOG_2PI).sum(1).mul(0.5);
    }

    /**
     * @return the one-dimensional marginals N(mean_j, S_jj), S_jj = sigma_j^2 + sum_k lower_jk^2 (the diagonal of
     *     L L^T), as a diagonal Gaussian
     */
    public DiagonalGaussianVariables marginals() {
        SameDiff sd = lower.getSameDiff();
        SDVariable variance = sd.math().exp(diagonal.logVariance()).add(sd.math().square(lower).sum(2));
        return new DiagonalGaussianVariables(diagonal.mean(), sd.math().log(variance));
    }

    /**
     * L^-1 of a single distribution (batch 1), without a matrix inverse op (SameDiff 1.0.0-M2.1's
     * {@code matrixInverse} has a wrong gradient and {@code triangularSolve} none): with L = (I + N) D,
     * D = diag(sigma) and N = lower D^-1 strictly lower triangular, hence nilpotent (N^d = 0), the Neumann series
     * (I + N)^-1 = sum_{k &lt; d} (-N)^k is exact; it is evaluated as the product
     * (I - N)(I + N^2)(I + N^4)... of ceil(log2 d) factors, and L^-1 = D^-1 (I + N)^-1. Matrix products only, so
     * the gradient is exact.
     *
     * @param latentSize d, the distribution's dimension, {@code >= 1}
     * @return L^-1, lower triangular, {@code [d, d]}
     */
    public SDVariable inverseFactor(int latentSize) {
        SameDiff sd = lower.getSameDiff();
        int d = latentSize;
        SDVariable inverseSigma = sd.math().exp(diagonal.logVariance().mul(-0.5)).reshape(1, d);
        SDVariable minusN = lower.reshape(d, d).mul(inverseSigma).neg();
        SDVariable identity = sd.constant(org.nd4j.linalg.factory.Nd4j.eye(d).castTo(lower.dataType()));
        SDVariable sum = identity.add(minusN); // the terms k < 2
        SDVariable power = minusN;
        for (int covered = 2; covered < d; covered *= 2) {
            power = power.mmul(power);
            sum = sum.add(sum.mmul(power)); // now the terms k < 2 * covered
        }
        return sum.mul(inverseSigma.reshape(d, 1));
    }

    /**
     * @param k repetitions, {@code >= 1}
     * @return the distributions repeated k times, sample-major, as {@link DiagonalGaussianVariables#tile}
     */
    public CholeskyGaussianVariables tile(int k) {
        SameDiff sd = lower.getSameDiff();
        return new CholeskyGaussianVariables(diagonal.tile(k), sd.tile(lower, k, 1, 1));
    }
}
