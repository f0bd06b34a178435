package org.vae4j.likelihood;

import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.data.InvalidDataException;
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
     * The number of parameters per example the decoder outputs for this likelihood: {@code inputSize} (one per
     * feature, the default), or more, e.g. a mean and a log-variance per continuous feature
     * ({@link MixedLikelihood}).
     *
     * @param inputSize features per example
     * @return the decoder's output width
     * @throws IllegalArgumentException if this likelihood cannot score {@code inputSize} features (the message says
     *     why); {@code VaeConfig} calls this to validate the configuration
     */
    default int parameterSize(int inputSize) {
        return inputSize;
    }

    /**
     * The names of the terms log p(x|z) is the sum of, for a likelihood that scores groups of features separately
     * ({@link MixedLikelihood}: "continuous", "binary", "categorical"); {@link Distribution#logProbabilityTerms} gives
     * their values.
     *
     * @return the term names, in a fixed order; default none
     */
    default List<String> termNames() {
        return List.of();
    }

    /**
     * Checks that data can be scored by this likelihood (e.g. pixels in [0, 1] for a Bernoulli).
     *
     * @param x the data, shape {@code [n, inputSize]}
     * @param what names the data in the error message (e.g. "training set")
     * @throws InvalidDataException naming {@code what}, the first offending example and its value if the data does
     *     not fit
     */
    void checkData(INDArray x, String what);

    /**
     * Whether this likelihood scores binary data x in {0, 1}, so that training data may be dynamically binarized
     * ({@code VaeConfig.dynamicBinarization}: each pixel value p in [0, 1] replaced by a Bernoulli(p) draw);
     * {@link org.vae4j.VaeConfig} rejects dynamic binarization with a likelihood that returns false.
     *
     * @return true for a likelihood of binary data; default false
     */
    default boolean isBinary() {
        return false;
    }

    /** The likelihood bound to one graph. */
    interface Distribution {
        /**
         * log p(x|z) summed over features.
         *
         * @param x the data, shape {@code [batch, inputSize]}
         * @param params the decoder's output, shape {@code [batch, parameterSize(inputSize)]}
         * @return log-likelihood per example in nats, shape {@code [batch]}
         */
        SDVariable logProbability(SDVariable x, SDVariable params);

        /**
         * @param params the decoder's output, shape {@code [batch, parameterSize(inputSize)]}
         * @return the mean E[x|z], shape {@code [batch, inputSize]}
         */
        SDVariable mean(SDVariable params);

        /**
         * The terms of {@link #logProbability}, by {@link Likelihood#termNames()} name; they sum to it.
         *
         * @param x the data, shape {@code [batch, inputSize]}
         * @param params the decoder's output, shape {@code [batch, parameterSize(inputSize)]}
         * @return each term per example in nats, shape {@code [batch]}; default none
         */
        default Map<String, SDVariable> logProbabilityTerms(SDVariable x, SDVariable params) {
            return Map.of();
        }

        /**
         * A draw x ~ p(x|z) from the likelihood's parameters, given host-drawn noise (in-graph random ops do not
         * resample in SameDiff 1.0.0-M2.1): Bernoulli x_j = 1 if u_j &lt; sigmoid(l_j) else 0; Gaussian
         * x_j = mu_j + sigma_j eps_j; categorical by the Gumbel-max trick, the one-hot of argmax_j (l_j - log(-log u_j))
         * (Gumbel 1954; Maddison, Tarlow &amp; Minka 2014).
         *
         * @param params the decoder's output, {@code [batch, parameterSize]}
         * @param uniform independent U(0, 1) draws, {@code [batch, inputSize]}
         * @param normal independent N(0, 1) draws, {@code [batch, inputSize]}
         * @return samples, {@code [batch, inputSize]}
         * @throws UnsupportedOperationException if this likelihood cannot sample (the default)
         */
        default SDVariable sample(SDVariable params, SDVariable uniform, SDVariable normal) {
            throw new UnsupportedOperationException(getClass().getName() + " cannot sample from p(x|z)");
        }
    }

    /**
     * Shared check: every value of {@code x} is finite and within {@code [lo, hi]}. Scans in chunks of 1000 rows (a
     * sum, a minimum and a maximum per chunk, on the native backend) and, on the first chunk that fails, finds the
     * first offending value on the host.
     *
     * @param x the data, shape {@code [n, features]}
     * @param lo the smallest value allowed
     * @param hi the largest value allowed
     * @param what names the data in the message, such as "training set"
     * @param likelihood names the likelihood in the message, such as "Bernoulli"
     * @throws InvalidDataException naming {@code what}, the first offending example and feature, and its value
     */
    static void checkRange(INDArray x, double lo, double hi, String what, String likelihood) {
        String needs = Double.isInfinite(lo) && Double.isInfinite(hi) ? "finite values"
                : "finite values in [" + lo + ", " + hi + "]";
        long rows = x.rows();
        long chunkRows = 1000;
        for (long from = 0; from < rows; from += chunkRows) {
            long to = Math.min(rows, from + chunkRows);
            INDArray chunk = x.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
            double sum = chunk.sumNumber().doubleValue();
            if (Double.isFinite(sum) && chunk.minNumber().doubleValue() >= lo
                    && chunk.maxNumber().doubleValue() <= hi) {
                continue;
            }
            double[][] values = chunk.toDoubleMatrix();
            for (int i = 0; i < values.length; i++) {
                for (int j = 0; j < values[i].length; j++) {
                    double v = values[i][j];
                    if (!Double.isFinite(v) || v < lo || v > hi) {
                        String hint = Double.isFinite(v) && hi == 1.0 && v > 1 && v <= 255
                                ? " (pixel bytes 0..255? divide them by 255)" : "";
                        throw new InvalidDataException(what, from + i, what + " example " + (from + i) + ", feature "
                                + j + " is " + v + ", but the " + likelihood + " likelihood needs " + needs + hint);
                    }
                }
            }
        }
    }
}
