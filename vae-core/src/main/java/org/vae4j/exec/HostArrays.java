package org.vae4j.exec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes the native memory of ND4J arrays directly from Java, for the small elementwise jobs of the
 * training loop (sums of a few hundred values, finiteness checks, the optimizer's update) where ND4J's op dispatch
 * costs far more than the arithmetic on one thread (see docs/performance.md). Only "plain" arrays qualify: float or
 * double, not a view, with no offset, their elements contiguous in row-major order and filling their whole buffer;
 * callers fall back to ND4J ops for anything else.
 */
public final class HostArrays {
    private static final Logger log = LoggerFactory.getLogger(HostArrays.class);
    /**
     * Whether these loops and the optimizer's update ({@code org.vae4j.train.Optimizer}) run on the JDK's Vector API:
     * when the java command line adds its module ({@code --add-modules jdk.incubator.vector}), unless the system
     * property {@code vae4j.vectorApi} is {@code false}. The optimizer's update and these loops give the same bits
     * either way; the compiled plan's exp, sigmoid, softplus and sums ({@link Lanewise}, {@link PlanStep}) round
     * differently from ND4J's.
     */
    public static final boolean VECTOR_API = vectorApi();

    private HostArrays() {
    }

    private static boolean vectorApi() {
        boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        if (present && !"false".equalsIgnoreCase(System.getProperty("vae4j.vectorApi"))) {
            log.debug("The optimizer's update and the gradient checks run on the JDK's Vector API");
            return true;
        }
        if (!present) {
            log.info("The optimizer's update runs as scalar Java loops; the java option --add-modules"
                    + " jdk.incubator.vector makes it about 3 times as fast (docs/performance.md)");
        }
        return false;
    }

    /**
     * @param a an array
     * @return whether {@code a} is float or double and its elements are exactly its buffer, in row-major order, of
     *     at most {@code Integer.MAX_VALUE} bytes (a Java buffer's limit)
     */
    public static boolean isPlain(INDArray a) {
        DataType t = a.dataType();
        return (t == DataType.FLOAT || t == DataType.DOUBLE) && !a.isView() && !a.isEmpty() && a.offset() == 0
                && a.data().offset() == 0 && a.data().length() == a.length()
                && (a.ordering() == 'c' || a.rank() <= 1 || a.isVectorOrScalar())
                && a.length() * a.data().getElementSize() <= Integer.MAX_VALUE;
    }

    /**
     * @param a a plain float array ({@link #isPlain})
     * @return its memory as a float buffer, element i at index i
     */
    public static FloatBuffer floats(INDArray a) {
        return bytes(a).asFloatBuffer();
    }

    /**
     * @param a a plain array ({@link #isPlain})
     * @return its memory as bytes in the platform's order, element i at byte {@code i * a.data().getElementSize()}
     */
    public static ByteBuffer bytes(INDArray a) {
        return a.data().asNio().order(ByteOrder.nativeOrder());
    }

    /**
     * @param a a plain double array ({@link #isPlain})
     * @return its memory as a double buffer, element i at index i
     */
    public static DoubleBuffer doubles(INDArray a) {
        return bytes(a).asDoubleBuffer();
    }

    /**
     * The sum of an array's elements, accumulated in double precision in element order.
     *
     * @param a an array of any shape
     * @return the sum
     */
    public static double sum(INDArray a) {
        if (!isPlain(a)) {
            return a.sumNumber().doubleValue();
        }
        int n = (int) a.length();
        double s = 0;
        if (a.dataType() == DataType.FLOAT) {
            FloatBuffer f = floats(a);
            for (int i = 0; i < n; i++) {
                s += f.get(i);
            }
        } else {
            DoubleBuffer d = doubles(a);
            for (int i = 0; i < n; i++) {
                s += d.get(i);
            }
        }
        return s;
    }

    /**
     * @param a an array of any shape
     * @return whether every element is finite (neither NaN nor infinite)
     */
    public static boolean allFinite(INDArray a) {
        return allFinite(a, 0, a.length());
    }

    /**
     * @param a an array of any shape
     * @param from first element, in row-major order, {@code >= 0}
     * @param to end element (exclusive), {@code from <= to <= a.length()}
     * @return whether the elements [from, to) are finite (neither NaN nor infinite)
     * @throws IllegalArgumentException if the range is out of bounds
     */
    public static boolean allFinite(INDArray a, long from, long to) {
        if (from < 0 || from > to || to > a.length()) {
            throw new IllegalArgumentException("[" + from + ", " + to + ") is not within the array's " + a.length()
                    + " values");
        }
        if (!isPlain(a)) {
            INDArray values = a.dup('c').reshape(a.length()).get(NDArrayIndex.interval(from, to));
            return Double.isFinite(values.sumNumber().doubleValue());
        }
        int n = (int) (to - from);
        // An IEEE value is NaN or infinite exactly when its exponent bits are all ones; adding one to the exponent
        // field then carries into the sign bit. OR-ing over all elements (a loop the JIT can vectorize) keeps the sign
        // bit clear exactly when every element is finite.
        int size = a.data().getElementSize();
        ByteBuffer bytes = bytes(a).slice((int) from * size, n * size).order(ByteOrder.nativeOrder());
        if (a.dataType() == DataType.FLOAT) {
            // two floats per long: the carry of the lower one stops at its own sign bit (bit 31)
            long any = exponentCarries(bytes, n / 2, 0x7f8000007f800000L, 0x0080000000800000L, VECTOR_API);
            if (n % 2 == 1) {
                any |= (bytes.getInt(4 * (n - 1)) & 0x7f800000) + 0x00800000;
            }
            return (any & 0x8000000080000000L) == 0;
        }
        return exponentCarries(bytes, n, 0x7ff0000000000000L, 0x0010000000000000L, VECTOR_API) >= 0;
    }

    /**
     * {@code z = wz * z + wa * a}, elementwise over the values [from, to) of two plain arrays of one data type: each
     * value is {@code wz * z + wa * a} in the arrays' type (two roundings of products and one of the sum, no fused
     * multiply-add), the same bits on the Vector API as in the scalar loop. With {@code a} null, {@code z = wz * z}.
     *
     * @param z a plain float or double array ({@link #isPlain}), updated in place
     * @param wz z's weight
     * @param a a plain array of z's data type and length, or null
     * @param wa a's weight
     * @param from first index, {@code 0 <= from <= to}
     * @param to end index (exclusive), {@code <= z.length()}
     * @throws IllegalArgumentException if an array is not plain, the types or lengths differ, or the range is out of
     *     bounds
     */
    public static void blend(INDArray z, double wz, INDArray a, double wa, int from, int to) {
        if (!isPlain(z) || a != null && (!isPlain(a) || a.dataType() != z.dataType() || a.length() != z.length())
                || from < 0 || from > to || to > z.length()) {
            throw new IllegalArgumentException("blend: z and a must be plain arrays of one type and length, and ["
                    + from + ", " + to + ") within z's " + z.length() + " values");
        }
        ByteBuffer zb = bytes(z);
        ByteBuffer ab = a == null ? zb : bytes(a);
        double wa0 = a == null ? 0 : wa;
        if (z.dataType() == DataType.FLOAT) {
            float fz = (float) wz;
            float fa = (float) wa0;
            int i = VECTOR_API ? VectorizedHostArrays.blendFloat(zb, fz, ab, fa, from, to) : from;
            for (; i < to; i++) {
                zb.putFloat(4 * i, fz * zb.getFloat(4 * i) + fa * ab.getFloat(4 * i));
            }
        } else {
            int i = VECTOR_API ? VectorizedHostArrays.blendDouble(zb, wz, ab, wa0, from, to) : from;
            for (; i < to; i++) {
                zb.putDouble(8 * i, wz * zb.getDouble(8 * i) + wa0 * ab.getDouble(8 * i));
            }
        }
    }

    /**
     * Sums a matrix over its rows, each column's values added in row order from 0: the same sums, bit for bit, as
     * ND4J's {@code sum} along dimension 0 of a row-major float or double matrix (measured for the shapes of
     * training), on the Vector API: only when {@link #VECTOR_API} is true.
     *
     * @param a a plain matrix {@code [rows, cols]}, row-major
     * @param z a plain array of {@code cols} values of a's data type (e.g. {@code [cols]} or {@code [1, cols]})
     */
    static void sumOverRows(INDArray a, INDArray z) {
        int rows = (int) a.size(0);
        int cols = (int) a.size(1);
        ByteBuffer in = bytes(a);
        ByteBuffer out = bytes(z);
        boolean isFloat = a.dataType() == DataType.FLOAT;
        int done = isFloat ? VectorizedHostArrays.sumOverRowsFloat(in, rows, cols, out)
                : VectorizedHostArrays.sumOverRowsDouble(in, rows, cols, out);
        for (int j = done; j < cols; j++) {
            if (isFloat) {
                float sum = 0;
                for (int i = 0; i < rows; i++) {
                    sum += in.getFloat(4 * (i * cols + j));
                }
                out.putFloat(4 * j, sum);
            } else {
                double sum = 0;
                for (int i = 0; i < rows; i++) {
                    sum += in.getDouble(8 * (i * cols + j));
                }
                out.putDouble(8 * j, sum);
            }
        }
    }

    /**
     * The OR of {@code (word & exponents) + ones} over the first {@code longs} 64-bit words of the memory, on the
     * Vector API or in a scalar loop.
     */
    static long exponentCarries(ByteBuffer bytes, int longs, long exponents, long ones, boolean vectorApi) {
        if (vectorApi) {
            return VectorizedHostArrays.exponentCarries(bytes, longs, exponents, ones);
        }
        LongBuffer words = bytes.asLongBuffer();
        long any = 0;
        for (int i = 0; i < longs; i++) {
            any |= (words.get(i) & exponents) + ones;
        }
        return any;
    }
}
