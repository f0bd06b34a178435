package org.vae4j.nn;

import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The encoder's output in the graph: the diagonal Gaussian posterior q(z|x) = N(mean, diag(exp(logVariance))).
 *
 * @param mean the posterior mean, shape {@code [batch, latentSize]}
 * @param logVariance the natural log of the posterior variance, shape {@code [batch, latentSize]}
 */
public record DiagonalGaussianVariables(SDVariable mean, SDVariable logVariance) {

    /**
     * @param mean the posterior mean, shape {@code [batch, latentSize]}
     * @param logVariance the natural log of the posterior variance, shape {@code [batch, latentSize]}
     * @throws NullPointerException if an argument is null
     */
    public DiagonalGaussianVariables {
        Objects.requireNonNull(mean, "mean");
        Objects.requireNonNull(logVariance, "logVariance");
    }
}
