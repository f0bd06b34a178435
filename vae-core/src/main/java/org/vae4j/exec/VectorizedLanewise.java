package org.vae4j.exec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Lanewise}'s ops on the JDK's Vector API ({@code jdk.incubator.vector}), one loop per op so that the vectors
 * stay in registers; loaded only when the module is in the JVM's boot layer ({@link HostArrays#VECTOR_API}). Memory
 * in the platform's byte order, element i at byte 4i.
 */
final class VectorizedLanewise {
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final int L = FLOATS.length();

    private VectorizedLanewise() {
    }

    /**
     * Computes {@code op} into z.
     *
     * @param x the first input's memory
     * @param y the second input's memory (y or g), or null
     * @param layout {@link Lanewise#SAME}, {@link Lanewise#ROW} or {@link Lanewise#SCALAR}: how y is laid out
     * @param n x's values
     * @param cols the values of a row of x ({@link Lanewise#ROW}), else n
     * @param s the op's scalar
     * @param z the output's memory, n values
     */
    static void run(Lanewise op, ByteBuffer x, ByteBuffer y, int layout, int n, int cols, float s, ByteBuffer z) {
        if (!op.exact()) {
            transcendental(op, x, n, z);
        } else if (y == null || layout == Lanewise.SCALAR) {
            float value = y == null ? s : y.getFloat(0);
            withValue(op, x, n, value, z);
        } else if (op == Lanewise.RELU_BACKWARD) {
            reluBackward(x, y, n, s, z);
        } else if (layout == Lanewise.SAME) {
            binary(op, x, y, 0, n, 0, z);
        } else {
            for (int r = 0; r < n / cols; r++) {
                binary(op, x, y, r * cols, cols, -r * cols, z);
            }
        }
    }

    /**
     * x op y on the values [from, from + count) of x and z, y read at the same index plus {@code yShift} (0, or minus
     * the row's start for a row).
     */
    private static void binary(Lanewise op, ByteBuffer x, ByteBuffer y, int from, int count, int yShift,
            ByteBuffer z) {
        int end = from + FLOATS.loopBound(count);
        int to = from + count;
        switch (op) {
            case ADD -> {
                for (int i = from; i < end; i += L) {
                    load(x, i).add(load(y, i + yShift)).intoByteBuffer(z, 4 * i, ORDER);
                }
            }
            case SUBTRACT -> {
                for (int i = from; i < end; i += L) {
                    load(x, i).sub(load(y, i + yShift)).intoByteBuffer(z, 4 * i, ORDER);
                }
            }
            case MULTIPLY -> {
                for (int i = from; i < end; i += L) {
                    load(x, i).mul(load(y, i + yShift)).intoByteBuffer(z, 4 * i, ORDER);
                }
            }
            default -> throw new IllegalArgumentException(op + " is not a binary op");
        }
        for (int i = end; i < to; i++) {
            z.putFloat(4 * i, op.apply(x.getFloat(4 * i), y.getFloat(4 * (i + yShift))));
        }
    }

    /** The unary ops, and the binary ops and ops of a scalar with one value v. */
    private static void withValue(Lanewise op, ByteBuffer x, int n, float v, ByteBuffer z) {
        int end = FLOATS.loopBound(n);
        FloatVector value = FloatVector.broadcast(FLOATS, v);
        switch (op) {
            case ADD, ADD_SCALAR -> {
                for (int i = 0; i < end; i += L) {
                    load(x, i).add(value).intoByteBuffer(z, 4 * i, ORDER);
                }
            }
            case SUBTRACT -> {
                for (int i = 0; i < end; i += L) {
                    load(x, i).sub(value).intoByteBuffer(z, 4 * i, ORDER);
                }
            }
            case MULTIPLY, MULTIPLY_SCALAR -> {
                for (int i = 0; i < end; i += L) {
                    load(x, i).mul(value).intoByteBuffer(z, 4 * i, ORDER);
                }
            }
            case RELU -> {
                for (int i = 0; i < end; i += L) {
                    FloatVector a = load(x, i);
                    a.blend(value, a.lt(value)).intoByteBuffer(z, 4 * i, ORDER);
                }
            }
            case NEG -> {
                for (int i = 0; i < end; i += L) {
                    load(x, i).neg().intoByteBuffer(z, 4 * i, ORDER);
                }
            }
            case ABS -> {
                for (int i = 0; i < end; i += L) {
                    load(x, i).abs().intoByteBuffer(z, 4 * i, ORDER);
                }
            }
            case SQUARE -> {
                for (int i = 0; i < end; i += L) {
                    FloatVector a = load(x, i);
                    a.mul(a).intoByteBuffer(z, 4 * i, ORDER);
                }
            }
            case SIGN -> {
                FloatVector zero = FloatVector.zero(FLOATS);
                FloatVector one = FloatVector.broadcast(FLOATS, 1f);
                FloatVector minusOne = FloatVector.broadcast(FLOATS, -1f);
                for (int i = 0; i < end; i += L) {
                    FloatVector a = load(x, i);
                    zero.blend(one, a.compare(VectorOperators.GT, 0f))
                            .blend(minusOne, a.compare(VectorOperators.LT, 0f)).intoByteBuffer(z, 4 * i, ORDER);
                }
            }
            case SQUARE_DERIVATIVE -> {
                FloatVector two = FloatVector.broadcast(FLOATS, 2f);
                for (int i = 0; i < end; i += L) {
                    two.mul(load(x, i)).intoByteBuffer(z, 4 * i, ORDER);
                }
            }
            default -> throw new IllegalArgumentException(op + " is not a unary or scalar op");
        }
        for (int i = end; i < n; i++) {
            z.putFloat(4 * i, op.apply(x.getFloat(4 * i), v));
        }
    }

    /**
     * The transcendental ops: {@link FloatMath}'s steps on vectors, the tail in {@link FloatMath} (the same bits); a
     * loop per op, so that the JIT inlines {@link #exp} and {@link #log1pOfUnit} (vectors passed to a method it does
     * not inline are boxed, about ten times slower).
     */
    private static void transcendental(Lanewise op, ByteBuffer x, int n, ByteBuffer z) {
        int end = FLOATS.loopBound(n);
        switch (op) {
            case EXP -> exp(x, end, z);
            case SIGMOID -> sigmoid(x, end, z);
            case SOFTPLUS -> softplus(x, end, z);
            default -> throw new IllegalArgumentException(op + " is exact");
        }
        for (int i = end; i < n; i++) {
            z.putFloat(4 * i, op.apply(x.getFloat(4 * i), 0f));
        }
    }

    private static void exp(ByteBuffer x, int end, ByteBuffer z) {
        for (int i = 0; i < end; i += L) {
            exp(load(x, i)).intoByteBuffer(z, 4 * i, ORDER);
        }
    }

    private static void sigmoid(ByteBuffer x, int end, ByteBuffer z) {
        FloatVector one = FloatVector.broadcast(FLOATS, 1f);
        for (int i = 0; i < end; i += L) {
            FloatVector a = load(x, i);
            FloatVector e = exp(a.abs().neg());
            FloatVector q = one.div(e.add(1f));
            q.blend(e.mul(q), a.compare(VectorOperators.LT, 0f)).intoByteBuffer(z, 4 * i, ORDER);
        }
    }

    private static void softplus(ByteBuffer x, int end, ByteBuffer z) {
        FloatVector zero = FloatVector.zero(FLOATS);
        for (int i = 0; i < end; i += L) {
            FloatVector a = load(x, i);
            zero.blend(a, a.compare(VectorOperators.GT, 0f)).add(log1pOfUnit(exp(a.abs().neg())))
                    .intoByteBuffer(z, 4 * i, ORDER);
        }
    }

    /** {@link FloatMath#exp} on a vector. */
    static FloatVector exp(FloatVector x) {
        FloatVector c = x.blend(FloatMath.EXP_MIN, x.compare(VectorOperators.LT, FloatMath.EXP_MIN))
                .blend(FloatMath.EXP_MAX, x.compare(VectorOperators.GT, FloatMath.EXP_MAX));
        FloatVector t = c.mul(FloatMath.LOG2E).add(FloatMath.ROUNDER);
        FloatVector n = t.sub(FloatMath.ROUNDER);
        IntVector ni = t.reinterpretAsInts().sub(Float.floatToRawIntBits(FloatMath.ROUNDER));
        FloatVector r = c.sub(n.mul(FloatMath.LN2_HIGH)).sub(n.mul(FloatMath.LN2_LOW));
        FloatVector p = FloatVector.broadcast(FLOATS, FloatMath.EXP_P[0]);
        for (int i = 1; i < FloatMath.EXP_P.length; i++) {
            p = p.mul(r).add(FloatMath.EXP_P[i]);
        }
        p = p.mul(r.mul(r)).add(r).add(1f);
        IntVector h = ni.lanewise(VectorOperators.ASHR, 1);
        FloatVector low = h.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector high = ni.sub(h).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(low).mul(high);
    }

    /** {@link FloatMath#log1pOfUnit} on a vector. */
    static FloatVector log1pOfUnit(FloatVector t) {
        VectorMask<Float> high = t.compare(VectorOperators.GT, FloatMath.SQRT2_MINUS_1);
        FloatVector x = t.blend(t.sub(1f).mul(0.5f), high);
        FloatVector e = FloatVector.zero(FLOATS).blend(1f, high);
        FloatVector z = x.mul(x);
        FloatVector q = FloatVector.broadcast(FLOATS, FloatMath.LOG_Q[0]);
        for (int i = 1; i < FloatMath.LOG_Q.length; i++) {
            q = q.mul(x).add(FloatMath.LOG_Q[i]);
        }
        FloatVector y = q.mul(x).mul(z);
        y = y.add(e.mul(FloatMath.LN2_LOW));
        y = y.add(z.mul(-0.5f));
        return x.add(y).add(e.mul(FloatMath.LN2_HIGH));
    }

    /** {@code g * (x > t ? 1 : 0)}, the product ND4J's ReLU backward replacement computed (a mask, then multiply). */
    private static void reluBackward(ByteBuffer x, ByteBuffer g, int n, float t, ByteBuffer z) {
        int end = FLOATS.loopBound(n);
        FloatVector zero = FloatVector.zero(FLOATS);
        FloatVector one = FloatVector.broadcast(FLOATS, 1f);
        for (int i = 0; i < end; i += L) {
            load(g, i).mul(zero.blend(one, load(x, i).compare(VectorOperators.GT, t)))
                    .intoByteBuffer(z, 4 * i, ORDER);
        }
        for (int i = end; i < n; i++) {
            z.putFloat(4 * i, g.getFloat(4 * i) * (x.getFloat(4 * i) > t ? 1f : 0f));
        }
    }

    private static FloatVector load(ByteBuffer memory, int i) {
        return FloatVector.fromByteBuffer(FLOATS, memory, 4 * i, ORDER);
    }
}
