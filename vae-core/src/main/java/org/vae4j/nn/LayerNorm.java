package org.vae4j.nn;

import org.nd4j.autodiff.samediff.SDVariable;
import org.vae4j.data.ImageShape;

/**
 * Layer normalization (Ba, Kiros &amp; Hinton 2016, eq. 4): each example is normalized over all of its values,
 * y = (x - mean) / sqrt(var + 1e-5) * gain + bias, with the mean and (biased) variance of that example alone, so
 * training and inference compute the same function and no running statistics are kept. On flat inputs
 * ({@code [batch, n]}) gain and bias are per feature ({@code [1, n]}); on images ({@code [batch, C, H, W]}) they are
 * per channel ({@code [1, C, 1, 1]}), as PyTorch's {@code GroupNorm(1, C)}. Parameters, inside the caller's name
 * scope: {@code <name>/gain} (initially 1) and {@code <name>/bias} (initially 0).
 *
 * <p>Built from elementwise ops and reductions whose gradients are checked by central differences
 * ({@code LayerGradientCheckTest}). Batch normalization is not offered: it computes a different function in training
 * (batch statistics) and inference (running averages), which the single graph vae4j trains and evaluates with does
 * not express.
 */
public final class LayerNorm {
    /** Suffix of the gain's name. */
    public static final String GAIN = "gain";
    /** Suffix of the bias's name. */
    public static final String BIAS = "bias";
    /** Added to the variance before the square root. */
    public static final double EPSILON = 1e-5;

    private final GraphContext ctx;
    private final SDVariable gain;
    private final SDVariable bias;
    private final int[] axes;

    private LayerNorm(GraphContext ctx, SDVariable gain, SDVariable bias, int[] axes) {
        this.ctx = ctx;
        this.gain = gain;
        this.bias = bias;
        this.axes = axes;
    }

    /**
     * Layer normalization of flat inputs {@code [batch, features]}.
     *
     * @param ctx the graph being built
     * @param name the layer's name, unique within the current name scope
     * @param features values per example, {@code > 0}
     * @return the layer
     * @throws IllegalArgumentException if {@code features} is not positive
     */
    public static LayerNorm define(GraphContext ctx, String name, int features) {
        if (features <= 0) {
            throw new IllegalArgumentException("LayerNorm '" + name + "' needs positive features, got " + features);
        }
        return new LayerNorm(ctx, ctx.constantParameter(name + "/" + GAIN, 1, 1, features),
                ctx.constantParameter(name + "/" + BIAS, 0, 1, features), new int[] {1});
    }

    /**
     * Layer normalization of images {@code [batch, C, H, W]}, with a gain and bias per channel.
     *
     * @param ctx the graph being built
     * @param name the layer's name, unique within the current name scope
     * @param shape the shape of one image
     * @return the layer
     */
    public static LayerNorm define(GraphContext ctx, String name, ImageShape shape) {
        return new LayerNorm(ctx, ctx.constantParameter(name + "/" + GAIN, 1, 1, shape.channels(), 1, 1),
                ctx.constantParameter(name + "/" + BIAS, 0, 1, shape.channels(), 1, 1), new int[] {1, 2, 3});
    }

    /**
     * @param x inputs, {@code [batch, features]} or {@code [batch, C, H, W]} as defined
     * @return the normalized, scaled and shifted values, same shape
     */
    public SDVariable apply(SDVariable x) {
        var sd = ctx.sd();
        SDVariable centred = x.sub(sd.mean(x, true, axes));
        SDVariable variance = sd.mean(centred.mul(centred), true, axes);
        SDVariable normalized = centred.mul(sd.math().rsqrt(variance.add(EPSILON)));
        return normalized.mul(gain).add(bias);
    }

    /**
     * The gradient with respect to x of sum(g * apply(x)), as forward ops (for a penalty on a network's input
     * gradient): with x^ = (x - mean) r, r = 1 / sqrt(var + 1e-5) and h = g * gain,
     * dx = r (h - mean(h) - x^ mean(h x^)), means over each example's normalized values (the derivative of eq. 4 of
     * Ba, Kiros &amp; Hinton 2016).
     *
     * @param x the layer's input, as given to {@link #apply}
     * @param outputGradient g, the same shape
     * @return the input gradient, the same shape
     */
    public SDVariable inputGradient(SDVariable x, SDVariable outputGradient) {
        var sd = ctx.sd();
        SDVariable centred = x.sub(sd.mean(x, true, axes));
        SDVariable r = sd.math().rsqrt(sd.mean(centred.mul(centred), true, axes).add(EPSILON));
        SDVariable normalized = centred.mul(r);
        SDVariable h = outputGradient.mul(gain);
        return h.sub(sd.mean(h, true, axes)).sub(normalized.mul(sd.mean(h.mul(normalized), true, axes))).mul(r);
    }
}
