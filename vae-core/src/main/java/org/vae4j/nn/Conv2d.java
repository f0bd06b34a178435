package org.vae4j.nn;

import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.vae4j.data.ImageShape;

/**
 * A 2-D convolution layer on channel-first images: {@code [batch, C, H, W]} to {@code [batch, C', H', W']} with
 * the shapes of {@link ConvLayer#outputShape}. Parameters, inside the caller's name scope: {@code <name>/W}
 * ({@code [k, k, C, C']}, SameDiff's kernel-height, kernel-width, in, out layout) and {@code <name>/b}
 * ({@code [C']}).
 *
 * <p>Initialization follows PyTorch's {@code nn.Conv2d} default: W and b ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with
 * fan_in = C k k. Executes SameDiff's {@code conv2d} op (NCHW, no dilation), whose gradient is checked by central
 * differences in {@code LayerGradientCheckTest}.
 */
public final class Conv2d {
    /** Suffix of the kernel's name. */
    public static final String WEIGHTS = "W";
    /** Suffix of the bias's name. */
    public static final String BIAS = "b";

    private final GraphContext ctx;
    private final SDVariable weights;
    private final SDVariable bias;
    private final Conv2DConfig conv;
    private final ImageShape inputShape;
    private final ImageShape outputShape;

    private Conv2d(GraphContext ctx, SDVariable weights, SDVariable bias, Conv2DConfig conv, ImageShape inputShape,
            ImageShape outputShape) {
        this.ctx = ctx;
        this.weights = weights;
        this.bias = bias;
        this.conv = conv;
        this.inputShape = inputShape;
        this.outputShape = outputShape;
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
        Objects.requireNonNull(in, "in");
        ImageShape out = layer.outputShape(in);
        int k = layer.kernelSize();
        double bound = 1.0 / Math.sqrt((double) in.channels() * k * k);
        SDVariable w = ctx.uniformParameter(name + "/" + WEIGHTS, bound, k, k, in.channels(), layer.channels());
        SDVariable b = ctx.uniformParameter(name + "/" + BIAS, bound, layer.channels());
        Conv2DConfig conv = Conv2DConfig.builder().kH(k).kW(k).sH(layer.stride()).sW(layer.stride())
                .pH(layer.padding()).pW(layer.padding()).dH(1).dW(1).paddingMode(PaddingMode.VALID)
                .dataFormat(Conv2DConfig.NCHW).build();
        return new Conv2d(ctx, w, b, conv, in, out);
    }

    /** @return the shape of one input image */
    public ImageShape inputShape() {
        return inputShape;
    }

    /** @return the shape of one output image */
    public ImageShape outputShape() {
        return outputShape;
    }

    /**
     * @param x images, shape {@code [batch, C, H, W]}
     * @return the convolution plus bias, shape {@code [batch, C', H', W']}
     */
    public SDVariable apply(SDVariable x) {
        return ctx.sd().cnn().conv2d(x, weights, bias, conv);
    }
}
