package org.vae4j.data;

import java.nio.FloatBuffer;
import java.util.random.RandomGenerator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Stochastic binarization of pixel values in [0, 1]: each value p becomes 1 with probability p, else 0
 * (x_i = 1 if u_i &lt; p_i, u_i ~ U[0, 1) drawn in row-major order). The training loop uses it for dynamic
 * binarization, a fresh draw every epoch; {@link ImageDataset#sampleBinarized(long)} for a fixed draw.
 */
public final class Binarization {

    /** Values binarized at a time: a block's probabilities and draws stay in the core's fastest cache. */
    private static final int BLOCK = 4096;
    /** The bit pattern of 1f, the largest probability. */
    private static final int ONE_BITS = Float.floatToRawIntBits(1f);

    private Binarization() {
    }

    /**
     * Writes one Bernoulli draw per value of {@code probabilities} into {@code out}.
     *
     * @param probabilities values in [0, 1], any shape, FLOAT or DOUBLE
     * @param out where the 0s and 1s go: the same shape, FLOAT or DOUBLE, contiguous (may be
     *     {@code probabilities} itself)
     * @param random the source of the uniform draws
     * @param what names the data in an error message, e.g. "training set"
     * @return {@code out}
     * @throws InvalidDataException naming {@code what} and the flat index if a value is outside [0, 1] or NaN
     * @throws IllegalArgumentException if the arrays differ in length or {@code out} is a view
     */
    public static INDArray sample(INDArray probabilities, INDArray out, RandomGenerator random, String what) {
        if (probabilities.length() != out.length() || out.isView()) {
            throw new IllegalArgumentException("binarization needs arrays of the same length and a contiguous output,"
                    + " got " + probabilities.length() + " and " + out.length() + (out.isView() ? " (view)" : ""));
        }
        if (probabilities.isView() || probabilities.ordering() != 'c'
                || probabilities.data().length() != probabilities.length()) {
            probabilities = probabilities.dup('c');
        }
        if (probabilities.dataType() == DataType.FLOAT && out.dataType() == DataType.FLOAT) {
            sampleFloats(probabilities.data().asNioFloat(), out.data().asNioFloat(),
                    Math.toIntExact(probabilities.length()), random, what);
        } else {
            double[] p = probabilities.data().asDouble();
            int n = (int) probabilities.length();
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                double v = p[i];
                if (!(v >= 0 && v <= 1)) {
                    throw outOfRange(what, i, v);
                }
                x[i] = random.nextDouble() < v ? 1 : 0;
            }
            out.data().setData(x);
        }
        return out;
    }

    /**
     * The float case of {@link #sample}, straight between the arrays' native memory, a block of values at a time. All
     * values are checked before the first is written. For u and p in [0, 1] (p = -0 taken as +0), {@code u < p} holds
     * exactly when u's bit pattern, read as an int, is below p's (non-negative floats order as their bit patterns
     * do): the comparison needs no branch, which the processor would mispredict for up to half of the draws.
     */
    private static void sampleFloats(FloatBuffer probabilities, FloatBuffer out, int n, RandomGenerator random,
            String what) {
        float[] p = new float[Math.min(n, BLOCK)];
        float[] x = new float[p.length];
        for (int start = 0; start < n; start += BLOCK) {
            int length = Math.min(BLOCK, n - start);
            probabilities.get(start, p, 0, length);
            int outside = 0;
            for (int i = 0; i < length; i++) {
                int bits = Float.floatToRawIntBits(p[i] + 0f);
                outside |= bits | (ONE_BITS - bits); // negative if p < 0, p > 1 or NaN
            }
            if (outside < 0) {
                for (int i = 0; i < length; i++) {
                    if (!(p[i] >= 0f && p[i] <= 1f)) {
                        throw outOfRange(what, start + i, p[i]);
                    }
                }
            }
        }
        for (int start = 0; start < n; start += BLOCK) {
            int length = Math.min(BLOCK, n - start);
            probabilities.get(start, p, 0, length);
            for (int i = 0; i < length; i++) {
                x[i] = random.nextFloat();
            }
            for (int i = 0; i < length; i++) {
                x[i] = (Float.floatToRawIntBits(x[i]) - Float.floatToRawIntBits(p[i] + 0f)) >>> 31;
            }
            out.put(start, x, 0, length);
        }
    }

    private static InvalidDataException outOfRange(String what, long index, double value) {
        return new InvalidDataException(what, -1, "cannot binarize " + what + ": value " + value + " at flat index "
                + index + " is not a probability in [0, 1]");
    }
}
