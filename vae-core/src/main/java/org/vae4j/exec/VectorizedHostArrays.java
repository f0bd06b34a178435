package org.vae4j.exec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link HostArrays}' loops on the JDK's Vector API ({@code jdk.incubator.vector}), the processor's widest vectors;
 * loaded only when the module is in the JVM's boot layer ({@link HostArrays#VECTOR_API}).
 */
final class VectorizedHostArrays {
    private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private VectorizedHostArrays() {
    }

    /**
     * The exponent test of {@link HostArrays#allFinite} on the first {@code longs} 64-bit words of the memory: each
     * word's exponent fields masked and one added to each, OR-ed over all words.
     *
     * @param bytes the memory
     * @param longs words to test (whole vectors and a scalar tail)
     * @param exponents the mask of the exponent fields in a word
     * @param ones one in the lowest bit of each exponent field
     * @return the OR of {@code (word & exponents) + ones} over the words
     */
    static long exponentCarries(ByteBuffer bytes, int longs, long exponents, long ones) {
        LongVector any = LongVector.zero(LONGS);
        int end = LONGS.loopBound(longs);
        for (int i = 0; i < end; i += LONGS.length()) {
            any = any.or(LongVector.fromByteBuffer(LONGS, bytes, 8 * i, ORDER).and(exponents).add(ones));
        }
        long tail = any.reduceLanes(VectorOperators.OR);
        for (int i = end; i < longs; i++) {
            tail |= (bytes.getLong(8 * i) & exponents) + ones;
        }
        return tail;
    }

    /**
     * The sums over the rows of a row-major float matrix {@code [rows, cols]}, each column's values added in row
     * order from 0 (as ND4J's {@code sum} along dimension 0 adds them), columns side by side in the vector lanes.
     *
     * @param a the matrix's memory
     * @param z receives the {@code cols} sums
     * @return the first column not summed (the caller sums the rest)
     */
    static int sumOverRowsFloat(ByteBuffer a, int rows, int cols, ByteBuffer z) {
        int end = FLOATS.loopBound(cols);
        for (int j = 0; j < end; j += FLOATS.length()) {
            FloatVector sum = FloatVector.zero(FLOATS);
            for (int i = 0; i < rows; i++) {
                sum = sum.add(FloatVector.fromByteBuffer(FLOATS, a, 4 * (i * cols + j), ORDER));
            }
            sum.intoByteBuffer(z, 4 * j, ORDER);
        }
        return end;
    }

    /** {@link #sumOverRowsFloat} for a double matrix. */
    static int sumOverRowsDouble(ByteBuffer a, int rows, int cols, ByteBuffer z) {
        int end = DOUBLES.loopBound(cols);
        for (int j = 0; j < end; j += DOUBLES.length()) {
            DoubleVector sum = DoubleVector.zero(DOUBLES);
            for (int i = 0; i < rows; i++) {
                sum = sum.add(DoubleVector.fromByteBuffer(DOUBLES, a, 8 * (i * cols + j), ORDER));
            }
            sum.intoByteBuffer(z, 8 * j, ORDER);
        }
        return end;
    }
}
