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
     * @param dataType the floating-point type of the result
     * @return the draws, shape {@code [rows, columns]}
     */
    public static INDArray sample(int rows, int columns, RandomGenerator random, DataType dataType) {
        int length = Math.multiplyExact(rows, columns);
        if (dataType == DataType.DOUBLE) {
            double[] values = new double[length];
            for (int i = 0; i < length; i++) {
                values[i] = random.nextGaussian();
            }
            return Nd4j.create(values, new long[] {rows, columns}, DataType.DOUBLE);
        }
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        INDArray out = Nd4j.create(values, new long[] {rows, columns}, DataType.FLOAT);
        return dataType == DataType.FLOAT ? out : out.castTo(dataType);
    }
}
