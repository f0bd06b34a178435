package org.vae4j.prior;

import java.util.random.RandomGenerator;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.nn.DiagonalGaussianVariables;
import org.vae4j.nn.GraphContext;

/**
 * The prior p(z) over the latent variables: its log-density (for the Monte Carlo KL and importance sampling), its
 * KL divergence from a diagonal Gaussian posterior where that has a closed form, and sampling.
 */
public interface Prior {

    /**
     * Whether {@link Distribution#klDivergencePerDimension} is available: the KL divergence from a diagonal Gaussian
     * posterior has a closed form. A configuration may choose {@link KlEstimator#CLOSED_FORM} only then.
     *
     * @return true for the Gaussian priors; default true
     */
    default boolean hasClosedFormKl() {
        return true;
    }

    /**
     * Whether {@link Distribution#klDivergence(org.vae4j.nn.CholeskyGaussianVariables)} is available: the KL
     * divergence from a full-covariance Gaussian posterior has a closed form. A configuration with that posterior may
     * choose {@link KlEstimator#CLOSED_FORM} only then.
     *
     * @return default false
     */
    default boolean hasClosedFormKlFromFullCovariance() {
        return false;
    }

    /**
     * @return the estimator a configuration uses unless told otherwise: {@link KlEstimator#CLOSED_FORM} when
     *     {@link #hasClosedFormKl()}, else {@link KlEstimator#MONTE_CARLO}
     */
    default KlEstimator defaultKlEstimator() {
        return hasClosedFormKl() ? KlEstimator.CLOSED_FORM : KlEstimator.MONTE_CARLO;
    }

    /**
     * Checks that this prior fits a latent space of the given size.
     *
     * @param latentSize the number of latent dimensions
     * @throws IllegalArgumentException naming the field if it does not fit
     */
    void checkLatentSize(int latentSize);

    /**
     * Whether the prior has trained parameters (or depends on the encoder's), so that it must be sampled in the
     * graph ({@link Distribution#sample}) rather than by {@link #sample} on the host.
     *
     * @return default false
     */
    default boolean hasLearnedParameters() {
        return false;
    }

    /**
     * @return the number of mixture components K, the width of the uniform noise {@link Distribution#sample} takes;
     *     1 for a prior that is not a mixture
     */
    default int mixtureComponents() {
        return 1;
    }

    /**
     * Adds the prior to the graph, for a prior that depends on the encoder (the VampPrior). The default ignores the
     * encoder and calls {@link #define(GraphContext, int)}.
     *
     * @param ctx the graph being built; the caller has opened the name scope {@code "prior"}
     * @param latentSize the number of latent dimensions
     * @param encoder the encoder's network, already defined
     * @param inputSize the features per example the encoder takes
     * @return the prior bound to that graph
     */
    default Distribution define(GraphContext ctx, int latentSize, org.vae4j.nn.Encoder.Network encoder,
            int inputSize) {
        return define(ctx, latentSize);
    }

    /**
     * Adds the prior's constants (or parameters) to the graph.
     *
     * @param ctx the graph being built; the caller has opened the name scope {@code "prior"}
     * @param latentSize the number of latent dimensions
     * @return the prior bound to that graph
     */
    Distribution define(GraphContext ctx, int latentSize);

    /**
     * Draws latent codes on the host (a {@linkplain #hasLearnedParameters() learned} prior throws
     * {@link UnsupportedOperationException}: it is sampled in the graph, through {@code Vae.generate}).
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
         * The closed-form KL divergence of a diagonal Gaussian posterior from the prior, split into one term per
         * latent dimension that sum to the whole divergence: KL(q(z_j|x) || p(z_j)) when the prior factorizes over
         * dimensions.
         *
         * @param q the diagonal Gaussian posterior, mean and log-variance {@code [batch, latentSize]}
         * @return the terms in nats, shape {@code [batch, latentSize]}
         * @throws UnsupportedOperationException if the prior has no closed-form KL ({@link Prior#hasClosedFormKl()}
         *     is false)
         */
        default SDVariable klDivergencePerDimension(DiagonalGaussianVariables q) {
            throw new UnsupportedOperationException(getClass().getName() + " has no closed-form KL divergence;"
                    + " use KlEstimator.MONTE_CARLO");
        }

        /**
         * The log-densities of the prior's one-dimensional marginals p(z_j), for the per-dimension Monte Carlo KL
         * diagnostic of a prior without a closed form (log q(z_j|x) - log p(z_j) estimates KL(q(z_j|x) || p(z_j))).
         *
         * @param z latent codes, {@code [n, latentSize]}
         * @return log p(z_j) per row and dimension in nats, {@code [n, latentSize]}
         * @throws UnsupportedOperationException if not implemented (a prior with a closed-form KL need not)
         */
        default SDVariable marginalLogDensities(SDVariable z) {
            throw new UnsupportedOperationException(getClass().getName() + " has no marginal log-densities");
        }

        /**
         * @param q the diagonal Gaussian posterior, mean and log-variance {@code [batch, latentSize]}
         * @return KL(q(z|x) || p(z)) per example in nats, shape {@code [batch]}: the sum over dimensions of
         *     {@link #klDivergencePerDimension}
         * @throws UnsupportedOperationException if the prior has no closed-form KL
         */
        default SDVariable klDivergence(DiagonalGaussianVariables q) {
            return klDivergencePerDimension(q).sum(1);
        }

        /**
         * The closed-form KL divergence of a full-covariance Gaussian posterior N(mu, L L^T) from the prior.
         *
         * @param q the posterior: mean and log of the squared diagonal of L {@code [batch, latentSize]}, the strictly
         *     lower part of L {@code [batch, latentSize, latentSize]}
         * @return KL(q(z|x) || p(z)) per example in nats, {@code [batch]}
         * @throws UnsupportedOperationException if not implemented (the default)
         */
        default SDVariable klDivergence(org.vae4j.nn.CholeskyGaussianVariables q) {
            throw new UnsupportedOperationException(getClass().getName() + " has no closed-form KL divergence from"
                    + " a full-covariance posterior; use KlEstimator.MONTE_CARLO");
        }

        /**
         * Draws latent codes in the graph from host-drawn noise (for a {@linkplain Prior#hasLearnedParameters() learned} prior).
         *
         * @param normal N(0, 1) noise, {@code [n, latentSize]}
         * @param uniform U(0, 1) noise, {@code [n, mixtureComponents]}, to pick a mixture component
         * @return z, {@code [n, latentSize]}
         * @throws UnsupportedOperationException if not implemented (the default; fixed priors sample on the host)
         */
        default SDVariable sample(SDVariable normal, SDVariable uniform) {
            throw new UnsupportedOperationException(getClass().getName() + " samples on the host");
        }

        /**
         * The log-density of latent codes in the graph, used by the Monte Carlo KL, the importance-weighted objective
         * and, as the graph's
         * {@code latent_log_prior} output, by the importance-sampled estimate of log p(x).
         *
         * @param z latent codes, {@code [n, latentSize]}
         * @return log p(z) per row in nats, {@code [n]}
         */
        SDVariable logDensity(SDVariable z);
    }
}
