package org.vae4j.latent;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.Vae;

/**
 * Paths between two latent codes, and the images decoded along them.
 *
 * <p>A path of {@code steps} points runs from {@code a} (t = 0) to {@code b} (t = 1) at t_i = i / (steps - 1). Two
 * ways of moving:
 * <ul>
 *   <li>{@link #LINEAR}: (1 - t) a + t b.</li>
 *   <li>{@link #SLERP}, spherical linear interpolation (Shoemake 1985, "Animating rotation with quaternion curves",
 *       SIGGRAPH; recommended for the latent spaces of generative models by White 2016, "Sampling generative
 *       networks", section 2.1): with the angle Omega between a and b, cos Omega = a.b / (|a| |b|),
 *       slerp(a, b; t) = sin((1 - t) Omega) / sin Omega * a + sin(t Omega) / sin Omega * b. Between two codes of
 *       equal norm it keeps that norm, so a path between two typical draws from N(0, I) stays in the shell where
 *       the prior's mass is, where the linear midpoint passes closer to the origin than any typical code. When
 *       sin Omega is below 1e-9 (a or b zero, or the two parallel or opposite) it falls back to the linear path,
 *       as White's reference code does.</li>
 * </ul>
 *
 * <pre>{@code
 * int[] ends = ExamplePicker.pick(Mnist.test(), 42, 1, 7);        // a 1 and a 7, seeded
 * INDArray strip = Interpolation.SLERP.decode(vae, test.subset(ends[0], ends[0] + 1).features(),
 *         test.subset(ends[1], ends[1] + 1).features(), 10);                // [10, 784]
 * }</pre>
 */
public enum Interpolation {
    /** Straight line: (1 - t) a + t b. */
    LINEAR {
        @Override
        public double[] at(double[] a, double[] b, double t) {
            checkPair(a, b);
            double[] out = new double[a.length];
            for (int j = 0; j < a.length; j++) {
                out[j] = (1 - t) * a[j] + t * b[j];
            }
            return out;
        }
    },
    /** Great-circle arc: sin((1 - t) Omega) / sin Omega a + sin(t Omega) / sin Omega b (Shoemake 1985). */
    SLERP {
        @Override
        public double[] at(double[] a, double[] b, double t) {
            checkPair(a, b);
            double dot = 0;
            double na = 0;
            double nb = 0;
            for (int j = 0; j < a.length; j++) {
                dot += a[j] * b[j];
                na += a[j] * a[j];
                nb += b[j] * b[j];
            }
            double cos = na == 0 || nb == 0 ? 1 : Math.max(-1, Math.min(1, dot / Math.sqrt(na * nb)));
            double omega = Math.acos(cos);
            double sin = Math.sin(omega);
            if (sin < 1e-9) {
                return LINEAR.at(a, b, t);
            }
            double wa = Math.sin((1 - t) * omega) / sin;
            double wb = Math.sin(t * omega) / sin;
            double[] out = new double[a.length];
            for (int j = 0; j < a.length; j++) {
                out[j] = wa * a[j] + wb * b[j];
            }
            return out;
        }
    };

    /**
     * One point of the path.
     *
     * @param a the start, any length {@code d >= 1}
     * @param b the end, the same length
     * @param t the position, 0 at {@code a} and 1 at {@code b} (other values extrapolate)
     * @return the point, length {@code d}
     * @throws IllegalArgumentException if the lengths differ or are 0
     */
    public abstract double[] at(double[] a, double[] b, double t);

    /**
     * The path from {@code a} to {@code b} in {@code steps} points, t_i = i / (steps - 1), both ends included.
     *
     * @param a the start code, shape {@code [latentSize]} or {@code [1, latentSize]}
     * @param b the end code, the same length
     * @param steps points on the path, {@code >= 2}
     * @return the codes, shape {@code [steps, latentSize]}, in the data type of {@code a}
     * @throws IllegalArgumentException if {@code steps < 2}, or a code is not a vector, or their lengths differ
     */
    public INDArray path(INDArray a, INDArray b, int steps) {
        if (steps < 2) {
            throw new IllegalArgumentException("steps must be >= 2 (both ends are included), got " + steps);
        }
        double[] va = vector(a, "a");
        double[] vb = vector(b, "b");
        checkPair(va, vb);
        double[][] rows = new double[steps][];
        for (int i = 0; i < steps; i++) {
            rows[i] = at(va, vb, i / (double) (steps - 1));
        }
        DataType type = a.dataType().isFPType() ? a.dataType() : DataType.FLOAT;
        return Nd4j.create(rows).castTo(type);
    }

    /**
     * Decodes the path between the codes of two images: each image is encoded to its posterior mean, the path runs
     * between the two means, and each point is decoded to the likelihood's mean. The first and last images are the
     * two reconstructions.
     *
     * @param vae the model
     * @param from the first image, shape {@code [1, inputSize]} or {@code [inputSize]}
     * @param to the second image, the same shape
     * @param steps images in the strip, {@code >= 2}
     * @return the decoded images, shape {@code [steps, inputSize]}, values as {@link Vae#decode} gives them
     * @throws IllegalArgumentException if {@code steps < 2} or an image does not have {@code inputSize} values
     */
    public INDArray decode(Vae vae, INDArray from, INDArray to, int steps) {
        return decode(vae, from, null, to, null, steps);
    }

    /**
     * Decodes the path between the codes of two images of a conditional VAE, each encoded given its own condition,
     * q(z|x, y): the path runs between the two posterior means, and the condition moves linearly from the first
     * image's to the second's at the same t, (1 - t) y_a + t y_b, so that between a 1 and a 7 the class changes
     * along with the style. The first and last images are the two reconstructions.
     *
     * @param vae the model
     * @param from the first image, shape {@code [1, inputSize]} or {@code [inputSize]}
     * @param fromCondition its condition, {@code [1, conditionSize]} (e.g. a one-hot label), or null for a VAE
     * @param to the second image, the same shape
     * @param toCondition its condition, or null for a VAE
     * @param steps images in the strip, {@code >= 2}
     * @return the decoded images, shape {@code [steps, inputSize]}, values as {@link Vae#decode} gives them
     * @throws IllegalArgumentException if {@code steps < 2}, an image does not have {@code inputSize} values, or
     *     the conditions do not fit the model (given for a VAE, missing for a conditional VAE, or of another size)
     */
    public INDArray decode(Vae vae, INDArray from, INDArray fromCondition, INDArray to, INDArray toCondition,
            int steps) {
        Objects.requireNonNull(vae, "vae");
        if ((fromCondition == null) != (toCondition == null)) {
            throw new IllegalArgumentException("give a condition for both images or for neither");
        }
        INDArray ends = Nd4j.vstack(row(from, "from"), row(to, "to"));
        INDArray conditions = fromCondition == null ? null
                : Nd4j.vstack(row(fromCondition, "fromCondition"), row(toCondition, "toCondition"))
                        .castTo(vae.config().dataType());
        INDArray means = vae.encode(ends, conditions).mean();
        INDArray codes = path(means.getRow(0), means.getRow(1), steps);
        return vae.decode(codes, conditions == null ? null
                : LINEAR.path(conditions.getRow(0), conditions.getRow(1), steps));
    }

    private static INDArray row(INDArray image, String name) {
        Objects.requireNonNull(image, name);
        if (image.isVector() || image.isScalar()) {
            return image.reshape(1, image.length());
        }
        throw new IllegalArgumentException(name + " must be one image, shape [1, inputSize] or [inputSize], got "
                + Arrays.toString(image.shape()));
    }

    private static double[] vector(INDArray v, String name) {
        Objects.requireNonNull(v, name);
        if (!(v.isVector() || v.isScalar())) {
            throw new IllegalArgumentException(name + " must be one code, shape [latentSize] or [1, latentSize], got "
                    + Arrays.toString(v.shape()));
        }
        return v.castTo(DataType.DOUBLE).toDoubleVector();
    }

    private static void checkPair(double[] a, double[] b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("a and b must have the same positive length, got " + a.length
                    + " and " + b.length);
        }
    }
}
