package org.vae4j.likelihood;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.nn.GraphContext;

/**
 * The observation model p(x|z): how the decoder's output (the likelihood's parameters) scores the data.
 *
 * <p>Implementations are written from elementwise SameDiff ops, not from {@code sd.loss()} ops, whose gradients are
 * wrong in DL4J 1.0.0-M2.1 (deeplearning4j#9026).
 */
public interface Likelihood {

    /**
     * Adds the likelihood's own parameters (if any, e.g. a learned variance) to the graph.
     *
     * @param ctx the graph being built; the caller has opened the name scope {@code "likelihood"}
     * @param inputSize features per example
     * @return the likelihood bound to that graph
     */
    Distribution define(GraphContext ctx, int inputSize);

    /**
     * Checks that data can be scored by this likelihood (e.g. pixels in [0, 1] for a Bernoulli).
     *
     * @param x the data, shape {@code [n, inputSize]}
     * @param what names the data in the error message (e.g. "training set")
     * @throws IllegalArgumentException naming {@code what} and the offending value if the data does not fit
     */
    void checkData(INDArray x, String what);

    /** The likelihood bound to one graph. */
    interface Distribution {
        /**
         * log p(x|z) summed over features.
         *
         * @param x the data, shape {@code [batch, inputSize]}
         * @param params the decoder's output, shape {@code [batch, inputSize]}
         * @return log-likelihood per example in nats, shape {@code [batch]}
         */
        SDVariable logProbability(SDVariable x, SDVariable params);

        /**
         * @param params the decoder's output, shape {@code [batch, inputSize]}
         * @return the mean E[x|z], shape {@code [batch, inputSize]}
         */
        SDVariable mean(SDVariable params);
    }

    /** Shared check: every value of {@code x} is finite and within {@code [lo, hi]}. */
    static void checkRange(INDArray x, double lo, double hi, String what, String likelihood) {
        double min = x.minNumber().doubleValue();
        double max = x.maxNumber().doubleValue();
        if (Double.isNaN(min) || Double.isNaN(max) || x.isInfinite().any() || x.isNaN().any()) {
            throw new IllegalArgumentException(what + " contains NaN or infinite values");
        }
        if (min < lo || max > hi) {
            throw new IllegalArgumentException(what + " has values in [" + min + ", " + max + "], but the "
                    + likelihood + " likelihood needs values in [" + lo + ", " + hi + "]");
        }
    }
}
