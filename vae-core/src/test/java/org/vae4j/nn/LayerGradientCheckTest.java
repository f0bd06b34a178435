package org.vae4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.data.ImageShape;

/**
 * Every layer block's gradients, with respect to its parameters and to its input, against central finite
 * differences in double precision: the loss is sum(block(x) * r) for a fixed random r, so every output element's
 * gradient is exercised. Also checks the output shapes each block states.
 */
class LayerGradientCheckTest {
    private static final int BATCH = 2;

    /** A block under test: defines its parameters and returns its function and its stated output shape. */
    record Block(Function<SDVariable, SDVariable> apply, long[] outputShape) {
    }

    interface BlockFactory {
        Block define(GraphContext ctx);
    }

    static Stream<Arguments> blocks() {
        ImageShape rgb = new ImageShape(3, 6, 6);
        ImageShape small = new ImageShape(2, 3, 3);
        return Stream.of(
                Arguments.of("Dense 5->4", new long[] {BATCH, 5}, (BlockFactory) ctx -> {
                    Dense d = Dense.define(ctx, "dense", 5, 4);
                    return new Block(d::apply, new long[] {BATCH, 4});
                }),
                Arguments.of("Conv2d k3 s1 p1", new long[] {BATCH, 3, 6, 6}, (BlockFactory) ctx -> {
                    Conv2d c = Conv2d.define(ctx, "conv", rgb, new ConvLayer(4, 3, 1, 1));
                    return new Block(c::apply, shape(c.outputShape()));
                }),
                Arguments.of("Conv2d k4 s2 p1", new long[] {BATCH, 3, 6, 6}, (BlockFactory) ctx -> {
                    Conv2d c = Conv2d.define(ctx, "conv", rgb, ConvLayer.halving(2));
                    return new Block(c::apply, shape(c.outputShape()));
                }),
                Arguments.of("Conv2d k2 s2 p0 (non-square input)", new long[] {BATCH, 1, 4, 6}, (BlockFactory) ctx -> {
                    Conv2d c = Conv2d.define(ctx, "conv", new ImageShape(1, 4, 6), new ConvLayer(3, 2, 2, 0));
                    return new Block(c::apply, shape(c.outputShape()));
                }),
                Arguments.of("ConvTranspose2d k4 s2 p1", new long[] {BATCH, 2, 3, 3}, (BlockFactory) ctx -> {
                    ConvTranspose2d c = ConvTranspose2d.define(ctx, "deconv", small, ConvLayer.halving(3));
                    return new Block(c::apply, shape(c.outputShape()));
                }),
                Arguments.of("ConvTranspose2d k3 s1 p0", new long[] {BATCH, 2, 3, 3}, (BlockFactory) ctx -> {
                    ConvTranspose2d c = ConvTranspose2d.define(ctx, "deconv", small, new ConvLayer(2, 3, 1, 0));
                    return new Block(c::apply, shape(c.outputShape()));
                }),
                Arguments.of("LayerNorm flat", new long[] {BATCH, 5}, (BlockFactory) ctx -> {
                    LayerNorm n = LayerNorm.define(ctx, "norm", 5);
                    perturb(ctx, "norm");
                    return new Block(n::apply, new long[] {BATCH, 5});
                }),
                Arguments.of("LayerNorm images", new long[] {BATCH, 2, 3, 3}, (BlockFactory) ctx -> {
                    LayerNorm n = LayerNorm.define(ctx, "norm", small);
                    perturb(ctx, "norm");
                    return new Block(n::apply, new long[] {BATCH, 2, 3, 3});
                }),
                Arguments.of("Reshape toImages then flatten", new long[] {BATCH, 18}, (BlockFactory) ctx ->
                        new Block(x -> Reshape.flatten(Reshape.toImages(x, small).mul(Reshape.toImages(x, small)),
                                small), new long[] {BATCH, 18})),
                Arguments.of("concat [x, x^2]", new long[] {BATCH, 3}, (BlockFactory) ctx ->
                        new Block(x -> ctx.sd().concat(1, x, x.mul(x)), new long[] {BATCH, 6})));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blocks")
    void gradientsMatchCentralDifferences(String name, long[] inputShape, BlockFactory factory) {
        SameDiff sd = SameDiff.create();
        GraphContext ctx = new GraphContext(sd, DataType.DOUBLE, new SplittableRandom(7));
        SplittableRandom random = new SplittableRandom(11);
        SDVariable x = sd.var("x", random(inputShape, random));
        Block block = factory.define(ctx);
        SDVariable out = block.apply().apply(x);
        INDArray value = out.eval();
        assertArrayEquals(block.outputShape(), value.shape(), "stated vs actual output shape");
        SDVariable r = sd.constant("r", random(value.shape(), random));
        out.mul(r).sum().rename("loss");
        sd.setLossVariables("loss");
        assertGradientsMatch(sd, name);
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(Activation.class)
    void activationGradientsMatchCentralDifferences(Activation activation) {
        SameDiff sd = SameDiff.create();
        SplittableRandom random = new SplittableRandom(13);
        // away from ReLU's kink at 0, where the derivative is undefined
        INDArray values = random(new long[] {BATCH, 6}, random);
        values.addi(Nd4j.math().sign(values).muli(0.05));
        SDVariable x = sd.var("x", values);
        SDVariable out = activation.apply(sd, x);
        out.mul(sd.constant("r", random(new long[] {BATCH, 6}, random))).sum().rename("loss");
        sd.setLossVariables("loss");
        assertGradientsMatch(sd, activation.name());
    }

    @Test
    void convolutionsStateTheShapesOfTheUsualImageSizes() {
        assertEquals(new ImageShape(32, 14, 14), ConvLayer.halving(32).outputShape(new ImageShape(1, 28, 28)));
        assertEquals(new ImageShape(64, 7, 7), ConvLayer.halving(64).outputShape(new ImageShape(32, 14, 14)));
        assertEquals(new ImageShape(32, 16, 16), ConvLayer.halving(32).outputShape(new ImageShape(3, 32, 32)));
        assertEquals(new ImageShape(1, 28, 28), ConvLayer.halving(1).transposedOutputShape(new ImageShape(32, 14, 14)));
        assertEquals(new ImageShape(5, 13, 13), new ConvLayer(5, 3, 2, 0).outputShape(new ImageShape(1, 28, 28)));
    }

    /** Central differences on every element of every variable (parameters and the input x). */
    private static void assertGradientsMatch(SameDiff sd, String name) {
        List<String> variables = new ArrayList<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                variables.add(v.name());
            }
        }
        Map<String, INDArray> analytic = sd.calculateGradients(Map.of(), variables);
        double h = 1e-6;
        double worst = 0;
        String worstAt = "";
        int checked = 0;
        for (String v : variables) {
            INDArray flat = sd.getArrForVarName(v).reshape(sd.getArrForVarName(v).length());
            INDArray grad = analytic.get(v);
            assertTrue(grad != null, name + ": no gradient for " + v);
            INDArray flatGrad = grad.reshape(grad.length());
            for (long i = 0; i < flat.length(); i++) {
                double original = flat.getDouble(i);
                flat.putScalar(i, original + h);
                double plus = loss(sd);
                flat.putScalar(i, original - h);
                double minus = loss(sd);
                flat.putScalar(i, original);
                double numeric = (plus - minus) / (2 * h);
                double a = flatGrad.getDouble(i);
                double error = Math.abs(numeric - a) / Math.max(1e-3, Math.abs(numeric) + Math.abs(a));
                if (error > worst) {
                    worst = error;
                    worstAt = v + "[" + i + "] analytic " + a + " numeric " + numeric;
                }
                checked++;
            }
        }
        System.out.printf("gradient check %-40s %5d values, worst relative error %.2e%n", name, checked, worst);
        assertTrue(worst < 1e-6, name + ": worst relative error " + worst + " at " + worstAt);
    }

    private static double loss(SameDiff sd) {
        return sd.output(Map.of(), "loss").get("loss").getDouble(0);
    }

    private static INDArray random(long[] shape, SplittableRandom random) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] values = new double[(int) n];
        for (int i = 0; i < values.length; i++) {
            values[i] = 2 * random.nextDouble() - 1;
        }
        return Nd4j.create(values, shape, DataType.DOUBLE);
    }

    private static long[] shape(ImageShape s) {
        return new long[] {BATCH, s.channels(), s.height(), s.width()};
    }

    /** Moves a normalization's gain and bias away from 1 and 0 so their gradients are exercised generally. */
    private static void perturb(GraphContext ctx, String layer) {
        SplittableRandom random = new SplittableRandom(3);
        for (String p : List.of(LayerNorm.GAIN, LayerNorm.BIAS)) {
            INDArray a = ctx.sd().getArrForVarName(layer + "/" + p);
            a.addi(random(a.shape(), random).muli(0.5));
        }
    }
}
