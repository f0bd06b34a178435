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

    /**
     * The sum of each row of a row-major float matrix {@code [rows, cols]}: a vector of partial sums over the row's
     * whole vectors in column order, its lanes added in lane order from 0, then the tail in column order. Not ND4J's
     * order (which this library could not match), so not always ND4J's bits.
     *
     * @param a the matrix's memory
     * @param z receives the {@code rows} sums
     */
    static void sumAlongRowsFloat(ByteBuffer a, int rows, int cols, ByteBuffer z) {
        int end = FLOATS.loopBound(cols);
        float[] lanes = new float[FLOATS.length()];
        for (int i = 0; i < rows; i++) {
            int row = 4 * i * cols;
            FloatVector partial = FloatVector.zero(FLOATS);
            for (int j = 0; j < end; j += FLOATS.length()) {
                partial = partial.add(FloatVector.fromByteBuffer(FLOATS, a, row + 4 * j, ORDER));
            }
            partial.intoArray(lanes, 0);
            float sum = 0;
            for (float lane : lanes) {
                sum += lane;
            }
            for (int j = end; j < cols; j++) {
                sum += a.getFloat(row + 4 * j);
            }
            z.putFloat(4 * i, sum);
        }
    }

    /**
     * Row i of a row-major float matrix {@code [rows, cols]} filled with value i of {@code v}: the backward op of a
     * sum along the rows.
     *
     * @param v the {@code rows} values' memory
     * @param z the matrix's memory
     */
    static void broadcastAlongRowsFloat(ByteBuffer v, int rows, int cols, ByteBuffer z) {
        for (int i = 0; i < rows; i++) {
            fillFloat(z, i * cols, cols, v.getFloat(4 * i));
        }
    }

    /** Sets the floats [from, from + count) of the memory to {@code value}. */
    static void fillFloat(ByteBuffer z, int from, int count, float value) {
        FloatVector fill = FloatVector.broadcast(FLOATS, value);
        int end = from + FLOATS.loopBound(count);
        for (int j = from; j < end; j += FLOATS.length()) {
            fill.intoByteBuffer(z, 4 * j, ORDER);
        }
        for (int j = end; j < from + count; j++) {
            z.putFloat(4 * j, value);
        }
    }

    /**
     * {@code z[i] = wz * z[i] + wa * a[i]} for the floats i in [from, to), whole vectors only; each value rounded as
     * the scalar loop of {@link HostArrays#blend} rounds it.
     *
     * @return the first index not done
     */
    static int blendFloat(ByteBuffer z, float wz, ByteBuffer a, float wa, int from, int to) {
        int end = from + FLOATS.loopBound(to - from);
        for (int i = from; i < end; i += FLOATS.length()) {
            FloatVector vz = FloatVector.fromByteBuffer(FLOATS, z, 4 * i, ORDER).mul(wz);
            vz.add(FloatVector.fromByteBuffer(FLOATS, a, 4 * i, ORDER).mul(wa)).intoByteBuffer(z, 4 * i, ORDER);
        }
        return end;
    }

    /**
     * {@code z[i] = wz * z[i] + wa * a[i]} for the doubles i in [from, to), whole vectors only.
     *
     * @return the first index not done
     */
    static int blendDouble(ByteBuffer z, double wz, ByteBuffer a, double wa, int from, int to) {
        int end = from + DOUBLES.loopBound(to - from);
        for (int i = from; i < end; i += DOUBLES.length()) {
            DoubleVector vz = DoubleVector.fromByteBuffer(DOUBLES, z, 8 * i, ORDER).mul(wz);
            vz.add(DoubleVector.fromByteBuffer(DOUBLES, a, 8 * i, ORDER).mul(wa)).intoByteBuffer(z, 8 * i, ORDER);
        }
        return end;
    }
}
