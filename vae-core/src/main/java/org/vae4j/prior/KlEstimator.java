package org.vae4j.prior;

/**
 * How the KL divergence KL(q(z|x) || p(z)) of the ELBO is computed.
 *
 * <p>{@link #CLOSED_FORM} evaluates the divergence exactly from the posterior's mean and variance (possible when the
 * prior is Gaussian: {@link StandardNormalPrior}, {@link DiagonalGaussianPrior}, {@link FullCovarianceGaussianPrior},
 * {@link LearnedFullCovarianceGaussianPrior});
 * {@link #MONTE_CARLO} uses the one-sample estimate log q(z|x) - log p(z) at the reparameterized sample
 * z = mu + sigma * eps, with the same noise eps as the reconstruction term (Kingma &amp; Welling 2014, eq. 6, the
 * estimator L^A): unbiased, differentiable through z, and needed when p(z) has no closed-form KL, such as
 * {@link GaussianMixturePrior}. Its variance adds to the gradient noise, so the closed form is preferred where it
 * exists.
 */
public enum KlEstimator {
    /** The exact KL divergence from the posterior's parameters. */
    CLOSED_FORM,
    /** log q(z|x) - log p(z) at the reparameterized sample, one estimate per example. */
    MONTE_CARLO
}
