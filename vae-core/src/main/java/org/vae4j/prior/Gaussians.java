package org.vae4j.prior;

import java.util.random.RandomGenerator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Host-side standard normal draws, shared by priors and the reparameterization noise. */
public final class Gaussians {
    private Gaussians() {
    }

    /**
     * Fills an array with independent N(0, 1) draws from {@code random}, row by row.
     *
     * @param rows rows
     * @param columns columns
     * @param random the source (the same generator state gives the same array)
     * @param dataType {@code FLOAT} or {@code DOUBLE}
     * @return the draws, shape {@code [rows, columns]}
     */
    public static INDArray sample(int rows, int columns, RandomGenerator random, DataType dataType) {
        return fill(Nd4j.create(dataType, rows, columns), random);
    }

    /**
     * Overwrites an array with independent N(0, 1) draws from {@code random}, in row-major order: the same draws
     * {@link #sample} would return.
     *
     * @param target a contiguous {@code FLOAT} or {@code DOUBLE} array, not a view
     * @param random the source
     * @return {@code target}
     * @throws IllegalArgumentException if {@code target} is a view or not FLOAT or DOUBLE
     */
    public static INDArray fill(INDArray target, RandomGenerator random) {
        if (target.isView() || target.ordering() != 'c') {
            throw new IllegalArgumentException("target must be a contiguous c-order array, not a view");
        }
        int length = Math.toIntExact(target.length());
        if (target.dataType() == DataType.DOUBLE) {
            double[] values = new double[length];
            for (int i = 0; i < length; i++) {
                values[i] = random.nextGaussian();
            }
            target.data().setData(values);
        } else if (target.dataType() == DataType.FLOAT) {
            float[] values = new float[length];
            for (int i = 0; i < length; i++) {
                values[i] = (float) random.nextGaussian();
            }
            target.data().setData(values);
        } else {
            throw new IllegalArgumentException("target must be FLOAT or DOUBLE, got " + target.dataType());
        }
        return target;
    }
}
