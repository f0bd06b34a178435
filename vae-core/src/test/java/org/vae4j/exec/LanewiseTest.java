package org.vae4j.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.PowDerivative;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarAdd;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.api.ops.impl.transforms.same.Abs;
import org.nd4j.linalg.api.ops.impl.transforms.same.Negative;
import org.nd4j.linalg.api.ops.impl.transforms.same.Sign;
import org.nd4j.linalg.api.ops.impl.transforms.same.Square;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The host's exact elementwise ops ({@link Lanewise}, on the Vector API in these tests) give ND4J's ops' bits, for the
 * shapes of training (whole vectors of 16 floats) and shapes with a tail, with the second operand of the same shape,
 * a row, or one value; inputs hold zeros of both signs and values equal to the scalars.
 */
class LanewiseTest {

    private static INDArray data(long... shape) {
        INDArray a = Nd4j.randn(DataType.FLOAT, shape);
        float[] special = {0f, -0f, 0.5f, -0.5f, 1f};
        for (long i = 0; i < a.length(); i += 7) {
            a.putScalar(i, special[(int) (i / 7 % special.length)]);
        }
        return a;
    }

    private static INDArray run(Lanewise op, float scalar, INDArray... args) {
        int layout = op.layout(args);
        assertTrue(layout >= 0, op + " runs on the host");
        INDArray z = Nd4j.create(DataType.FLOAT, args[0].shape());
        op.run(args, layout, scalar, z);
        return z;
    }

    @Test
    void everyOpEqualsNd4jsBitForBit() {
        assertTrue(HostArrays.VECTOR_API, "the tests' java command line adds jdk.incubator.vector (the parent pom)");
        Nd4j.getRandom().setSeed(13);
        for (long[] shape : List.of(new long[] {128, 784}, new long[] {128, 20}, new long[] {3, 37}, new long[] {128},
                new long[] {5})) {
            String what = java.util.Arrays.toString(shape);
            INDArray x = data(shape);
            INDArray out = Nd4j.create(DataType.FLOAT, shape);
            List<INDArray> others = new java.util.ArrayList<>(
                    List.of(data(shape), Nd4j.scalar(DataType.FLOAT, -0.75f)));
            if (shape.length == 2) {
                others.add(data(shape[1]));
                others.add(data(1, shape[1]));
            }
            for (INDArray y : others) {
                String with = what + " with " + java.util.Arrays.toString(y.shape());
                check(Lanewise.ADD, x, y, 0, (a, b) -> new AddOp(a, b, out.dup()), with);
                check(Lanewise.SUBTRACT, x, y, 0, (a, b) -> new SubOp(a, b, out.dup()), with);
                check(Lanewise.MULTIPLY, x, y, 0, (a, b) -> new MulOp(a, b, out.dup()), with);
            }
            assertSameBits(Nd4j.exec(new Negative(x, out.dup())), run(Lanewise.NEG, 0, x), what + " neg");
            assertSameBits(Nd4j.exec(new Abs(x, out.dup())), run(Lanewise.ABS, 0, x), what + " abs");
            assertSameBits(Nd4j.exec(new Square(x, out.dup())), run(Lanewise.SQUARE, 0, x), what + " square");
            INDArray withNaN = x.dup();
            withNaN.putScalar(withNaN.length() - 1, Float.NaN);
            assertSameBits(Nd4j.exec(new Sign(withNaN, out.dup())), run(Lanewise.SIGN, 0, withNaN), what + " sign");
            assertSameBits(Nd4j.exec(new PowDerivative(x, out.dup(), 2.0)), run(Lanewise.SQUARE_DERIVATIVE, 0, x),
                    what + " _powderivative 2");
            for (float s : new float[] {0f, 0.5f, -0.5f, 1f}) {
                assertSameBits(Nd4j.exec(new ScalarAdd(x, null, out.dup(), s)), run(Lanewise.ADD_SCALAR, s, x),
                        what + " add_scalar " + s);
                assertSameBits(Nd4j.exec(new ScalarMultiplication(x, null, out.dup(), s)),
                        run(Lanewise.MULTIPLY_SCALAR, s, x), what + " mul_scalar " + s);
                assertSameBits(Nd4j.exec(new RectifiedLinear(x, out.dup(), s)), run(Lanewise.RELU, s, x),
                        what + " relu " + s);
                // ReLU's backward as the plan's ND4J replacement computes it: g * step(x, t)
                INDArray g = data(shape);
                INDArray mask = Nd4j.exec(new Step(x, out.dup(), s));
                INDArray expected = Nd4j.exec(new MulOp(g, mask, out.dup()))[0];
                assertSameBits(expected, run(Lanewise.RELU_BACKWARD, s, x, g), what + " relu backward " + s);
            }
        }
    }

    /**
     * exp, sigmoid and softplus ({@link FloatMath}) against their values in double precision: exp within a relative
     * error of one float epsilon (2^-23; infinite where the float is), sigmoid and softplus within two, over
     * [-120, 120] with a tail of 7 values; softplus keeps small values (x below -17, where ND4J's log(1 + e^x) gives
     * 0). The vectors give the scalar steps' bits, also at infinities, NaN and zeros of both signs, so a run does not
     * depend on when the JIT compiles the loop.
     */
    @Test
    void theTranscendentalOpsAreAccurateAndTheVectorsGiveTheScalarStepsBits() {
        int n = 30_000 * 16 + 7;
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = -120f + 240f * i / (n - 1);
        }
        float[] special = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 88.72f, 88.73f,
            -87.33f, -103.9f, -104f, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-30f, 0.41421356f, -0.41421356f};
        for (int i = 0; i < special.length; i++) {
            values[i * 1000] = special[i];
        }
        INDArray x = Nd4j.createFromArray(values);
        INDArray exp = run(Lanewise.EXP, 0, x);
        INDArray sigmoid = run(Lanewise.SIGMOID, 0, x);
        INDArray softplus = run(Lanewise.SOFTPLUS, 0, x);
        for (int i = 0; i < n; i++) {
            float v = values[i];
            assertBits(FloatMath.exp(v), exp.getFloat(i), "exp(" + v + ")");
            assertBits(FloatMath.sigmoid(v), sigmoid.getFloat(i), "sigmoid(" + v + ")");
            assertBits(FloatMath.softplus(v), softplus.getFloat(i), "softplus(" + v + ")");
            if (Float.isNaN(v)) {
                continue;
            }
            assertWithin(1, Math.exp(v), exp.getFloat(i), "exp(" + v + ")");
            assertWithin(2, 1 / (1 + Math.exp(-v)), sigmoid.getFloat(i), "sigmoid(" + v + ")");
            assertWithin(2, Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))), softplus.getFloat(i),
                    "softplus(" + v + ")");
        }
        assertEquals(120f, softplus.getFloat(n - 1), "softplus(120) = 120");
        assertEquals((float) Math.exp(-30.0), FloatMath.softplus(-30f), Math.ulp((float) Math.exp(-30.0)),
                "softplus(-30) = e^-30, not 0");
        assertTrue(Float.isNaN(FloatMath.exp(Float.NaN)) && Float.isNaN(FloatMath.softplus(Float.NaN)), "NaN");
        assertEquals(0f, FloatMath.exp(Float.NEGATIVE_INFINITY), "e^-inf");
        assertEquals(1f, FloatMath.exp(0f), "e^0 exactly");
    }

    private static void assertBits(float expected, float actual, String what) {
        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual), what + ": vector " + actual
                + ", scalar " + expected);
    }

    /** |actual - exact| at most {@code epsilons} float epsilons (2^-23) of |exact|, or the least subnormal. */
    private static void assertWithin(int epsilons, double exact, float actual, String what) {
        if (Float.isInfinite((float) exact)) {
            assertEquals((float) exact, actual, what);
            return;
        }
        assertTrue(Math.abs(actual - exact) <= epsilons * Math.ulp(1f) * Math.abs(exact) + Float.MIN_VALUE,
                what + ": " + actual + ", exact " + exact);
    }

    private static void check(Lanewise op, INDArray x, INDArray y, float scalar,
            BiFunction<INDArray, INDArray, org.nd4j.linalg.api.ops.DynamicCustomOp> nd4j, String what) {
        assertSameBits(Nd4j.exec(nd4j.apply(x, y))[0], run(op, scalar, x, y), what + " " + op);
    }

    private static void assertSameBits(INDArray expected, INDArray actual, String what) {
        HostArraysTest.assertSameBits(expected, actual, what);
        assertEquals(expected.length(), actual.length(), what);
    }
}
