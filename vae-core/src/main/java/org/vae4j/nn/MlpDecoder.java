package org.vae4j.nn;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.vae4j.data.ImageShape;

/**
 * A multilayer-perceptron decoder: hidden dense layers with an activation, then a linear output layer giving the
 * likelihood's parameters (no output activation: the likelihood applies its own link, e.g. the sigmoid of the
 * Bernoulli logits).
 *
 * <p>Parameters, inside the scope {@code decoder}: {@code hidden0/W, hidden0/b, ...}, {@code output/W,
 * output/b}.
 *
 * @param hiddenSizes sizes of the hidden layers, in order (from the latent side); may be empty
 * @param activation the hidden layers' activation
 */
public record MlpDecoder(List<Integer> hiddenSizes, Activation activation) implements Decoder {

    /**
     * @param hiddenSizes sizes of the hidden layers, in order (from the latent side); may be empty
     * @param activation the hidden layers' activation
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if a hidden size is not positive
     */
    public MlpDecoder {
        hiddenSizes = HiddenStack.checkSizes(hiddenSizes);
        Objects.requireNonNull(activation, "activation");
    }

    /**
     * A decoder with ReLU hidden layers.
     *
     * @param hiddenSizes sizes of the hidden layers, in order from the latent side
     * @return the decoder
     */
    public static MlpDecoder relu(int... hiddenSizes) {
        return new MlpDecoder(Arrays.stream(hiddenSizes).boxed().toList(), Activation.RELU);
    }

    @Override
    public Network define(GraphContext ctx, int inputSize, ImageShape outputShape) {
        HiddenStack hidden = HiddenStack.define(ctx, inputSize, hiddenSizes, activation);
        Dense output = Dense.define(ctx, "output", hidden.outputSize(), outputShape.size());
        return z -> output.apply(hidden.apply(z));
    }
}
