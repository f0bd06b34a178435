package org.vae4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@link Binarization#sample}: every value against its definition, x_i = 1 if u_i &lt; p_i, with u_i replayed. */
class BinarizationTest {
    /** Spans several of the sampler's blocks of 4,096 values and ends inside one. */
    private static final int N = 3 * 4096 + 17;

    /** Probabilities with the edge cases: 0, -0, 1, the smallest float, the largest below 1, and p = u exactly. */
    private static float[] probabilities(long seed) {
        SplittableRandom replay = new SplittableRandom(seed);
        SplittableRandom values = new SplittableRandom(99);
        float[] p = new float[N];
        for (int i = 0; i < N; i++) {
            float u = replay.nextFloat();
            p[i] = switch (i % 9) {
                case 0 -> 0f;
                case 1 -> -0f;
                case 2 -> 1f;
                case 3 -> Float.MIN_VALUE;
                case 4 -> Math.nextDown(1f);
                case 5 -> u; // u < p is false: 0
                case 6 -> Math.nextUp(u); // true: 1
                default -> values.nextFloat();
            };
        }
        return p;
    }

    private static float[] expected(float[] p, long seed) {
        SplittableRandom replay = new SplittableRandom(seed);
        float[] x = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            x[i] = replay.nextFloat() < p[i] ? 1f : 0f;
        }
        return x;
    }

    @Test
    void floatDrawsAreOnePerValueInRowMajorOrder() {
        float[] p = probabilities(7);
        float[] want = expected(p, 7);
        INDArray out = Nd4j.create(DataType.FLOAT, 1, N);
        Binarization.sample(Nd4j.createFromArray(p).reshape(1, N), out, new SplittableRandom(7), "test");
        assertArrayEquals(want, out.toFloatVector());
        int ones = 0;
        for (float v : want) {
            ones += (int) v;
        }
        assertTrue(ones > N / 4 && ones < 3 * N / 4, "ones: " + ones);

        // in place, the output being the probabilities themselves
        INDArray inPlace = Nd4j.createFromArray(p);
        Binarization.sample(inPlace, inPlace, new SplittableRandom(7), "test");
        assertArrayEquals(want, inPlace.toFloatVector());

        // a view (every other row of a matrix, in column-major order) is read in the row-major order of its values
        INDArray matrix = Nd4j.createFromArray(p).reshape(1, N).repeat(0, 2).dup('f');
        INDArray view = matrix.getRow(1);
        INDArray fromView = Nd4j.create(DataType.FLOAT, 1, N);
        Binarization.sample(view, fromView, new SplittableRandom(7), "test");
        assertArrayEquals(want, fromView.toFloatVector());
    }

    @Test
    void doubleDrawsFollowTheSameDefinition() {
        SplittableRandom values = new SplittableRandom(3);
        double[] p = new double[5000];
        for (int i = 0; i < p.length; i++) {
            p[i] = i % 4 == 0 ? 0 : i % 4 == 1 ? 1 : values.nextDouble();
        }
        SplittableRandom replay = new SplittableRandom(11);
        double[] want = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            want[i] = replay.nextDouble() < p[i] ? 1 : 0;
        }
        INDArray out = Nd4j.create(DataType.DOUBLE, p.length);
        Binarization.sample(Nd4j.createFromArray(p), out, new SplittableRandom(11), "test");
        assertArrayEquals(want, out.toDoubleVector());
    }

    @Test
    void aValueOutsideZeroOneIsNamedAndNothingIsWritten() {
        for (float bad : new float[] {Float.NaN, -0.25f, Math.nextUp(1f), Float.POSITIVE_INFINITY}) {
            float[] p = probabilities(5);
            int index = 2 * 4096 + 100; // in the third block: the first two must not be written either
            p[index] = bad;
            INDArray out = Nd4j.valueArrayOf(new long[] {N}, 7f, DataType.FLOAT);
            InvalidDataException e = assertThrows(InvalidDataException.class,
                    () -> Binarization.sample(Nd4j.createFromArray(p), out, new SplittableRandom(5), "my set"));
            assertTrue(e.getMessage().contains("my set") && e.getMessage().contains("index " + index)
                    && e.getMessage().contains(String.valueOf(bad)), e.getMessage());
            assertEquals(7f, out.minNumber().floatValue());
            assertEquals(7f, out.maxNumber().floatValue());
        }
    }
}
