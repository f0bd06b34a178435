package org.vae4j.nn;

import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.vae4j.data.ImageShape;

/**
 * The kernel and bias of a {@link Conv2d} or a {@link ConvTranspose2d}, with the shapes of one input and one output
 * image.
 *
 * @param weights the kernel, {@code [k, k, C, C']} for a convolution, {@code [k, k, C', C]} for a transposed one
 * @param bias the bias, {@code [C']}
 * @param inputShape C x H x W
 * @param outputShape C' x H' x W'
 */
record ConvParameters(SDVariable weights, SDVariable bias, ImageShape inputShape, ImageShape outputShape) {

    /**
     * Adds {@code <name>/W} and then {@code <name>/b} to the graph, both ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)) as
     * PyTorch initializes {@code nn.Conv2d} and {@code nn.ConvTranspose2d}. SameDiff's kernel layouts are
     * {@code [k, k, in, out]} for {@code conv2d} and {@code [k, k, out, in]} for {@code deconv2d}; either way
     * PyTorch's fan_in is the third axis times k k: C k k for a convolution, C' k k for a transposed one.
     *
     * @param ctx the graph being built
     * @param name the layer's name, unique within the current name scope
     * @param in the shape of one input image
     * @param layer output channels, kernel size, stride and padding
     * @param transposed whether the layer is a transposed convolution
     * @return the parameters and shapes
     * @throws IllegalArgumentException if the output shape would be empty or the kernel does not fit the input
     */
    static ConvParameters define(GraphContext ctx, String name, ImageShape in, ConvLayer layer, boolean transposed) {
        Objects.requireNonNull(in, "in");
        ImageShape out = transposed ? layer.transposedOutputShape(in) : layer.outputShape(in);
        int k = layer.kernelSize();
        int kernelIn = transposed ? out.channels() : in.channels();
        int kernelOut = transposed ? in.channels() : out.channels();
        double bound = 1.0 / Math.sqrt((double) kernelIn * k * k);
        SDVariable w = ctx.uniformParameter(name + "/" + ParameterNames.WEIGHTS, bound, k, k, kernelIn, kernelOut);
        SDVariable b = ctx.uniformParameter(name + "/" + ParameterNames.BIAS, bound, out.channels());
        return new ConvParameters(w, b, in, out);
    }
}
