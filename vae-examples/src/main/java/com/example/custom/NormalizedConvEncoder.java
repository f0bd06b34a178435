package com.example.custom;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.vae4j.data.ImageShape;
import org.vae4j.nn.Activation;
import org.vae4j.nn.Conv2d;
import org.vae4j.nn.ConvLayer;
import org.vae4j.nn.Dense;
import org.vae4j.nn.DiagonalGaussianVariables;
import org.vae4j.nn.Encoder;
import org.vae4j.nn.GraphContext;
import org.vae4j.nn.LayerNorm;
import org.vae4j.nn.Reshape;

/**
 * A user-defined encoder, written outside vae4j's packages as a user of the library writes one: two convolutions,
 * each followed by layer normalization and an ELU, then a 3x3 convolution with a residual connection, and dense
 * heads for the posterior's mean and log-variance. It is a record, so vae4j can write it into a model file and
 * {@code Vae.load} can rebuild it (the class must be on the class path then).
 *
 * <p>The extension point is {@link Encoder}: {@link #define} adds the parameters once, through vae4j's layer
 * blocks inside the scope {@code encoder} the caller opened (here {@code encoder/conv0/W}, {@code encoder/norm0/gain},
 * ...), and returns the function applying them to a batch {@code [batch, C*H*W]} (and, in a conditional VAE, the
 * condition {@code [batch, conditionSize]}).
 *
 * @param channels channels of the first convolution; the second has twice as many, {@code > 0}
 */
public record NormalizedConvEncoder(int channels) implements Encoder {

    /**
     * @param channels channels of the first convolution; the second has twice as many, {@code > 0}
     * @throws IllegalArgumentException if {@code channels} is not positive
     */
    public NormalizedConvEncoder {
        if (channels <= 0) {
            throw new IllegalArgumentException("NormalizedConvEncoder.channels must be positive, got " + channels);
        }
    }

    @Override
    public Network define(GraphContext ctx, ImageShape inputShape, int conditionSize, int latentSize) {
        SameDiff sd = ctx.sd();
        Conv2d conv0 = Conv2d.define(ctx, "conv0", inputShape, ConvLayer.halving(channels));           // H/2
        LayerNorm norm0 = LayerNorm.define(ctx, "norm0", conv0.outputShape());
        Conv2d conv1 = Conv2d.define(ctx, "conv1", conv0.outputShape(), ConvLayer.halving(2 * channels)); // H/4
        LayerNorm norm1 = LayerNorm.define(ctx, "norm1", conv1.outputShape());
        ImageShape features = conv1.outputShape();
        Conv2d residual = Conv2d.define(ctx, "residual", features, new ConvLayer(features.channels(), 3, 1, 1));
        Dense mean = Dense.define(ctx, "mean", features.size() + conditionSize, latentSize);
        Dense logVar = Dense.define(ctx, "log_var", features.size() + conditionSize, latentSize);
        return (x, condition) -> {
            SDVariable h = Reshape.toImages(x, inputShape);                      // [batch, C, H, W]
            h = Activation.ELU.apply(sd, norm0.apply(conv0.apply(h)));
            h = Activation.ELU.apply(sd, norm1.apply(conv1.apply(h)));
            h = h.add(Activation.ELU.apply(sd, residual.apply(h)));               // h + f(h)
            SDVariable flat = Reshape.flatten(h, features);                       // [batch, features.size()]
            if (condition != null) {
                flat = sd.concat(1, flat, condition);
            }
            return new DiagonalGaussianVariables(mean.apply(flat), logVar.apply(flat));
        };
    }
}
