package org.vae4j.nn;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;
import org.vae4j.data.ImageShape;

/**
 * A 2-D transposed convolution ("deconvolution") layer on channel-first images: {@code [batch, C, H, W]} to
 * {@code [batch, C', (H - 1) s + k - 2p, (W - 1) s + k - 2p]} (see {@link ConvLayer#transposedOutputShape}), the
 * shape-inverse of a {@link Conv2d} with the same settings. Parameters, inside the caller's name scope:
 * {@code <name>/W} ({@code [k, k, C', C]}, SameDiff's kernel-height, kernel-width, out, in layout) and
 * {@code <name>/b} ({@code [C']}) (suffixes: {@link ParameterNames}).
 *
 * <p>Initialization follows PyTorch's {@code nn.ConvTranspose2d} default: W and b ~ U(-1/sqrt(fan_in),
 * 1/sqrt(fan_in)) with PyTorch's fan_in = C' k k. Executes SameDiff's {@code deconv2d} op (NCHW), whose gradient is
 * checked by central differences in {@code LayerGradientCheckTest}.
 */
public final class ConvTranspose2d {
    private final GraphContext ctx;
    private final ConvParameters parameters;
    private final DeConv2DConfig conv;

    private ConvTranspose2d(GraphContext ctx, ConvParameters parameters, DeConv2DConfig conv) {
        this.ctx = ctx;
        this.parameters = parameters;
        this.conv = conv;
    }

    /**
     * Adds the layer's parameters to the graph.
     *
     * @param ctx the graph being built
     * @param name the layer's name, unique within the current name scope
     * @param in the shape of one input image
     * @param layer output channels, kernel size, stride and padding
     * @return the layer
     * @throws IllegalArgumentException if the output would be empty
     */
    public static ConvTranspose2d define(GraphContext ctx, String name, ImageShape in, ConvLayer layer) {
        ConvParameters parameters = ConvParameters.define(ctx, name, in, layer, true);
        int k = layer.kernelSize();
        DeConv2DConfig conv = DeConv2DConfig.builder().kH(k).kW(k).sH(layer.stride()).sW(layer.stride())
                .pH(layer.padding()).pW(layer.padding()).dH(1).dW(1).isSameMode(false)
                .dataFormat(DeConv2DConfig.NCHW).build();
        return new ConvTranspose2d(ctx, parameters, conv);
    }

    /** @return the shape of one input image */
    public ImageShape inputShape() {
        return parameters.inputShape();
    }

    /** @return the shape of one output image */
    public ImageShape outputShape() {
        return parameters.outputShape();
    }

    /**
     * @param x images, shape {@code [batch, C, H, W]}
     * @return the transposed convolution plus bias, shape {@code [batch, C', H', W']}
     */
    public SDVariable apply(SDVariable x) {
        return ctx.sd().cnn().deconv2d(x, parameters.weights(), parameters.bias(), conv);
    }
}
