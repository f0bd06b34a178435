package org.vae4j.nn;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The inference network q(z|x): maps a batch of inputs to the mean and log-variance of a diagonal Gaussian
 * posterior over the latent variables.
 *
 * <p>An encoder is a description (usually an immutable record); {@link #define} adds its parameters to a graph
 * once and returns the function that applies them. Write your own by implementing this interface: add parameters
 * with {@link GraphContext#uniformParameter} (or {@code ctx.sd().var(..)}) inside the name scope the caller opened,
 * and return the ops that compute the posterior.
 */
public interface Encoder {

    /**
     * Adds this encoder's parameters to the graph and returns the network that uses them.
     *
     * @param ctx the graph being built; the caller has opened the name scope {@code "encoder"}
     * @param inputSize the number of input features per example (784 for MNIST)
     * @param latentSize the number of latent dimensions
     * @return the network, to be applied to inputs of shape {@code [batch, inputSize]}
     */
    Network define(GraphContext ctx, int inputSize, int latentSize);

    /** An encoder's parameters, bound to one graph. */
    @FunctionalInterface
    interface Network {
        /**
         * @param x inputs, shape {@code [batch, inputSize]}
         * @return the posterior's mean and log-variance, each {@code [batch, latentSize]}
         */
        Posterior encode(SDVariable x);
    }
}
