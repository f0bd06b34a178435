package org.vae4j.nn;

/**
 * The family of the approximate posterior q(z|x) the encoder outputs.
 *
 * <p>{@link #DIAGONAL}: N(mu, diag(sigma^2)), the encoder's mean and log-variance (Kingma &amp; Welling 2014).
 * {@link #FULL_COVARIANCE}: N(mu, L L^T) with the Cholesky factor L = diag(sigma) + B, B strictly lower triangular,
 * output by a dense head of the encoder ({@code encoder/cholesky}) from the input and the encoder's mean and
 * log-variance (initialized to 0, so training starts from the diagonal posterior); the sample is z = mu + L eps
 * (Kingma, Salimans &amp; Welling 2016, "Improved Variational Inference with Inverse Autoregressive Flow", section
 * 3, the "full-covariance Gaussian" baseline), and since det L = prod_j sigma_j its log-density at the sample and
 * its entropy are those of the diagonal part:
 * log q(z|x) = -1/2 sum_j (log 2 pi + log sigma_j^2 + eps_j^2), H(q) = 1/2 sum_j (1 + log 2 pi + log sigma_j^2).
 */
public enum PosteriorFamily {
    /** N(mu, diag(sigma^2)). */
    DIAGONAL,
    /** N(mu, L L^T), L = diag(sigma) + B with B strictly lower triangular. */
    FULL_COVARIANCE
}
