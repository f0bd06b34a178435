package org.vae4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link CholeskyGaussianVariables#inverseFactor}: L^-1 L = I for every d from 1 to 9, so for the sizes where the
 * product (I - N)(I + N^2)(I + N^4)... takes 0, 1, 2 and 3 squarings and at each power of two, where a loop bound
 * one off would drop the series' last term (N^(d-1), non-zero for a full strictly lower triangle).
 */
class InverseFactorTest {
    @Test
    void timesTheFactorItIsTheIdentityForEverySize() {
        SplittableRandom random = new SplittableRandom(8);
        for (int d = 1; d <= 9; d++) {
            double[] logVariance = new double[d];
            double[][] l = new double[d][d];
            double[] lower = new double[d * d];
            for (int i = 0; i < d; i++) {
                logVariance[i] = random.nextDouble(-1, 1);
                l[i][i] = Math.exp(0.5 * logVariance[i]);
                for (int j = 0; j < i; j++) {
                    lower[i * d + j] = random.nextDouble(0.5, 1.5); // large entries: N^(d-1) far from 0
                    l[i][j] = lower[i * d + j];
                }
            }
            SameDiff sd = SameDiff.create();
            SDVariable mean = sd.constant(Nd4j.zeros(DataType.DOUBLE, 1, d));
            SDVariable logVar = sd.constant(Nd4j.create(logVariance, new long[] {1, d}, DataType.DOUBLE));
            SDVariable b = sd.constant(Nd4j.create(lower, new long[] {1, d, d}, DataType.DOUBLE));
            INDArray inverse = new CholeskyGaussianVariables(new DiagonalGaussianVariables(mean, logVar), b)
                    .inverseFactor(d).eval();
            INDArray product = inverse.mmul(Nd4j.create(l));
            assertEquals(0, product.sub(Nd4j.eye(d).castTo(DataType.DOUBLE)).amaxNumber().doubleValue(), 1e-9,
                    "L^-1 L - I for d = " + d);
        }
    }
}
