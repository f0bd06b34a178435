package org.vae4j.nn;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.vae4j.data.ImageShape;

/**
 * A multilayer-perceptron encoder: hidden dense layers with an activation, then two linear heads for the
 * posterior's mean and log-variance (Kingma &amp; Welling 2014, appendix C.2).
 *
 * <p>Parameters, inside the scope {@code encoder}: {@code hidden0/W, hidden0/b, ...}, {@code mean/W, mean/b},
 * {@code log_var/W, log_var/b}. The image is used flat ({@code [batch, C*H*W]}); in a conditional VAE the first
 * layer sees the image and the condition concatenated, [x, y] (Sohn, Lee &amp; Yan 2015, section 4).
 *
 * @param hiddenSizes sizes of the hidden layers, in order; may be empty (a linear encoder)
 * @param activation the hidden layers' activation
 */
public record MlpEncoder(List<Integer> hiddenSizes, Activation activation) implements Encoder {

    /**
     * @param hiddenSizes sizes of the hidden layers, in order; may be empty (a linear encoder)
     * @param activation the hidden layers' activation
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if a hidden size is not positive
     */
    public MlpEncoder {
        hiddenSizes = HiddenStack.checkSizes(hiddenSizes);
        Objects.requireNonNull(activation, "activation");
    }

    /**
     * An encoder with ReLU hidden layers.
     *
     * @param hiddenSizes sizes of the hidden layers, in order
     * @return the encoder
     */
    public static MlpEncoder relu(int... hiddenSizes) {
        return new MlpEncoder(Arrays.stream(hiddenSizes).boxed().toList(), Activation.RELU);
    }

    @Override
    public Network define(GraphContext ctx, ImageShape inputShape, int conditionSize, int latentSize) {
        HiddenStack hidden = HiddenStack.define(ctx, inputShape.size() + conditionSize, hiddenSizes, activation);
        Dense mean = Dense.define(ctx, "mean", hidden.outputSize(), latentSize);
        Dense logVar = Dense.define(ctx, "log_var", hidden.outputSize(), latentSize);
        return (x, condition) -> {
            SDVariable h = hidden.apply(condition == null ? x : ctx.sd().concat(1, x, condition));
            return new DiagonalGaussianVariables(mean.apply(h), logVar.apply(h));
        };
    }
}
