package org.vae4j.latent;

import java.util.Objects;
import org.apache.commons.math3.special.Erf;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.Vae;

/**
 * The learned data manifold: images decoded over an n x n grid of latent codes spanning two latent dimensions
 * (Kingma &amp; Welling 2014, figure 4: "linearly spaced coordinates on the unit square were transformed through the
 * inverse CDF of the Gaussian to produce values of the latent variables z").
 *
 * <p>The coordinates along each axis are the standard normal's quantiles at the centres of n equal-probability
 * bins, q_i = Phi^-1((i + 1/2) / n) for i = 0..n-1, so every cell of the grid covers the same prior mass and the
 * grid spans the central (1 - 1/n) of it: for n = 20, from Phi^-1(0.025) = -1.96 to +1.96. Phi^-1 is computed as
 * sqrt(2) erfinv(2p - 1) with Apache Commons Math's {@link Erf#erfInv} (Giles 2010, "Approximating the erfinv
 * function"), accurate to about 1e-15 here.
 *
 * <p>With more than two latent dimensions the grid spans a chosen pair and holds every other dimension at 0, the
 * prior's mean: a two-dimensional slice through the latent space.
 *
 * <p>Layout: code {@code r * n + c} (row r, column c, read left to right and top to bottom as
 * {@link org.vae4j.image.ImageGrid} draws it) has {@code z[dimX] = q_c} and {@code z[dimY] = q_(n-1-r)}: x grows to
 * the right and y grows upwards, as on a plot of the same two dimensions.
 */
public final class LatentGrid {
    private LatentGrid() {
    }

    /**
     * The standard normal's quantiles at the centres of {@code n} equal-probability bins.
     *
     * @param n the number of points, {@code >= 1}
     * @return Phi^-1((i + 1/2) / n) for i = 0..n-1, increasing and symmetric about 0
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static double[] quantiles(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
        double[] q = new double[n];
        for (int i = 0; i < n; i++) {
            q[i] = inverseNormalCdf((i + 0.5) / n);
        }
        return q;
    }

    /**
     * The standard normal's quantile function Phi^-1(p) = sqrt(2) erfinv(2p - 1).
     *
     * @param p a probability in (0, 1)
     * @return the z with P(Z &lt;= z) = p for Z ~ N(0, 1)
     * @throws IllegalArgumentException if {@code p} is not strictly between 0 and 1
     */
    public static double inverseNormalCdf(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p must be in (0, 1), got " + p);
        }
        return Math.sqrt(2) * Erf.erfInv(2 * p - 1);
    }

    /**
     * The grid's latent codes.
     *
     * @param n points per side, {@code >= 1}
     * @param latentSize latent dimensions, {@code >= 2}
     * @param dimX the dimension that varies along the rows (to the right), {@code 0 <= dimX < latentSize}
     * @param dimY the dimension that varies down the columns (upwards), another one
     * @param dataType the floating-point type of the result
     * @return the codes, shape {@code [n * n, latentSize]}, zero except in {@code dimX} and {@code dimY}
     * @throws IllegalArgumentException if {@code n < 1}, {@code latentSize < 2}, a dimension is out of range, or
     *     the two are equal
     */
    public static INDArray codes(int n, int latentSize, int dimX, int dimY, DataType dataType) {
        Objects.requireNonNull(dataType, "dataType");
        if (latentSize < 2) {
            throw new IllegalArgumentException("a 2-D grid needs latentSize >= 2, got " + latentSize);
        }
        checkDimension("dimX", dimX, latentSize);
        checkDimension("dimY", dimY, latentSize);
        if (dimX == dimY) {
            throw new IllegalArgumentException("dimX and dimY must differ, both are " + dimX);
        }
        double[] q = quantiles(n);
        double[][] z = new double[n * n][latentSize];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                z[r * n + c][dimX] = q[c];
                z[r * n + c][dimY] = q[n - 1 - r];
            }
        }
        return Nd4j.create(z).castTo(dataType);
    }

    /**
     * Decodes the grid: the images to draw with {@code ImageGrid.of(shape).columns(n)}.
     *
     * @param vae the model, {@code latentSize >= 2}
     * @param n points per side, {@code >= 1}
     * @param dimX the dimension that varies to the right
     * @param dimY the dimension that varies upwards
     * @return the decoded images, shape {@code [n * n, inputSize]}, in the grid's layout
     * @throws IllegalArgumentException as {@link #codes} does
     */
    public static INDArray decode(Vae vae, int n, int dimX, int dimY) {
        Objects.requireNonNull(vae, "vae");
        return vae.decode(codes(n, vae.config().latentSize(), dimX, dimY, vae.config().dataType()));
    }

    static void checkDimension(String name, int dim, int latentSize) {
        if (dim < 0 || dim >= latentSize) {
            throw new IllegalArgumentException(name + " must be a latent dimension in [0, " + latentSize + "), got "
                    + dim);
        }
    }
}
