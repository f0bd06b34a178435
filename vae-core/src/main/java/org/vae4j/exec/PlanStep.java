package org.vae4j.exec;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BaseReduceOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.ScalarOp;
import org.nd4j.linalg.api.ops.impl.reduce.floating.Mean;
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
    /** The sum of that replacement, made once (a reduction allocates its dimensions when made). */
    Sum biasSum;
    /**
     * For an {@code add_bp}, {@code subtract_bp} or {@code multiply_bp} neither of whose gradients is an output of the
     * plan, with the Vector API: when x, y and the incoming gradient are float arrays of one shape, it runs on the
     * host ({@link #sameShapeBackward}).
     */
    boolean pairwiseBackward;
    /** With the Vector API, the host op that computes this op where its arrays allow ({@link Lanewise#layout}). */
    Lanewise lanewise;
    /**
     * With the Vector API, a reduction run on the host where its arrays are plain float arrays
     * ({@link #reduceOnHost}): a {@code reduce_sum} over axis 1 of a matrix ({@link #SUM_ALONG_ROWS}), a
     * {@code reduce_mean} of a vector ({@link #MEAN}), or their backward ops; 0 otherwise.
     */
    int hostReduction;
    static final int SUM_ALONG_ROWS = 1;
    static final int SUM_ALONG_ROWS_BACKWARD = 2;
    static final int MEAN = 3;
    static final int MEAN_BACKWARD = 4;
    /** The scalar of a scalar op or the ReLU backward's threshold, read once; NaN until read. */
    private float scalar = Float.NaN;

    PlanStep(DifferentialFunction op, String[] inputs, String[] outputs, DataType[] outputTypes) {
        this.op = op;
        this.inputs = inputs;
        this.outputs = outputs;
        this.outputTypes = outputTypes;
        this.args = new INDArray[inputs.length];
    }

    /**
     * Chooses this step's replacement, if any, once when the plan is made.
     *
     * @param read the variables some step of the plan reads, and the plan's outputs
     * @param planOutputs the plan's outputs
     */
    void chooseReplacement(Set<String> read, List<String> planOutputs) {
        String name = op.opName();
        DynamicCustomOp custom = op instanceof DynamicCustomOp c ? c : null;
        if (custom != null && "matmul_bp".equals(name) && inputs.length == 3 && !read.contains(outputs[0])
                && custom.tArgs().length == 0) {
            secondGradientOnly = DynamicCustomOp.builder("matmul").build();
        }
        if (custom != null && "thresholdedrelu_bp".equals(name) && inputs.length == 2 && custom.tArgs().length <= 1) {
            reluBackwardThreshold = custom.tArgs().length == 0 ? 0.0 : custom.tArgs()[0];
        }
        lanewise = HostArrays.VECTOR_API && outputs.length == 1 && outputTypes[0] == DataType.FLOAT
                && (!(op instanceof ScalarOp) || inputs.length == 1)
                && (!"thresholdedrelu_bp".equals(name) || !Double.isNaN(reluBackwardThreshold))
                ? Lanewise.of(op, inputs.length) : null;
        biasAddBackward = custom != null && "add_bp".equals(name) && inputs.length == 3 && outputs.length == 2
                && !planOutputs.contains(outputs[0]);
        pairwiseBackward = HostArrays.VECTOR_API && List.of("add_bp", "subtract_bp", "multiply_bp").contains(name)
                && inputs.length == 3 && outputs.length == 2 && !planOutputs.contains(outputs[0])
                && !planOutputs.contains(outputs[1]);
        long[] axes = custom != null ? custom.iArgs() : new long[0];
        hostReduction = !HostArrays.VECTOR_API || outputs.length != 1 ? 0
                : op instanceof Sum sum && isAxisOne(axes(sum.dimensions())) ? SUM_ALONG_ROWS
                : op instanceof Mean mean && !mean.isKeepDims() && isEveryAxisOfAVector(axes(mean.dimensions())) ? MEAN
                : "reduce_sum_bp".equals(name) && inputs.length == 2 && isAxisOne(axes)
                ? SUM_ALONG_ROWS_BACKWARD
                : "reduce_mean_bp".equals(name) && inputs.length == 2 && custom.bArgs().length <= 1
                && isEveryAxisOfAVector(axes) ? MEAN_BACKWARD : 0;
    }

    /** The axes of a reduction: none for every axis. */
    private static long[] axes(INDArray dimensions) {
        return dimensions == null || dimensions.isEmpty() ? new long[0] : dimensions.toLongVector();
    }

    /** Whether the axes are every axis of a vector: none (every axis), ND4J's "all" (Integer.MAX_VALUE) or 0. */
    private static boolean isEveryAxisOfAVector(long[] axes) {
        return axes.length == 0 || axes.length == 1 && (axes[0] == Integer.MAX_VALUE || axes[0] == 0);
    }

    private static boolean isAxisOne(long[] axes) {
        return axes.length == 1 && axes[0] == 1;
    }

    /** Whether x, y and the incoming gradient of a {@link #pairwiseBackward} op are plain float arrays of one shape. */
    boolean sameShapeFloats() {
        for (INDArray a : args) {
            if (a.dataType() != DataType.FLOAT || !HostArrays.isPlain(a)
                    || !Arrays.equals(a.shape(), args[0].shape())) {
                return false;
            }
        }
        return true;
    }

    /**
     * The gradients of a {@link #pairwiseBackward} op of one shape, as ND4J's op computes them: {@code add_bp} eps
     * and eps, {@code subtract_bp} eps and -eps, {@code multiply_bp} y * eps and x * eps ({@link Lanewise}); ND4J's
     * copies of eps are eps itself here.
     *
     * @param outs the step's own two arrays of x's shape, for the gradients that are not eps
     * @return the two gradients
     */
    INDArray[] sameShapeBackward(INDArray[] outs) {
        INDArray x = args[0];
        INDArray y = args[1];
        INDArray eps = args[2];
        switch (op.opName()) {
            case "add_bp" -> {
                return new INDArray[] {eps, eps};
            }
            case "subtract_bp" -> {
                Lanewise.NEG.run(new INDArray[] {eps}, Lanewise.SAME, 0f, outs[1]);
                return new INDArray[] {eps, outs[1]};
            }
            default -> {
                Lanewise.MULTIPLY.run(new INDArray[] {y, eps}, Lanewise.SAME, 0f, outs[0]);
                Lanewise.MULTIPLY.run(new INDArray[] {x, eps}, Lanewise.SAME, 0f, outs[1]);
                return outs;
            }
        }
    }

    /**
     * @param onHost whether the step ran on the host
     * @param outs its arrays
     * @return the name of what the step ran, for {@link ExecutionPlan#profile}
     */
    String describe(boolean onHost, INDArray[] outs) {
        return onHost ? op.opName() + " (on the host)"
                : secondGradientOnly != null ? "matmul_bp (weights only)"
                : !Double.isNaN(reluBackwardThreshold) ? "thresholdedrelu_bp (as step * g)"
                : biasAddBackward && outs[0] == null ? "add_bp (bias: sum over the batch)"
                : op.opName();
    }

    /** Sum, mean, max and min: the reductions that copy their input when every reduced axis has size 1. */
    static boolean isCopyingReduction(org.nd4j.linalg.api.ops.Op op) {
        return op instanceof Sum || op instanceof Mean
                || op instanceof org.nd4j.linalg.api.ops.impl.reduce.same.Max
                || op instanceof org.nd4j.linalg.api.ops.impl.reduce.same.Min;
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

    /**
     * A {@link #hostReduction} on the host, if its arrays allow: the sums of x {@code [rows, cols]} along its rows
     * ({@code [rows]}, or {@code [rows, 1]} keeping the dimension), the mean of x (a scalar: the sum of its values as
     * one row, divided by their count), both not always ND4J's bits; for the backward ops, row i filled with the
     * incoming gradient's value i, or every value with the incoming gradient divided by x's length (ND4J's bits).
     *
     * @param outs the step's arrays, or null before its first run
     * @return the step's arrays holding the result, or null if the arrays do not allow it (ND4J's op runs)
     */
    INDArray[] reduceOnHost(INDArray[] outs) {
        INDArray x = args[0];
        boolean backward = hostReduction == SUM_ALONG_ROWS_BACKWARD || hostReduction == MEAN_BACKWARD;
        INDArray eps = backward ? args[1] : null;
        boolean rows = hostReduction == SUM_ALONG_ROWS || hostReduction == SUM_ALONG_ROWS_BACKWARD;
        if (x.dataType() != DataType.FLOAT || !HostArrays.isPlain(x) || x.ordering() != 'c'
                || (rows ? x.rank() != 2 : x.rank() != 1) || x.length() > Integer.MAX_VALUE
                || eps != null && (eps.dataType() != DataType.FLOAT || !HostArrays.isPlain(eps)
                || eps.length() != (rows ? x.size(0) : 1))) {
            return null;
        }
        int r = rows ? (int) x.size(0) : 1;
        int c = (int) (x.length() / r);
        INDArray[] result = outs;
        if (result == null) {
            boolean keepDims = op instanceof BaseReduceOp reduce && reduce.isKeepDims();
            result = new INDArray[] {backward ? Nd4j.create(DataType.FLOAT, x.shape(), 'c')
                    : rows ? Nd4j.create(DataType.FLOAT, keepDims ? new long[] {r, 1} : new long[] {r}, 'c')
                    : Nd4j.scalar(DataType.FLOAT, 0f)};
        }
        ByteBuffer z = HostArrays.bytes(result[0]);
        switch (hostReduction) {
            case SUM_ALONG_ROWS -> VectorizedHostArrays.sumAlongRowsFloat(HostArrays.bytes(x), r, c, z);
            case SUM_ALONG_ROWS_BACKWARD ->
                VectorizedHostArrays.broadcastAlongRowsFloat(HostArrays.bytes(eps), r, c, z);
            case MEAN -> {
                VectorizedHostArrays.sumAlongRowsFloat(HostArrays.bytes(x), 1, c, z);
                z.putFloat(0, z.getFloat(0) / c);
            }
            default -> VectorizedHostArrays.fillFloat(z, 0, c, eps.getFloat(0) / c);
        }
        return result;
    }
}
