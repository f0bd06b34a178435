package org.vae4j.nn;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The generative network: maps latent codes z to the parameters of the likelihood p(x|z) (for example the
 * Bernoulli logits or the Gaussian means of every pixel).
 *
 * <p>{@link #define} adds the decoder's parameters to a graph once and returns the function that applies them. The
 * VAE applies that function twice with the same parameters: to the reparameterized z in the training path and to
 * a latent placeholder in the generation path, so that decoding and generation need no input image.
 */
public interface Decoder {

    /**
     * Adds this decoder's parameters to the graph and returns the network that uses them.
     *
     * @param ctx the graph being built; the caller has opened the name scope {@code "decoder"}
     * @param latentSize the number of latent dimensions
     * @param outputSize the number of likelihood parameters per example (usually the input size, 784 for MNIST)
     * @return the network, which may be applied several times and always shares these parameters
     */
    Network define(GraphContext ctx, int latentSize, int outputSize);

    /** A decoder's parameters, bound to one graph. */
    @FunctionalInterface
    interface Network {
        /**
         * @param z latent codes, shape {@code [batch, latentSize]}
         * @return likelihood parameters, shape {@code [batch, outputSize]}
         */
        SDVariable decode(SDVariable z);
    }
}
