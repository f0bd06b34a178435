package org.vae4j.nn;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.vae4j.data.ImageShape;

/**
 * A 2-D convolution layer on channel-first images: {@code [batch, C, H, W]} to {@code [batch, C', H', W']} with
 * the shapes of {@link ConvLayer#outputShape}. Parameters, inside the caller's name scope: {@code <name>/W}
 * ({@code [k, k, C, C']}, SameDiff's kernel-height, kernel-width, in, out layout) and {@code <name>/b}
 * ({@code [C']}) (suffixes: {@link ParameterNames}).
 *
 * <p>Initialization follows PyTorch's {@code nn.Conv2d} default: W and b ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with
 * fan_in = C k k. Executes SameDiff's {@code conv2d} op (NCHW, no dilation), whose gradient is checked by central
 * differences in {@code LayerGradientCheckTest}.
 */
public final class Conv2d {
    private final GraphContext ctx;
    private final ConvParameters parameters;
    private final Conv2DConfig conv;

    private Conv2d(GraphContext ctx, ConvParameters parameters, Conv2DConfig conv) {
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
     * @throws IllegalArgumentException if the kernel does not fit the padded input
     */
    public static Conv2d define(GraphContext ctx, String name, ImageShape in, ConvLayer layer) {
        ConvParameters parameters = ConvParameters.define(ctx, name, in, layer, false);
        int k = layer.kernelSize();
        Conv2DConfig conv = Conv2DConfig.builder().kH(k).kW(k).sH(layer.stride()).sW(layer.stride())
                .pH(layer.padding()).pW(layer.padding()).dH(1).dW(1).paddingMode(PaddingMode.VALID)
                .dataFormat(Conv2DConfig.NCHW).build();
        return new Conv2d(ctx, parameters, conv);
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
     * @return the convolution plus bias, shape {@code [batch, C', H', W']}
     */
    public SDVariable apply(SDVariable x) {
        return ctx.sd().cnn().conv2d(x, parameters.weights(), parameters.bias(), conv);
    }

    /**
     * The gradient with respect to the input of sum(g * apply(x)), as forward ops (for a penalty on a network's input
     * gradient, which the graph's gradient function then differentiates): the transposed convolution of g with the
     * same kernel, stride and padding and no bias (SameDiff's {@code deconv2d} takes the kernel in the layout
     * {@code [k, k, C, C']} that {@code conv2d} uses here).
     *
     * @param outputGradient g, {@code [batch, C', H', W']}
     * @return the input gradient, {@code [batch, C, H, W]}
     * @throws IllegalStateException if the stride does not divide H + 2p - k or W + 2p - k (the transposed
     *     convolution would not give back the input's shape)
     */
    public SDVariable inputGradient(SDVariable outputGradient) {
        ImageShape in = parameters.inputShape();
        int k = (int) conv.getKH();
        long s = conv.getSH();
        long p = conv.getPH();
        if ((in.height() + 2 * p - k) % s != 0 || (in.width() + 2 * p - k) % s != 0) {
            throw new IllegalStateException("the input gradient of a convolution with kernel " + k + ", stride " + s
                    + " and padding " + p + " needs the stride to divide the padded input minus the kernel, not so"
                    + " for " + in);
        }
        DeConv2DConfig transposed = DeConv2DConfig.builder().kH(k).kW(k).sH(s).sW(s).pH(p).pW(p).dH(1).dW(1)
                .isSameMode(false).dataFormat(DeConv2DConfig.NCHW).build();
        return ctx.sd().cnn().deconv2d(outputGradient, parameters.weights(), transposed);
    }
}
