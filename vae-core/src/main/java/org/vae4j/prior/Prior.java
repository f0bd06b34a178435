package org.vae4j.prior;

import java.util.random.RandomGenerator;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.nn.DiagonalGaussianVariables;
import org.vae4j.nn.GraphContext;

/** The prior p(z) over the latent variables: its KL divergence from the posterior, and sampling. */
public interface Prior {

    /**
     * Checks that this prior fits a latent space of the given size.
     *
     * @param latentSize the number of latent dimensions
     * @throws IllegalArgumentException naming the field if it does not fit
     */
    void checkLatentSize(int latentSize);

    /**
     * Adds the prior's constants (or parameters) to the graph.
     *
     * @param ctx the graph being built; the caller has opened the name scope {@code "prior"}
     * @param latentSize the number of latent dimensions
     * @return the prior bound to that graph
     */
    Distribution define(GraphContext ctx, int latentSize);

    /**
     * Draws latent codes on the host.
     *
     * @param n how many codes
     * @param latentSize the number of latent dimensions
     * @param random the source of randomness
     * @param dataType the floating-point type of the result
     * @return samples, shape {@code [n, latentSize]}
     */
    INDArray sample(int n, int latentSize, RandomGenerator random, DataType dataType);

    /** The prior bound to one graph. */
    interface Distribution {
        /**
         * The KL divergence of a diagonal Gaussian posterior from the prior, one term per latent dimension (both
         * factorize over dimensions, so the terms sum to the whole divergence).
         *
         * @param q the diagonal Gaussian posterior, mean and log-variance {@code [batch, latentSize]}
         * @return KL(q(z_j|x) || p(z_j)) in nats, shape {@code [batch, latentSize]}
         */
        SDVariable klDivergencePerDimension(DiagonalGaussianVariables q);

        /**
         * @param q the diagonal Gaussian posterior, mean and log-variance {@code [batch, latentSize]}
         * @return KL(q(z|x) || p(z)) per example in nats, shape {@code [batch]}: the sum over dimensions of
         *     {@link #klDivergencePerDimension}
         */
        default SDVariable klDivergence(DiagonalGaussianVariables q) {
            return klDivergencePerDimension(q).sum(1);
        }

        /**
         * The log-density of latent codes in the graph, used by the importance-weighted objective and, as the graph's
         * {@code latent_log_prior} output, by the importance-sampled estimate of log p(x).
         *
         * @param z latent codes, {@code [n, latentSize]}
         * @return log p(z) per row in nats, {@code [n]}
         */
        SDVariable logDensity(SDVariable z);
    }
}
