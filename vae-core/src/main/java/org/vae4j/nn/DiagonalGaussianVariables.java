package org.vae4j.nn;

import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A batch of diagonal Gaussians N(mean, diag(exp(logVariance))) as graph variables, such as the encoder's posterior
 * q(z|x); {@link org.vae4j.DiagonalGaussian} holds the same on the host, as arrays. Gives the reparameterized
 * sample and the log-density at that sample, in the graph, and the log-density on the host
 * ({@link #logDensityOfSample(double, double, int)}) for importance sampling.
 *
 * @param mean the means, shape {@code [batch, latentSize]}
 * @param logVariance the natural logs of the variances, shape {@code [batch, latentSize]}
 */
public record DiagonalGaussianVariables(SDVariable mean, SDVariable logVariance) {

    /** log(2 pi), the per-dimension constant of -2 log N. */
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    /**
     * @param mean the means, shape {@code [batch, latentSize]}
     * @param logVariance the natural logs of the variances, shape {@code [batch, latentSize]}
     * @throws NullPointerException if an argument is null
     */
    public DiagonalGaussianVariables {
        Objects.requireNonNull(mean, "mean");
        Objects.requireNonNull(logVariance, "logVariance");
    }

    /**
     * The reparameterized sample z = mean + exp(logVariance / 2) * eps, elementwise, which is distributed as
     * N(mean, diag(exp(logVariance))) for eps ~ N(0, I) and differentiable in mean and logVariance (Kingma &amp;
     * Welling 2014, "Auto-Encoding Variational Bayes", section 2.4, and the z of eq. 10).
     *
     * @param eps standard normal noise, shape {@code [batch, latentSize]}
     * @return z, shape {@code [batch, latentSize]}
     */
    public SDVariable sample(SDVariable eps) {
        SameDiff sd = mean.getSameDiff();
        return mean.add(sd.math().exp(logVariance.mul(0.5)).mul(eps));
    }

    /**
     * The log-density of the sample {@link #sample sample(eps)} under this distribution, from the noise: since
     * (z_j - mean_j) / sigma_j = eps_j,
     * log N(z; mean, diag(sigma^2)) = -1/2 sum_j (log 2 pi + logVariance_j + eps_j^2), the log q(z|x) of the
     * importance weights of Burda, Grosse &amp; Salakhutdinov 2016, "Importance Weighted Autoencoders", eq. 8.
     * {@link #logDensityOfSample(double, double, int)} computes the same on the host.
     *
     * @param eps the standard normal noise the sample was drawn with, shape {@code [batch, latentSize]}
     * @return log q(z) per row in nats, shape {@code [batch]}
     */
    public SDVariable logDensityOfSample(SDVariable eps) {
        SameDiff sd = mean.getSameDiff();
        return logVariance.add(sd.math().square(eps)).add(LOG_2PI).sum(1).mul(-0.5);
    }

    /**
     * The terms of {@link #logDensityOfSample(SDVariable)} per dimension: log N(z_j; mean_j, sigma_j^2) =
     * -1/2 (log 2 pi + logVariance_j + eps_j^2) at z = {@link #sample sample(eps)}.
     *
     * @param eps the standard normal noise the sample was drawn with, shape {@code [batch, latentSize]}
     * @return log q(z_j) per row and dimension in nats, shape {@code [batch, latentSize]}
     */
    public SDVariable logDensityOfSamplePerDimension(SDVariable eps) {
        SameDiff sd = mean.getSameDiff();
        return logVariance.add(sd.math().square(eps)).add(LOG_2PI).mul(-0.5);
    }

    /**
     * The host-side twin of {@link #logDensityOfSample(SDVariable)} for one row, in double precision:
     * -1/2 (latentSize log 2 pi + sum_j logVariance_j + sum_j eps_j^2).
     *
     * @param logVarianceSum sum_j logVariance_j of the row's distribution
     * @param epsSquaredSum sum_j eps_j^2 of the noise the sample was drawn with
     * @param latentSize the number of dimensions
     * @return log N(z; mean, diag(exp(logVariance))) at z = mean + exp(logVariance / 2) * eps, in nats
     */
    public static double logDensityOfSample(double logVarianceSum, double epsSquaredSum, int latentSize) {
        return -0.5 * (latentSize * LOG_2PI + logVarianceSum + epsSquaredSum);
    }

    /**
     * The distributions repeated k times, sample-major: row {@code s * batch + i} is row i, for the k samples per
     * example of an importance-weighted objective (noise of shape {@code [k * batch, latentSize]}).
     *
     * @param k repetitions, {@code >= 1}
     * @return mean and log-variance of shape {@code [k * batch, latentSize]}
     */
    public DiagonalGaussianVariables tile(int k) {
        SameDiff sd = mean.getSameDiff();
        return new DiagonalGaussianVariables(sd.tile(mean, k, 1), sd.tile(logVariance, k, 1));
    }
}
