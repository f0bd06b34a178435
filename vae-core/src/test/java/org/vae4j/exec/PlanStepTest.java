package org.vae4j.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.reduce.bp.MeanBp;
import org.nd4j.linalg.api.ops.impl.reduce.floating.Mean;
import org.nd4j.linalg.api.ops.impl.reduce.same.Sum;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The reductions a plan runs on the host ({@link PlanStep#reduceOnHost}), chosen from the op as in a plan: sums along
 * rows and means within float rounding of the sum in double precision (not ND4J's order), their backward ops ND4J's
 * bit for bit; at the training shapes and shapes with a tail.
 */
class PlanStepTest {

    private static INDArray onHost(DifferentialFunction op, int expectedKind, INDArray... args) {
        String[] names = new String[args.length];
        Arrays.setAll(names, i -> "in" + i);
        PlanStep step = new PlanStep(op, names, new String[] {"out"}, new DataType[] {DataType.FLOAT});
        step.chooseReplacement(Set.of(), List.of("out"));
        assertEquals(expectedKind, step.hostReduction, op.opName());
        System.arraycopy(args, 0, step.args, 0, args.length);
        INDArray[] outs = step.reduceOnHost(null);
        assertNotNull(outs, op.opName() + " runs on the host");
        assertSame(outs, step.reduceOnHost(outs), "the second call fills the same arrays");
        return outs[0];
    }

    @Test
    void sumsAlongRowsAndMeansAndTheirBackwardOps() {
        Nd4j.getRandom().setSeed(7);
        for (long[] shape : List.of(new long[] {128, 784}, new long[] {128, 20}, new long[] {3, 37})) {
            String what = Arrays.toString(shape);
            INDArray x = Nd4j.randn(DataType.FLOAT, shape);
            INDArray sums = onHost(new Sum(x, 1), PlanStep.SUM_ALONG_ROWS, x);
            assertArrayEquals(new long[] {shape[0]}, sums.shape(), what);
            assertCloseToTheDoubleSum(x, sums, what);
            INDArray kept = onHost(new Sum(x, true, 1), PlanStep.SUM_ALONG_ROWS, x);
            assertArrayEquals(new long[] {shape[0], 1}, kept.shape(), what + " keeping the dimension");

            INDArray eps = Nd4j.randn(DataType.FLOAT, shape[0]);
            DynamicCustomOp sumBackward = DynamicCustomOp.builder("reduce_sum_bp").addInputs(x, eps)
                    .addOutputs(Nd4j.create(DataType.FLOAT, shape)).addIntegerArguments(1).addBooleanArguments(false)
                    .build();
            INDArray host = onHost(sumBackward, PlanStep.SUM_ALONG_ROWS_BACKWARD, x, eps);
            HostArraysTest.assertSameBits(Nd4j.exec(sumBackward)[0], host, what + " reduce_sum_bp");

            INDArray v = Nd4j.createFromArray(x.data().asFloat());
            INDArray mean = onHost(new Mean(v, 0), PlanStep.MEAN, v);
            assertEquals(0, mean.rank(), what + " a scalar");
            double exact = v.castTo(DataType.DOUBLE).sumNumber().doubleValue() / v.length();
            double scale = Transforms.abs(v.castTo(DataType.DOUBLE)).sumNumber().doubleValue() / v.length();
            assertEquals(exact, mean.getDouble(0), 4 * Math.ulp((float) scale), what + " mean");
            INDArray gradient = Nd4j.scalar(DataType.FLOAT, 0.3f);
            MeanBp meanBackward = new MeanBp(v, gradient, Nd4j.create(DataType.FLOAT, v.length()), false, 0);
            INDArray hostMean = onHost(meanBackward, PlanStep.MEAN_BACKWARD, v, gradient);
            HostArraysTest.assertSameBits(Nd4j.exec(meanBackward)[0], hostMean, what + " reduce_mean_bp");
        }
    }

    /** Each row's sum within 4 float ulps of the sum of its magnitudes from the sum in double precision. */
    private static void assertCloseToTheDoubleSum(INDArray x, INDArray sums, String what) {
        INDArray exact = x.castTo(DataType.DOUBLE).sum(1);
        INDArray magnitudes = Transforms.abs(x.castTo(DataType.DOUBLE)).sum(1);
        for (int i = 0; i < x.size(0); i++) {
            assertEquals(exact.getDouble(i), sums.getFloat(i), 4 * Math.ulp((float) magnitudes.getDouble(i)),
                    what + " row " + i);
        }
    }
}
