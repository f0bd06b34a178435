package org.vae4j.latent;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.Vae;

/**
 * Latent traversals: start from one image's code and move one latent dimension at a time through a range of values,
 * keeping the others at the image's code, to see what each dimension controls (Higgins et al. 2017,
 * "beta-VAE: learning basic visual concepts with a constrained variational framework", figures 1-2, which traverse
 * each dimension over [-3, 3]).
 *
 * <p>Layout: one row per traversed dimension, one column per value, so the result draws as a grid with
 * {@code ImageGrid.of(shape).columns(values.length)}. A value replaces the code's coordinate (it is not added to
 * it).
 */
public final class Traversal {
    private Traversal() {
    }

    /**
     * Evenly spaced values from {@code -limit} to {@code limit}, both included.
     *
     * @param n how many, {@code >= 2}
     * @param limit the largest absolute value, finite and {@code > 0}; 3 in Higgins et al. 2017
     * @return -limit + 2 limit i / (n - 1) for i = 0..n-1
     * @throws IllegalArgumentException if {@code n < 2} or {@code limit} is not positive and finite
     */
    public static double[] values(int n, double limit) {
        if (n < 2) {
            throw new IllegalArgumentException("n must be >= 2, got " + n);
        }
        if (!(limit > 0) || Double.isInfinite(limit)) {
            throw new IllegalArgumentException("limit must be positive and finite, got " + limit);
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = -limit + 2 * limit * i / (n - 1);
        }
        return v;
    }

    /**
     * The traversal's codes around a center code.
     *
     * @param center the code to start from, shape {@code [latentSize]} or {@code [1, latentSize]}
     * @param dimensions the dimensions to traverse, one row each, each in {@code [0, latentSize)}
     * @param values the values each dimension takes, one column each
     * @return the codes, shape {@code [dimensions.length * values.length, latentSize]}: row
     *     {@code i * values.length + k} is {@code center} with dimension {@code dimensions[i]} set to
     *     {@code values[k]}; in the data type of {@code center}
     * @throws IllegalArgumentException if {@code center} is not a vector, a dimension is out of range, or
     *     {@code dimensions} or {@code values} is empty or holds a non-finite value
     */
    public static INDArray codes(INDArray center, int[] dimensions, double[] values) {
        Objects.requireNonNull(center, "center");
        Objects.requireNonNull(dimensions, "dimensions");
        Objects.requireNonNull(values, "values");
        if (!(center.isVector() || center.isScalar())) {
            throw new IllegalArgumentException("center must be one code, shape [latentSize] or [1, latentSize], got "
                    + Arrays.toString(center.shape()));
        }
        if (dimensions.length == 0 || values.length == 0) {
            throw new IllegalArgumentException("dimensions and values must not be empty, got " + dimensions.length
                    + " dimensions and " + values.length + " values");
        }
        double[] c = center.castTo(DataType.DOUBLE).toDoubleVector();
        for (int i = 0; i < dimensions.length; i++) {
            LatentGrid.checkDimension("dimensions[" + i + "]", dimensions[i], c.length);
        }
        for (int k = 0; k < values.length; k++) {
            if (!Double.isFinite(values[k])) {
                throw new IllegalArgumentException("values[" + k + "] must be finite, got " + values[k]);
            }
        }
        double[][] z = new double[dimensions.length * values.length][];
        for (int i = 0; i < dimensions.length; i++) {
            for (int k = 0; k < values.length; k++) {
                double[] row = c.clone();
                row[dimensions[i]] = values[k];
                z[i * values.length + k] = row;
            }
        }
        DataType type = center.dataType().isFPType() ? center.dataType() : DataType.FLOAT;
        return Nd4j.create(z).castTo(type);
    }

    /**
     * Decodes the traversal around an image's posterior mean.
     *
     * @param vae the model
     * @param image the image, shape {@code [1, inputSize]} or {@code [inputSize]}
     * @param dimensions the dimensions to traverse, one row each
     * @param values the values each takes, one column each
     * @return the decoded images, shape {@code [dimensions.length * values.length, inputSize]}, in the layout of
     *     {@link #codes}
     * @throws IllegalArgumentException if the image does not have {@code inputSize} values, or as {@link #codes}
     */
    public static INDArray decode(Vae vae, INDArray image, int[] dimensions, double[] values) {
        Objects.requireNonNull(vae, "vae");
        Objects.requireNonNull(image, "image");
        if (!(image.isVector() || image.isScalar())) {
            throw new IllegalArgumentException("image must be one image, shape [1, inputSize] or [inputSize], got "
                    + Arrays.toString(image.shape()));
        }
        INDArray center = vae.encode(image.reshape(1, image.length())).mean();
        return vae.decode(codes(center, dimensions, values));
    }
}
