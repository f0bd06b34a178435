package org.vae4j.nn;

import org.nd4j.autodiff.samediff.SDVariable;
import org.vae4j.data.ImageShape;

/**
 * The inference network q(z|x) (or q(z|x, y) in a conditional VAE): maps a batch of inputs to the mean and
 * log-variance of a diagonal Gaussian posterior over the latent variables.
 *
 * <p>An encoder is a description (usually an immutable record, so that it can be saved in a model file);
 * {@link #define} adds its parameters to a graph once and returns the function that applies them. Write your own by
 * implementing this interface: add parameters with the layer blocks ({@link Dense}, {@link Conv2d},
 * {@link ConvTranspose2d}, {@link LayerNorm}, {@link Reshape}) or {@link GraphContext#uniformParameter} inside the
 * name scope the caller opened, and return the ops that compute the posterior. {@code vae-examples} has a worked
 * example ({@code com.example.custom.NormalizedConvEncoder}).
 */
public interface Encoder {

    /**
     * Adds this encoder's parameters to the graph and returns the network that uses them.
     *
     * @param ctx the graph being built; the caller has opened the name scope {@code "encoder"}
     * @param inputShape the shape of one input image (a flat vector of n features is {@code 1 x 1 x n}); the network
     *     receives it flattened to {@code [batch, inputShape.size()]}
     * @param conditionSize the size of the condition vector y of a conditional VAE, or 0 for an unconditional one
     * @param latentSize the number of latent dimensions
     * @return the network
     * @throws IllegalArgumentException if the encoder cannot work on this shape (e.g. a kernel larger than the image)
     */
    Network define(GraphContext ctx, ImageShape inputShape, int conditionSize, int latentSize);

    /** An encoder's parameters, bound to one graph. */
    @FunctionalInterface
    interface Network {
        /**
         * @param x inputs, shape {@code [batch, inputShape.size()]} (flattened channel-first images)
         * @param condition the condition y, {@code [batch, conditionSize]}, or null when {@code conditionSize} is 0
         * @return the posterior's mean and log-variance, each {@code [batch, latentSize]}
         */
        DiagonalGaussianVariables encode(SDVariable x, SDVariable condition);
    }
}
