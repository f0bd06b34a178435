package org.vae4j.nn;

import java.util.List;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;

/** The hidden dense layers shared by {@link MlpEncoder} and {@link MlpDecoder}. */
final class HiddenStack {
    private final Dense[] layers;
    private final Activation activation;
    private final GraphContext ctx;
    private final int outputSize;

    private HiddenStack(GraphContext ctx, Dense[] layers, Activation activation, int outputSize) {
        this.ctx = ctx;
        this.layers = layers;
        this.activation = activation;
        this.outputSize = outputSize;
    }

    /** Copies and validates a list of hidden sizes, naming the offending index. */
    static List<Integer> checkSizes(List<Integer> hiddenSizes) {
        List<Integer> copy = List.copyOf(Objects.requireNonNull(hiddenSizes, "hiddenSizes"));
        for (int i = 0; i < copy.size(); i++) {
            if (copy.get(i) <= 0) {
                throw new IllegalArgumentException("hiddenSizes[" + i + "] must be positive, got " + copy.get(i));
            }
        }
        return copy;
    }

    /** Defines layers {@code hidden0, hidden1, ...} starting from {@code inputSize} features. */
    static HiddenStack define(GraphContext ctx, int inputSize, List<Integer> sizes, Activation activation) {
        Dense[] layers = new Dense[sizes.size()];
        int in = inputSize;
        for (int i = 0; i < layers.length; i++) {
            layers[i] = Dense.define(ctx, "hidden" + i, in, sizes.get(i));
            in = sizes.get(i);
        }
        return new HiddenStack(ctx, layers, activation, in);
    }

    /** Features out of the last hidden layer (the input size if there is none). */
    int outputSize() {
        return outputSize;
    }

    SDVariable apply(SDVariable x) {
        SDVariable h = x;
        for (Dense layer : layers) {
            h = activation.apply(ctx.sd(), layer.apply(h));
        }
        return h;
    }
}
