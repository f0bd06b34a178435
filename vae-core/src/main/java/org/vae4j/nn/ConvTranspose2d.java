package org.vae4j.nn;

import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;
import org.vae4j.data.ImageShape;

/**
 * A 2-D transposed convolution ("deconvolution") layer on channel-first images: {@code [batch, C, H, W]} to
 * {@code [batch, C', (H - 1) s + k - 2p, (W - 1) s + k - 2p]} (see {@link ConvLayer#transposedOutputShape}), the
 * shape-inverse of a {@link Conv2d} with the same settings. Parameters, inside the caller's name scope:
 * {@code <name>/W} ({@code [k, k, C', C]}, SameDiff's kernel-height, kernel-width, out, in layout) and
 * {@code <name>/b} ({@code [C']}).
 *
 * <p>Initialization follows PyTorch's {@code nn.ConvTranspose2d} default: W and b ~ U(-1/sqrt(fan_in),
 * 1/sqrt(fan_in)) with PyTorch's fan_in = C' k k. Executes SameDiff's {@code deconv2d} op (NCHW), whose gradient is
 * checked by central differences in {@code LayerGradientCheckTest}.
 */
public final class ConvTranspose2d {
    /** Suffix of the kernel's name. */
    public static final String WEIGHTS = "W";
    /** Suffix of the bias's name. */
    public static final String BIAS = "b";

    private final GraphContext ctx;
    private final SDVariable weights;
    private final SDVariable bias;
    private final DeConv2DConfig conv;
    private final ImageShape inputShape;
    private final ImageShape outputShape;

    private ConvTranspose2d(GraphContext ctx, SDVariable weights, SDVariable bias, DeConv2DConfig conv,
            ImageShape inputShape, ImageShape outputShape) {
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
     * @throws IllegalArgumentException if the output would be empty
     */
    public static ConvTranspose2d define(GraphContext ctx, String name, ImageShape in, ConvLayer layer) {
        Objects.requireNonNull(in, "in");
        ImageShape out = layer.transposedOutputShape(in);
        int k = layer.kernelSize();
        double bound = 1.0 / Math.sqrt((double) layer.channels() * k * k);
        SDVariable w = ctx.uniformParameter(name + "/" + WEIGHTS, bound, k, k, layer.channels(), in.channels());
        SDVariable b = ctx.uniformParameter(name + "/" + BIAS, bound, layer.channels());
        DeConv2DConfig conv = DeConv2DConfig.builder().kH(k).kW(k).sH(layer.stride()).sW(layer.stride())
                .pH(layer.padding()).pW(layer.padding()).dH(1).dW(1).isSameMode(false)
                .dataFormat(DeConv2DConfig.NCHW).build();
        return new ConvTranspose2d(ctx, w, b, conv, in, out);
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
     * @return the transposed convolution plus bias, shape {@code [batch, C', H', W']}
     */
    public SDVariable apply(SDVariable x) {
        return ctx.sd().cnn().deconv2d(x, weights, bias, conv);
    }
}
