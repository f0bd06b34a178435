package org.vae4j.exec;

import java.util.Arrays;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.reduce.same.Sum;
import org.nd4j.linalg.factory.Nd4j;

/** One op of an {@link ExecutionPlan}, with what its equivalent replacement (if any) needs. */
final class PlanStep {
    final DifferentialFunction op;
    final String[] inputs;
    final String[] outputs;
    final DataType[] outputTypes;
    final INDArray[] args;
    boolean reduceAxisArgument;
    /**
     * For a {@code matmul_bp} whose gradient for its first input nobody reads (the data placeholder's): the
     * {@code matmul} that computes only the gradient for the second input, as {@code matmul_bp} itself computes it.
     */
    DynamicCustomOp secondGradientOnly;
    /**
     * For a {@code thresholdedrelu_bp} (the backward op of ReLU): its threshold t, computed as g * step(x, t) (two
     * simple ops, about ten times faster in ND4J 1.0.0-M2.1 than the op itself); NaN otherwise.
     */
    double reluBackwardThreshold = Double.NaN;
    /** The two ops of that replacement, made once (a scalar op allocates its scalar when made). */
    org.nd4j.linalg.api.ops.impl.scalar.Step reluMask;
    DynamicCustomOp reluMultiply;
    /**
     * For an {@code add_bp} whose gradient for x is not an output of the plan: when it is a bias add
     * ({@link #isBiasAdd}), the gradient for x is the incoming gradient itself (which {@code add_bp} copies) and the
     * bias's is its sum over the batch, the reduction {@code add_bp} runs.
     */
    boolean biasAddBackward;
    /** The host op that computes this op when its arrays allow ({@link Lanewise#layout}) and the Vector API is there. */
    Lanewise lanewise;
    /** The scalar of a scalar op or the ReLU backward's threshold, read once; NaN until read. */
    private float scalar = Float.NaN;
    /** The sum of that replacement, made once (a reduction allocates its dimensions when made). */
    Sum biasSum;

    PlanStep(DifferentialFunction op, String[] inputs, String[] outputs, DataType[] outputTypes) {
        this.op = op;
        this.inputs = inputs;
        this.outputs = outputs;
        this.outputTypes = outputTypes;
        this.args = new INDArray[inputs.length];
    }

    /** @return the op's scalar (a scalar op's, ReLU backward's threshold), or 0 for ops without one */
    float scalar() {
        if (Float.isNaN(scalar)) {
            scalar = op instanceof org.nd4j.linalg.api.ops.ScalarOp so ? so.scalar().getFloat(0)
                    : !Double.isNaN(reluBackwardThreshold) ? (float) reluBackwardThreshold : 0f;
        }
        return scalar;
    }

    /**
     * Whether {@code x + y} is a bias add: x and the incoming gradient {@code eps} both {@code [batch, n]}, y
     * {@code [n]} or {@code [1, n]}, all of one data type.
     */
    static boolean isBiasAdd(INDArray x, INDArray y, INDArray eps) {
        return eps.rank() == 2 && Arrays.equals(x.shape(), eps.shape()) && y.length() == eps.size(1)
                && (y.rank() == 1 || y.rank() == 2 && y.size(0) == 1) && x.dataType() == eps.dataType()
                && y.dataType() == eps.dataType();
    }

    /**
     * Writes the sum of {@code eps [batch, n]} over its rows into {@code z} ({@code [n]} or {@code [1, n]}), on the
     * host when the Vector API is there ({@link HostArrays#sumOverRows}, the same bits), else by ND4J's sum.
     */
    void sumOverBatch(INDArray eps, INDArray z) {
        if (HostArrays.VECTOR_API && HostArrays.isPlain(eps) && eps.ordering() == 'c' && HostArrays.isPlain(z)) {
            HostArrays.sumOverRows(eps, z);
            return;
        }
        if (biasSum == null) {
            biasSum = new Sum(eps, z, z.rank() == 2, 0);
        } else {
            biasSum.setX(eps);
            biasSum.setZ(z);
        }
        Nd4j.exec(biasSum);
    }
}
