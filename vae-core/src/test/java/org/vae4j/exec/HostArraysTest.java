package org.vae4j.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The host loops on the Vector API against the scalar loop and against ND4J's ops. */
class HostArraysTest {

    @Test
    void theVectorApiExponentTestEqualsTheScalarLoop() {
        assertTrue(HostArrays.VECTOR_API, "the tests' java command line adds jdk.incubator.vector (the parent pom)");
        SplittableRandom r = new SplittableRandom(11);
        int withNonFinite = 0;
        for (int longs = 0; longs <= 70; longs++) {
            ByteBuffer bytes = ByteBuffer.allocateDirect(8 * longs + 8).order(ByteOrder.nativeOrder());
            for (int i = 0; i < longs; i++) {
                // finite floats mostly; now and then a word whose exponent field is all ones
                long word = Double.doubleToRawLongBits(r.nextGaussian());
                bytes.putLong(8 * i, r.nextInt(40) == 0 ? word | 0x7ff0000000000000L : word);
            }
            bytes.putLong(8 * longs, -1L); // beyond the words tested: must not count
            for (long[] fields : new long[][] {{0x7f8000007f800000L, 0x0080000000800000L},
                    {0x7ff0000000000000L, 0x0010000000000000L}}) {
                long vector = HostArrays.exponentCarries(bytes, longs, fields[0], fields[1], true);
                long scalar = HostArrays.exponentCarries(bytes, longs, fields[0], fields[1], false);
                assertEquals(scalar, vector, longs + " words");
                withNonFinite += scalar != 0 && (scalar & 0x8000000000000000L) != 0 ? 1 : 0;
            }
        }
        assertTrue(withNonFinite > 10, "some lengths must hold a non-finite double: " + withNonFinite);
    }

    /**
     * The bias gradients' sums over the batch ({@link ExecutionPlan}'s {@code add_bp} replacement) equal ND4J's
     * {@code sum} along dimension 0 bit for bit, at training's shapes (a batch of 128 rows and 784, 512, 40 columns:
     * whole vectors and a tail) and small ones, float and double.
     */
    @Test
    void sumsOverRowsEqualNd4jsSumAlongDimensionZeroBitForBit() {
        Nd4j.getRandom().setSeed(12);
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (int[] shape : new int[][] {{128, 784}, {128, 512}, {128, 40}, {100, 20}, {7, 33}, {1, 5}}) {
                INDArray a = Nd4j.randn(type, shape[0], shape[1]).muli(1000);
                INDArray expected = a.sum(0);
                INDArray z = Nd4j.create(type, 1, shape[1]);
                HostArrays.sumOverRows(a, z);
                String what = type + " " + shape[0] + "x" + shape[1];
                assertSameBits(expected, z, what + " sums");
            }
        }
    }

    static void assertSameBits(INDArray expected, INDArray actual, String what) {
        assertEquals(expected.length(), actual.length(), what);
        double[] e = expected.data().asDouble();
        double[] a = actual.data().asDouble();
        for (int j = 0; j < e.length; j++) {
            assertEquals(Double.doubleToRawLongBits(e[j]), Double.doubleToRawLongBits(a[j]), what + " at " + j);
        }
    }

    @Test
    void blendIsTwoRoundedProductsAndARoundedSumOverTheRangeOnly() {
        SplittableRandom r = new SplittableRandom(5);
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (int n : new int[] {1, 15, 16, 17, 100, 1001}) {
                double[] zv = r.doubles(n, -3, 3).toArray();
                double[] av = r.doubles(n, -3, 3).toArray();
                INDArray z = Nd4j.createFromArray(zv).castTo(type);
                INDArray a = Nd4j.createFromArray(av).castTo(type);
                double[] before = z.toDoubleVector();
                int from = n / 7;
                int to = n - n / 5;
                HostArrays.blend(z, 0.3, a, 0.7, from, to);
                double[] after = z.toDoubleVector();
                for (int i = 0; i < n; i++) {
                    double expected;
                    if (i < from || i >= to) {
                        expected = before[i];
                    } else if (type == DataType.FLOAT) {
                        float zf = (float) before[i];
                        float af = a.getFloat(i);
                        expected = 0.3f * zf + 0.7f * af; // float products and sum, each rounded, no fused multiply-add
                    } else {
                        expected = 0.3 * before[i] + 0.7 * av[i];
                    }
                    assertEquals(expected, after[i], 0.0, type + " n=" + n + " i=" + i);
                }
            }
        }
        INDArray z = Nd4j.zeros(DataType.FLOAT, 4);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> HostArrays.blend(z, 1, Nd4j.zeros(DataType.DOUBLE, 4), 1, 0, 4));
        assertTrue(e.getMessage().contains("one type and length"), e.getMessage());
        assertThrowsOutOfRange(z);
    }

    private static void assertThrowsOutOfRange(INDArray z) {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> HostArrays.blend(z, 1, z.dup(), 1, 2, 5));
        assertTrue(e.getMessage().contains("[2, 5) within z's 4 values"), e.getMessage());
    }

    /**
     * The finiteness test of a range sees exactly the range: a NaN or infinity at position k is found by every range
     * that holds k and by no other, at even and odd ends (two floats share a word), in float and double; the range
     * is checked.
     */
    @Test
    void aRangesFinitenessTestSeesExactlyTheRange() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            int n = 301;
            INDArray a = Nd4j.rand(type, 7, 43).subi(0.5).muli(1e30);
            assertTrue(HostArrays.allFinite(a, 0, n));
            for (double bad : new double[] {Double.NaN, Double.NEGATIVE_INFINITY}) {
                for (int k : new int[] {0, 1, 150, 151, 299, 300}) {
                    INDArray b = a.dup();
                    b.data().put(k, bad);
                    for (int from : new int[] {0, 1, k, k + 1, 151}) {
                        for (int to : new int[] {k, k + 1, 200, n}) {
                            if (from <= to && to <= n) {
                                boolean holds = from <= k && k < to;
                                assertEquals(!holds, HostArrays.allFinite(b, from, to),
                                        type + " " + bad + " at " + k + " in [" + from + ", " + to + ")");
                            }
                        }
                    }
                }
            }
            assertThrows(IllegalArgumentException.class, () -> HostArrays.allFinite(a, 5, 4));
            assertThrows(IllegalArgumentException.class, () -> HostArrays.allFinite(a, 0, n + 1));
        }
    }
}
