package org.vae4j.nn;

import org.nd4j.autodiff.samediff.SDVariable;
import org.vae4j.data.ImageShape;

/**
 * The generative network: maps latent codes z to the parameters of the likelihood p(x|z) (for example the
 * Bernoulli logits or the Gaussian means of every pixel).
 *
 * <p>{@link #define} adds the decoder's parameters to a graph once and returns the function that applies them. The
 * VAE applies that function twice with the same parameters: to the reparameterized z in the training path and to
 * a latent placeholder in the generation path, so that decoding and generation need no input image.
 *
 * <p>In a conditional VAE the graph feeds the decoder the latent code and the condition concatenated, [z, y]
 * (Sohn, Lee &amp; Yan 2015, section 4), so p(x|z, y) needs no code of its own: {@code inputSize} is then
 * latentSize + conditionSize.
 */
public interface Decoder {

    /**
     * Adds this decoder's parameters to the graph and returns the network that uses them.
     *
     * @param ctx the graph being built; the caller has opened the name scope {@code "decoder"}
     * @param inputSize the size of the decoder's input: the number of latent dimensions, plus the condition size in
     *     a conditional VAE
     * @param outputShape the shape of one image the decoder describes; it returns {@code outputShape.size()}
     *     likelihood parameters per example, in the same flattened channel-first order as the data; for a likelihood
     *     with more parameters than features ({@code Likelihood.parameterSize}, e.g. the mixed likelihood of a
     *     table) it is the flat {@code ImageShape.vector(parameterSize)}
     * @return the network, which may be applied several times and always shares these parameters
     * @throws IllegalArgumentException if the decoder cannot produce this shape
     */
    Network define(GraphContext ctx, int inputSize, ImageShape outputShape);

    /** A decoder's parameters, bound to one graph. */
    @FunctionalInterface
    interface Network {
        /**
         * @param z latent codes (with the condition appended in a conditional VAE), shape {@code [batch, inputSize]}
         * @return likelihood parameters, shape {@code [batch, outputShape.size()]}
         */
        SDVariable decode(SDVariable z);
    }
}
