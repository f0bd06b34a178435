package org.vae4j.latent;

import java.util.Objects;

/**
 * A 2-D view of n latent codes, for a scatter plot: one (x, y) point per code, with the axes' names.
 *
 * @param x the first coordinate of each point, length n
 * @param y the second coordinate of each point, length n
 * @param xLabel what the first coordinate is, e.g. {@code "z_3"} or {@code "PC1 (31.2% of variance)"}
 * @param yLabel what the second coordinate is
 */
public record Projection(double[] x, double[] y, String xLabel, String yLabel) {

    /**
     * Copies the arrays.
     *
     * @param x the first coordinate of each point, length n
     * @param y the second coordinate of each point, length n
     * @param xLabel what the first coordinate is, e.g. {@code "z_3"} or {@code "PC1 (31.2% of variance)"}
     * @param yLabel what the second coordinate is
     * @throws IllegalArgumentException if {@code x} and {@code y} differ in length
     * @throws NullPointerException naming the component if one is null
     */
    public Projection {
        x = Objects.requireNonNull(x, "x").clone();
        y = Objects.requireNonNull(y, "y").clone();
        Objects.requireNonNull(xLabel, "xLabel");
        Objects.requireNonNull(yLabel, "yLabel");
        if (x.length != y.length) {
            throw new IllegalArgumentException("x has " + x.length + " points but y has " + y.length);
        }
    }

    /** @return a copy of the first coordinates */
    @Override
    public double[] x() {
        return x.clone();
    }

    /** @return a copy of the second coordinates */
    @Override
    public double[] y() {
        return y.clone();
    }

    /** @return the number of points */
    public int size() {
        return x.length;
    }
}
