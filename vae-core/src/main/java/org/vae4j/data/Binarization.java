package org.vae4j.data;

import java.util.random.RandomGenerator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Stochastic binarization of pixel values in [0, 1]: each value p becomes 1 with probability p, else 0
 * (x_i = 1 if u_i &lt; p_i, u_i ~ U[0, 1) drawn in row-major order). The training loop uses it for dynamic
 * binarization, a fresh draw every epoch; {@link ImageDataset#sampleBinarized(long)} for a fixed draw.
 */
public final class Binarization {

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
        if (probabilities.isView() || probabilities.ordering() != 'c') {
            probabilities = probabilities.dup('c');
        }
        if (probabilities.dataType() == DataType.FLOAT && out.dataType() == DataType.FLOAT) {
            float[] p = probabilities.data().asFloat();
            int n = (int) probabilities.length();
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                float v = p[i];
                if (!(v >= 0f && v <= 1f)) {
                    throw outOfRange(what, i, v);
                }
                x[i] = random.nextFloat() < v ? 1f : 0f;
            }
            out.data().setData(x);
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

    private static InvalidDataException outOfRange(String what, long index, double value) {
        return new InvalidDataException(what, -1, "cannot binarize " + what + ": value " + value + " at flat index "
                + index + " is not a probability in [0, 1]");
    }
}
