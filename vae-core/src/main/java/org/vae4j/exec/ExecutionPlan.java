package org.vae4j.exec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.autodiff.samediff.internal.Variable;
import org.nd4j.common.base.Preconditions;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.ScalarOp;
import org.nd4j.linalg.api.ops.BaseReduceOp;
import org.nd4j.linalg.api.ops.ReduceOp;
import org.nd4j.linalg.api.ops.impl.transforms.same.Identity;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A fixed execution plan for one SameDiff graph and one set of requested outputs: the ops that produce them, in a
 * valid order, each with its own op context and output arrays allocated once per batch size and reused.
 *
 * <p>SameDiff's own session (1.0.0-M2.1) decides the execution order, looks up arrays by name and allocates outputs
 * anew on every call, which costs about as much as the arithmetic for small models (see docs/performance.md). This
 * plan keeps the graph as the single definition of the model and executes the ops SameDiff would, with the same op
 * objects and arguments, without that per-call work, with three equivalent replacements where ND4J's op is slow or
 * does unneeded work: a {@code matmul_bp} whose first gradient nothing reads (the data's) computes only the second, as
 * {@code matmul_bp} itself does; ReLU's backward {@code thresholdedrelu_bp} runs as {@code step(x, t) * g}; and the
 * backward {@code add_bp} of a bias add passes the incoming gradient on as the gradient for x instead of copying it
 * (and, with the JDK's Vector API, sums it for the bias on the host). With the Vector API, the elementwise ops run on
 * the host ({@link Lanewise}), and so do sums along rows, means of a vector and their backward ops
 * ({@link PlanStep#reduceOnHost}). The outputs equal SameDiff's bit for bit, up to the sign of zeros from the ReLU
 * replacement, except where the host's exp, sigmoid, softplus and sums round differently ({@link FloatMath}). It
 * supports graphs without control flow (no {@code Switch}/{@code Merge}/loops, no TensorArrays), as built by
 * {@link org.vae4j.graph.VaeGraph}.
 *
 * <p>Arrays returned by {@link #execute} are owned by the plan and overwritten by the next call with the same batch
 * size: copy what you keep. Not thread-safe.
 */
public final class ExecutionPlan {
    private final SameDiff graph;
    private final List<String> outputs;
    private final List<PlanStep> steps = new ArrayList<>();
    private final Set<String> placeholders = new LinkedHashSet<>();
    private final String batchPlaceholder;
    private final Map<Long, BatchState> stateByBatch = new HashMap<>();
    /** Nanoseconds spent in each op type and the number of calls, when profiling (null otherwise). */
    private Map<String, long[]> profile;

    /** The output arrays and op contexts of every step for one batch size, made on first use. */
    private static final class BatchState {
        final INDArray[][] outputs;
        final Context[] contexts;
        /** Per placeholder: the array the caller fed last time, and the plan's own array for copies of others. */
        final Map<String, INDArray> lastFed = new HashMap<>();
        final Map<String, INDArray> copies = new HashMap<>();

        BatchState(int steps) {
            outputs = new INDArray[steps][];
            contexts = new Context[steps];
        }

        /**
         * The array to bind for a placeholder: the fed array itself if it is the one fed last time (a caller that
         * refills its arrays in place, as the trainer does), else a copy of it in the plan's own array for that
         * placeholder. Either way the op contexts see a bounded set of arrays: each new array a context is given
         * stays in native memory as long as the context (see {@link Context}), so binding a fresh array or view on
         * every call (inference in chunks, fresh noise) would grow the process without end.
         */
        INDArray bind(String placeholder, INDArray fed) {
            INDArray previous = lastFed.put(placeholder, fed);
            if (fed == previous) {
                return fed;
            }
            INDArray copy = copies.get(placeholder);
            if (copy == null || copy.dataType() != fed.dataType()
                    || !java.util.Arrays.equals(copy.shape(), fed.shape())) {
                copy = fed.rank() == 0 ? Nd4j.scalar(fed.dataType(), 0.0)
                        : Nd4j.createUninitialized(fed.dataType(), fed.shape(), 'c');
                copies.put(placeholder, copy);
            }
            return copy.assign(fed);
        }
    }

    /**
     * An ND4J op context that passes an array to native code only when it differs from the one already there. In
     * 1.0.0-M2.1 every {@code setInputArray}/{@code setOutputArray} call creates a native NDArray that lives until
     * the context is closed, and every {@code set*Arguments} call a native buffer freed only at a later GC; setting
     * them on every call grew the process by about 12 MB per epoch of the reference model.
     */
    private static final class Context {
        final OpContext oc = Nd4j.getExecutioner().buildContext();
        private final INDArray[] inputs = new INDArray[4];
        private final INDArray[] outputs = new INDArray[4];
        boolean argumentsSet;

        void input(int i, INDArray a) {
            if (i >= inputs.length || inputs[i] != a) {
                oc.setInputArray(i, a);
                if (i < inputs.length) {
                    inputs[i] = a;
                }
            }
        }

        void output(int i, INDArray a) {
            if (i >= outputs.length || outputs[i] != a) {
                oc.setOutputArray(i, a);
                if (i < outputs.length) {
                    outputs[i] = a;
                }
            }
        }

        void inputs(INDArray... arrays) {
            for (int i = 0; i < arrays.length; i++) {
                input(i, arrays[i]);
            }
        }
    }

    /**
     * @param graph the graph to execute (for gradients: the graph's {@code "grad"} function)
     * @param outputs names of the variables to compute
     * @param batchPlaceholder the placeholder whose first dimension is the batch size
     * @throws IllegalStateException if the graph has control flow or a needed input is not available
     */
    public ExecutionPlan(SameDiff graph, List<String> outputs, String batchPlaceholder) {
        this.graph = graph;
        this.outputs = List.copyOf(outputs);
        this.batchPlaceholder = batchPlaceholder;
        Map<String, Variable> variables = graph.getVariables();
        // collect the ops needed for the outputs, walking back from them
        Set<String> neededOps = new HashSet<>();
        List<String> stack = new ArrayList<>(outputs);
        Set<String> seen = new HashSet<>();
        while (!stack.isEmpty()) {
            String name = stack.remove(stack.size() - 1);
            if (!seen.add(name)) {
                continue;
            }
            Variable v = variables.get(name);
            Preconditions.checkState(v != null, "No variable %s in the graph", name);
            String opName = v.getOutputOfOp();
            if (opName == null) {
                if (v.getVariable().getVariableType() == VariableType.PLACEHOLDER) {
                    placeholders.add(name);
                }
                continue;
            }
            if (neededOps.add(opName)) {
                List<String> in = graph.getOps().get(opName).getInputsToOp();
                if (in != null) {
                    stack.addAll(in);
                }
            }
        }
        // order them topologically (the graph's insertion order is one; checked as we go)
        Set<String> available = new HashSet<>();
        for (Map.Entry<String, Variable> e : variables.entrySet()) {
            if (e.getValue().getOutputOfOp() == null) {
                available.add(e.getKey());
            }
        }
        for (Map.Entry<String, SameDiffOp> e : graph.getOps().entrySet()) {
            if (!neededOps.contains(e.getKey())) {
                continue;
            }
            SameDiffOp sdo = e.getValue();
            DifferentialFunction df = sdo.getOp();
            String[] in = df.argNames() == null ? new String[0] : df.argNames();
            for (String s : in) {
                Preconditions.checkState(available.contains(s), "Op %s needs %s before it is computed", e.getKey(), s);
            }
            String[] out = df.outputVariablesNames();
            DataType[] types = new DataType[out.length];
            for (int i = 0; i < out.length; i++) {
                types[i] = graph.getVariable(out[i]).dataType();
                available.add(out[i]);
            }
            if (!(df instanceof CustomOp) && !(df instanceof Op)) {
                throw new IllegalStateException("Unsupported op in a compiled step: " + df.getClass().getName());
            }
            PlanStep step = new PlanStep(df, in, out, types);
            if (df instanceof ReduceOp r && r.getOpType() != Op.Type.REDUCE3 && in.length == 2) {
                SDVariable axis = graph.getVariable(in[1]);
                INDArray axisArr = axis.getArr();
                Preconditions.checkState(axisArr != null, "Reduction axis %s of %s is not a constant", in[1], e.getKey());
                step.reduceAxisArgument = true;
                df.setDimensions(axisArr.isEmpty() ? null : axisArr.toIntVector());
                ((BaseReduceOp) r).setEmptyReduce(axisArr.isEmpty());
            }
            steps.add(step);
        }
        for (String o : outputs) {
            Preconditions.checkState(available.contains(o), "Output %s cannot be computed", o);
        }
        // A matrix product's backward op computes the gradients for both its inputs; where the first is not read
        // (the gradient for the data x of the first layer: a fifth of the model's multiply-adds), compute the second
        // only.
        Set<String> read = new HashSet<>(outputs);
        for (PlanStep step : steps) {
            read.addAll(List.of(step.inputs));
        }
        for (PlanStep step : steps) {
            step.chooseReplacement(read, this.outputs);
        }
    }

    /**
     * Runs the plan.
     *
     * @param feed a value for every placeholder the outputs depend on
     * @return the requested outputs by name; arrays owned by the plan
     * @throws IllegalArgumentException if a placeholder is missing
     */
    public Map<String, INDArray> execute(Map<String, INDArray> feed) {
        for (String p : placeholders) {
            if (!feed.containsKey(p)) {
                throw new IllegalArgumentException("No value for placeholder " + p);
            }
        }
        long batch = feed.get(batchPlaceholder).size(0);
        BatchState state = stateByBatch.computeIfAbsent(batch, b -> new BatchState(steps.size()));
        INDArray[][] preallocated = state.outputs;
        Map<String, INDArray> values = new HashMap<>();
        for (String p : placeholders) {
            values.put(p, state.bind(p, feed.get(p)));
        }
        for (int s = 0; s < steps.size(); s++) {
            PlanStep step = steps.get(s);
            for (int i = 0; i < step.inputs.length; i++) {
                INDArray a = values.get(step.inputs[i]);
                if (a == null) {
                    a = graph.getArrForVarName(step.inputs[i]);
                    Preconditions.checkState(a != null, "No array for %s", step.inputs[i]);
                }
                step.args[i] = a;
            }
            if (step.op instanceof Identity) {
                values.put(step.outputs[0], step.args[0]);
                continue;
            }
            INDArray[] outs = preallocated[s];
            if (state.contexts[s] == null) {
                state.contexts[s] = new Context();
            }
            Context ctx = state.contexts[s];
            OpContext oc = ctx.oc;
            long started = profile == null ? 0 : System.nanoTime();
            int layout = step.lanewise != null ? step.lanewise.layout(step.args) : -1;
            boolean hostBackward = step.pairwiseBackward && step.sameShapeFloats();
            INDArray[] summed = step.hostReduction != 0 ? step.reduceOnHost(outs) : null;
            if (summed != null) {
                outs = summed;
                preallocated[s] = outs;
            } else if (hostBackward) {
                if (outs == null) {
                    outs = allocate(List.of(step.args[0].shapeDescriptor(), step.args[0].shapeDescriptor()),
                            step.outputTypes);
                    preallocated[s] = outs;
                }
                outs = step.sameShapeBackward(outs);
            } else if (layout >= 0) {
                if (outs == null) { // one slot more for the ReLU replacement's mask, made if that ever runs
                    outs = new INDArray[step.lanewise == Lanewise.RELU_BACKWARD ? 2 : 1];
                    outs[0] = Nd4j.create(DataType.FLOAT, step.args[0].shape(), 'c');
                    preallocated[s] = outs;
                }
                step.lanewise.run(step.args, layout, step.scalar(), outs[0]);
            } else if (step.secondGradientOnly != null) {
                // matmul_bp (libnd4j) computes dL/dy as matmul(x, eps) with transposes {!tX, tZ, tY}
                long[] t = ((DynamicCustomOp) step.op).iArgs();
                long transX = t.length > 0 ? t[0] : 0;
                long transY = t.length > 1 ? t[1] : 0;
                long transZ = t.length > 2 ? t[2] : 0;
                INDArray y = step.args[1];
                if (outs == null) {
                    outs = new INDArray[] {null, Nd4j.create(step.outputTypes[1], y.shape(), y.ordering())};
                    preallocated[s] = outs;
                }
                ctx.inputs(step.args[0], step.args[2]);
                if (!ctx.argumentsSet) {
                    oc.setIArguments(transX == 0 ? 1 : 0, transZ, transY);
                    ctx.argumentsSet = true;
                }
                ctx.output(0, outs[1]);
                Nd4j.exec(step.secondGradientOnly, oc);
            } else if (!Double.isNaN(step.reluBackwardThreshold)) {
                // dL/dx = dL/dy * 1[x > t]; outs[1] holds the mask
                INDArray x = step.args[0];
                INDArray g = step.args[1];
                if (outs == null) {
                    outs = new INDArray[] {Nd4j.create(step.outputTypes[0], x.shape(), x.ordering()), null};
                    preallocated[s] = outs;
                }
                if (outs[1] == null) {
                    outs[1] = Nd4j.create(x.dataType(), x.shape(), x.ordering());
                }
                if (step.reluMask == null) {
                    step.reluMask = new org.nd4j.linalg.api.ops.impl.scalar.Step(x, outs[1],
                            step.reluBackwardThreshold);
                    step.reluMultiply = DynamicCustomOp.builder("multiply").build();
                } else {
                    step.reluMask.setX(x);
                    step.reluMask.setZ(outs[1]);
                }
                Nd4j.exec(step.reluMask);
                ctx.inputs(g, outs[1]);
                ctx.output(0, outs[0]);
                Nd4j.exec(step.reluMultiply, oc);
            } else if (step.biasAddBackward && PlanStep.isBiasAdd(step.args[0], step.args[1], step.args[2])) {
                // add_bp copies the incoming gradient for x and sums it over the batch for the bias y
                INDArray eps = step.args[2];
                INDArray y = step.args[1];
                if (outs == null) {
                    outs = new INDArray[] {null, Nd4j.create(step.outputTypes[1], y.shape(), y.ordering())};
                    preallocated[s] = outs;
                }
                step.sumOverBatch(eps, outs[1]);
                values.put(step.outputs[0], eps);
            } else if (step.op instanceof CustomOp) {
                DynamicCustomOp op = (DynamicCustomOp) step.op;
                if (!ctx.argumentsSet) {
                    oc.setArgs(null, op.iArgs(), op.dArgs(), op.tArgs(), op.bArgs());
                    ctx.argumentsSet = true;
                }
                ctx.inputs(step.args);
                if (outs == null) {
                    List<LongShapeDescriptor> shapes = op.calculateOutputShape(oc);
                    outs = allocate(shapes, step.outputTypes);
                    preallocated[s] = outs;
                }
                for (int i = 0; i < outs.length; i++) {
                    ctx.output(i, outs[i]);
                }
                Nd4j.exec(op, oc);
            } else {
                Op op = (Op) step.op;
                if (op instanceof ScalarOp so && step.inputs.length == 2) {
                    so.setScalar(step.args[1]);
                }
                ctx.input(0, step.args[0]);
                if (step.args.length == 2 && !step.reduceAxisArgument) {
                    ctx.input(1, step.args[1]);
                }
                if (outs == null) {
                    List<LongShapeDescriptor> shapes = ((org.nd4j.linalg.api.ops.BaseOp) op).calculateOutputShape(oc);
                    outs = allocate(shapes, step.outputTypes);
                    preallocated[s] = outs;
                }
                ctx.output(0, outs[0]);
                if (PlanStep.isCopyingReduction(op) && step.args[0].isVector()
                        && step.args[0].length() == outs[0].length()) {
                    // A sum, mean, max or min over axes of size 1 (a latent space of one dimension) is a copy.
                    // ND4J's executor takes that path through ReduceOp.noOp(), which reads the op's own x (null
                    // under an OpContext) and returns a new array instead of filling the preallocated output.
                    outs[0].assign(step.args[0].reshape(outs[0].shape()));
                } else {
                    Nd4j.exec(op, oc);
                }
            }
            if (profile != null) {
                long[] t = profile.computeIfAbsent(step.describe(layout >= 0 || hostBackward || summed != null, outs),
                        k -> new long[2]);
                t[0] += System.nanoTime() - started;
                t[1]++;
            }
            for (int i = 0; i < step.outputs.length; i++) {
                if (outs[i] != null) {
                    values.put(step.outputs[i], outs[i]);
                }
            }
        }
        Map<String, INDArray> result = new HashMap<>();
        for (String o : outputs) {
            result.put(o, values.get(o));
        }
        return result;
    }

    private static INDArray[] allocate(List<LongShapeDescriptor> shapes, DataType[] types) {
        INDArray[] outs = new INDArray[shapes.size()];
        for (int i = 0; i < outs.length; i++) {
            LongShapeDescriptor d = shapes.get(i);
            if (types[i] != d.dataType()) {
                d = d.asDataType(types[i]);
            }
            outs[i] = d.isEmpty() ? Nd4j.empty(d.dataType()) : Nd4j.create(d.dataType(), d.getShape(), d.getOrder());
        }
        return outs;
    }

    /**
     * Starts (or stops and clears) timing each op type, for performance work.
     *
     * @param on whether to time ops from now on
     */
    public void profile(boolean on) {
        profile = on ? new java.util.TreeMap<>() : null;
    }

    /** @return op type to {nanoseconds, calls} since {@link #profile(boolean)} was turned on; empty if off */
    public Map<String, long[]> profileResults() {
        return profile == null ? Map.of() : profile;
    }

    /** @return the number of ops the plan runs */
    public int size() {
        return steps.size();
    }

    @Override
    public String toString() {
        return "ExecutionPlan[" + steps.size() + " ops for " + outputs + ", placeholders " + placeholders + "]";
    }
}
