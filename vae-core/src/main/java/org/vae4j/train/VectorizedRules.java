package org.vae4j.train;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Adam and SGD ({@link Optimizer}'s rules of its own) on the JDK's Vector API ({@code jdk.incubator.vector}), the
 * processor's widest vectors: the same arithmetic as the scalar loops, lane by lane (IEEE multiply, add, divide and
 * square root, no fused multiply-add), so every value gets the same bits either way. Loaded only when the module is
 * in the JVM's boot layer ({@link org.vae4j.exec.HostArrays#VECTOR_API}). Each method updates the values [from, k)
 * of a parameter's native memory (in the platform's byte order) and returns k, the end of the last whole vector;
 * the caller's scalar loop does [k, to).
 */
final class VectorizedRules {
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private VectorizedRules() {
    }

    /**
     * Adam (Kingma & Ba 2015, algorithm 1, the bias corrections folded into {@code stepSize}) on float arrays of n
     * values; {@code s} holds m in [0, n) and v in [n, 2n); moments below the smallest normal float stored as 0.
     *
     * @return the end of the values updated
     */
    static int adam(ByteBuffer p, ByteBuffer g, ByteBuffer s, int n, int from, int to, float beta1, float beta2,
            float epsilon, float stepSize) {
        float oneMinusBeta1 = 1 - beta1;
        float oneMinusBeta2 = 1 - beta2;
        FloatVector zero = FloatVector.zero(FLOATS);
        int end = from + FLOATS.loopBound(to - from);
        for (int i = from; i < end; i += FLOATS.length()) {
            FloatVector gi = FloatVector.fromByteBuffer(FLOATS, g, 4 * i, ORDER);
            FloatVector m = FloatVector.fromByteBuffer(FLOATS, s, 4 * i, ORDER).mul(beta1).add(gi.mul(oneMinusBeta1));
            FloatVector v = FloatVector.fromByteBuffer(FLOATS, s, 4 * (n + i), ORDER).mul(beta2)
                    .add(gi.mul(gi).mul(oneMinusBeta2));
            m = m.blend(zero, m.abs().lt(Float.MIN_NORMAL));
            v = v.blend(zero, v.lt(Float.MIN_NORMAL));
            m.intoByteBuffer(s, 4 * i, ORDER);
            v.intoByteBuffer(s, 4 * (n + i), ORDER);
            FloatVector.fromByteBuffer(FLOATS, p, 4 * i, ORDER).sub(m.mul(stepSize).div(v.sqrt().add(epsilon)))
                    .intoByteBuffer(p, 4 * i, ORDER);
        }
        return end;
    }

    /** {@link #adam(ByteBuffer, ByteBuffer, ByteBuffer, int, int, int, float, float, float, float)} in double. */
    static int adam(ByteBuffer p, ByteBuffer g, ByteBuffer s, int n, int from, int to, double beta1, double beta2,
            double epsilon, double stepSize) {
        double oneMinusBeta1 = 1 - beta1;
        double oneMinusBeta2 = 1 - beta2;
        DoubleVector zero = DoubleVector.zero(DOUBLES);
        int end = from + DOUBLES.loopBound(to - from);
        for (int i = from; i < end; i += DOUBLES.length()) {
            DoubleVector gi = DoubleVector.fromByteBuffer(DOUBLES, g, 8 * i, ORDER);
            DoubleVector m = DoubleVector.fromByteBuffer(DOUBLES, s, 8 * i, ORDER).mul(beta1)
                    .add(gi.mul(oneMinusBeta1));
            DoubleVector v = DoubleVector.fromByteBuffer(DOUBLES, s, 8 * (n + i), ORDER).mul(beta2)
                    .add(gi.mul(gi).mul(oneMinusBeta2));
            m = m.blend(zero, m.abs().lt(Double.MIN_NORMAL));
            v = v.blend(zero, v.lt(Double.MIN_NORMAL));
            m.intoByteBuffer(s, 8 * i, ORDER);
            v.intoByteBuffer(s, 8 * (n + i), ORDER);
            DoubleVector.fromByteBuffer(DOUBLES, p, 8 * i, ORDER).sub(m.mul(stepSize).div(v.sqrt().add(epsilon)))
                    .intoByteBuffer(p, 8 * i, ORDER);
        }
        return end;
    }

    /** Plain gradient descent, {@code p -= lr * g}, on float arrays; returns the end of the values updated. */
    static int sgd(ByteBuffer p, ByteBuffer g, float lr, int from, int to) {
        int end = from + FLOATS.loopBound(to - from);
        for (int i = from; i < end; i += FLOATS.length()) {
            FloatVector.fromByteBuffer(FLOATS, p, 4 * i, ORDER)
                    .sub(FloatVector.fromByteBuffer(FLOATS, g, 4 * i, ORDER).mul(lr)).intoByteBuffer(p, 4 * i, ORDER);
        }
        return end;
    }

    /** {@link #sgd(ByteBuffer, ByteBuffer, float, int, int)} in double. */
    static int sgd(ByteBuffer p, ByteBuffer g, double lr, int from, int to) {
        int end = from + DOUBLES.loopBound(to - from);
        for (int i = from; i < end; i += DOUBLES.length()) {
            DoubleVector.fromByteBuffer(DOUBLES, p, 8 * i, ORDER)
                    .sub(DoubleVector.fromByteBuffer(DOUBLES, g, 8 * i, ORDER).mul(lr)).intoByteBuffer(p, 8 * i, ORDER);
        }
        return end;
    }
}
