package org.vae4j.nn;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A fully connected layer y = x W + b, with parameters named {@code <name>/W} ({@code [in, out]}) and
 * {@code <name>/b} ({@code [1, out]}) inside the caller's name scope (suffixes: {@link ParameterNames}).
 *
 * <p>Initialization follows PyTorch's {@code nn.Linear} default: W and b ~ U(-1/sqrt(in), 1/sqrt(in)), so that
 * vae4j and the PyTorch reference models start from the same distribution.
 */
public final class Dense {
    private final SDVariable weights;
    private final SDVariable bias;

    private Dense(SDVariable weights, SDVariable bias) {
        this.weights = weights;
        this.bias = bias;
    }

    /**
     * Adds the layer's parameters to the graph.
     *
     * @param ctx the graph being built
     * @param name the layer's name, unique within the current name scope
     * @param in input features
     * @param out output features
     * @return the layer
     * @throws IllegalArgumentException if {@code in} or {@code out} is not positive
     */
    public static Dense define(GraphContext ctx, String name, int in, int out) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("Dense layer '" + name + "' needs positive sizes, got in=" + in
                    + ", out=" + out);
        }
        double bound = 1.0 / Math.sqrt(in);
        SDVariable w = ctx.uniformParameter(name + "/" + ParameterNames.WEIGHTS, bound, in, out);
        SDVariable b = ctx.uniformParameter(name + "/" + ParameterNames.BIAS, bound, 1, out);
        return new Dense(w, b);
    }

    /**
     * Adds a layer initialized for (leaky) ReLU inputs with the weight variance 2/in of He et al. 2015 ("Delving
     * Deep into Rectifiers", section 2.2, eq. 10, which keeps the signal's variance through ReLU layers), drawn from
     * a uniform rather than the paper's Gaussian distribution: W ~ U(-sqrt(6/in), sqrt(6/in)) (variance
     * (sqrt(6/in))^2 / 3 = 2/in), and b = 0. A deep generator needs it: from the default initialization
     * ({@link #define}, variance 1/(3 in)) its output hardly depends on its input.
     *
     * @param ctx the graph being built
     * @param name the layer's name, unique within the current name scope
     * @param in input features
     * @param out output features
     * @return the layer
     * @throws IllegalArgumentException if {@code in} or {@code out} is not positive
     */
    public static Dense defineHe(GraphContext ctx, String name, int in, int out) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("Dense layer '" + name + "' needs positive sizes, got in=" + in
                    + ", out=" + out);
        }
        SDVariable w = ctx.uniformParameter(name + "/" + ParameterNames.WEIGHTS, Math.sqrt(6.0 / in), in, out);
        SDVariable b = ctx.constantParameter(name + "/" + ParameterNames.BIAS, 0.0, 1, out);
        return new Dense(w, b);
    }

    /**
     * @param x inputs, shape {@code [batch, in]}
     * @return x W + b, shape {@code [batch, out]}
     */
    public SDVariable apply(SDVariable x) {
        return x.mmul(weights).add(bias);
    }
}
