package org.vae4j.train;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.vae4j.exec.HostArrays;
import org.vae4j.exec.ThreadTeam;

/**
 * The configured optimizer applied to every parameter of one graph: an ND4J {@link GradientUpdater} per parameter,
 * each keeping its state (Adam's moment estimates, ...) in one array {@code [1, updater.stateSize(n)]} of the
 * parameter's data type. Those arrays are the whole optimizer state: saving them and the iteration count is enough to
 * continue training exactly.
 *
 * <p>{@link Adam} and {@link Sgd} are applied by a loop in Java over the arrays' native memory instead of ND4J's
 * updater ops, with the same rule and the same state layout (Adam: {@code [1, 2n]}, the first moment estimates m
 * then the second v, as ND4J's {@code AdamUpdater} keeps them), so model files written either way load and continue
 * alike. The loop runs on the JDK's Vector API when the java command line adds its module
 * ({@code --add-modules jdk.incubator.vector}; {@link HostArrays#VECTOR_API}), else as scalar Java; both give the
 * same bits. Other updaters, and arrays that are not plain (views, other data types), go through ND4J's
 * {@link GradientUpdater}.
 */
public final class Optimizer {
    private final IUpdater config;
    private final Map<String, GradientUpdater<?>> updaters;
    private final Map<String, INDArray> state;
    /** Whether {@link #config} has a rule of our own ({@link #hostUpdate}). */
    private final boolean hostRule;
    /** The threads the rule of our own is split among ({@link #on}), or null for the calling thread alone. */
    private final ThreadTeam team;
    /** Whether the rule of our own runs on the Vector API ({@link HostArrays#VECTOR_API}, or false for tests). */
    private final boolean vectorApi;

    private Optimizer(IUpdater config, Map<String, GradientUpdater<?>> updaters, Map<String, INDArray> state,
            ThreadTeam team, boolean vectorApi) {
        this.config = config;
        this.updaters = updaters;
        this.state = state;
        this.hostRule = config.getClass() == Adam.class || config.getClass() == Sgd.class;
        this.team = team;
        this.vectorApi = vectorApi;
    }

    /** The same optimizer on the scalar loops whether or not the Vector API is there (for tests). */
    Optimizer scalar() {
        return new Optimizer(config, updaters, state, team, false);
    }

    /**
     * The same optimizer (the same state arrays) with its loop over the values ({@link Adam}, {@link Sgd}) split
     * among a team's threads: all parameters' values taken as one sequence, in chunks each thread takes in turn
     * ({@link ThreadTeam#forEachPiece}; updates of fewer than {@link ThreadTeam#MIN_SPLIT} values run on the calling
     * thread). Each value's update is the same whatever the split, so the results do not depend on the team.
     *
     * @param team the threads, used for each {@link #apply}; owned (closed) by the caller
     * @return the optimizer
     */
    public Optimizer on(ThreadTeam team) {
        return new Optimizer(config, updaters, state, team, vectorApi);
    }

    /**
     * @param sd the graph whose trainable parameters ({@link VariableType#VARIABLE}) are optimized
     * @param updater the optimizer configuration
     * @param saved state arrays by parameter name to continue from (used as they are, not copied), or null to start
     *     from the updater's initial state
     * @return the optimizer
     * @throws IllegalArgumentException naming the parameter if {@code saved} does not fit the graph and updater
     */
    public static Optimizer create(SameDiff sd, IUpdater updater, Map<String, INDArray> saved) {
        return create(sd, name -> true, updater, saved);
    }

    /**
     * An optimizer of some of a graph's parameters (e.g. one network of a GAN, whose two networks have an optimizer
     * each).
     *
     * @param sd the graph
     * @param which selects the optimized parameters by name
     * @param updater the optimizer configuration
     * @param saved state arrays by parameter name to continue from (used as they are), or null
     * @return the optimizer
     * @throws IllegalArgumentException naming the parameter if {@code saved} does not fit the selected parameters
     */
    public static Optimizer create(SameDiff sd, Predicate<String> which, IUpdater updater,
            Map<String, INDArray> saved) {
        if (saved != null) {
            checkState(sd, which, updater, saved);
        }
        Map<String, GradientUpdater<?>> updaters = new LinkedHashMap<>();
        Map<String, INDArray> state = new LinkedHashMap<>();
        for (SDVariable v : parameters(sd)) {
            if (!which.test(v.name())) {
                continue;
            }
            INDArray param = v.getArr();
            long size = updater.stateSize(param.length());
            INDArray s = size == 0 ? null : saved != null ? saved.get(v.name()) : Nd4j.zeros(param.dataType(), 1, size);
            updaters.put(v.name(), updater.instantiate(s, saved == null));
            if (s != null) {
                state.put(v.name(), s);
            }
        }
        return new Optimizer(updater, updaters, Collections.unmodifiableMap(state), null, HostArrays.VECTOR_API);
    }

    /**
     * Checks that state arrays fit a graph's parameters and an updater: one array {@code [1, stateSize]} of the
     * parameter's data type for every parameter whose updater has state, and nothing else.
     *
     * @throws IllegalArgumentException naming the parameter if they do not
     */
    public static void checkState(SameDiff sd, IUpdater updater, Map<String, INDArray> saved) {
        checkState(sd, name -> true, updater, saved);
    }

    /**
     * {@link #checkState(SameDiff, IUpdater, Map)} for the parameters {@code which} selects.
     *
     * @throws IllegalArgumentException naming the parameter if the arrays do not fit
     */
    public static void checkState(SameDiff sd, Predicate<String> which, IUpdater updater,
            Map<String, INDArray> saved) {
        Map<String, INDArray> left = new LinkedHashMap<>(saved);
        for (SDVariable v : parameters(sd)) {
            if (!which.test(v.name())) {
                continue;
            }
            INDArray param = v.getArr();
            long size = updater.stateSize(param.length());
            INDArray s = left.remove(v.name());
            if (size == 0 && s == null) {
                continue;
            }
            if (s == null) {
                throw new IllegalArgumentException("no optimizer state for parameter " + v.name() + " ("
                        + updater.getClass().getSimpleName() + " needs " + size + " values)");
            }
            if (!Arrays.equals(s.shape(), new long[] {1, size}) || s.dataType() != param.dataType()) {
                throw new IllegalArgumentException("optimizer state of parameter " + v.name() + " is "
                        + s.dataType() + " " + Arrays.toString(s.shape()) + " but " + updater.getClass().getSimpleName()
                        + " needs " + param.dataType() + " [1, " + size + "]");
            }
        }
        if (!left.isEmpty()) {
            throw new IllegalArgumentException("optimizer state for parameters the graph does not have: "
                    + left.keySet());
        }
    }

    /** @return the graph's trainable parameters, in graph order */
    public static List<SDVariable> parameters(SameDiff sd) {
        return sd.variables().stream().filter(v -> v.getVariableType() == VariableType.VARIABLE).toList();
    }

    /** @return the names of the optimized parameters, in graph order */
    public List<String> parameterNames() {
        return List.copyOf(updaters.keySet());
    }

    /** @return the live state arrays by parameter name (parameters whose updater has no state are absent) */
    public Map<String, INDArray> state() {
        return state;
    }

    /**
     * Applies one update: subtracts from each parameter the optimizer's step computed from its gradient, updating the
     * optimizer state. Gradients may be overwritten (ND4J's updaters turn them into the step in place).
     *
     * @param sd the graph
     * @param gradients gradients by parameter name; a parameter without one is left unchanged
     * @param iteration updates done before this one, from 0 (Adam's bias correction and schedules use it)
     * @param epoch epochs done before this one, from 0
     */
    public void apply(SameDiff sd, Map<String, INDArray> gradients, long iteration, int epoch) {
        int it = Math.toIntExact(iteration);
        List<HostSlice> host = new ArrayList<>();
        for (Map.Entry<String, GradientUpdater<?>> e : updaters.entrySet()) {
            INDArray gradient = gradients.get(e.getKey());
            if (gradient == null) {
                continue; // the loss does not depend on this parameter
            }
            INDArray param = sd.getArrForVarName(e.getKey());
            INDArray stateArray = state.get(e.getKey());
            if (hostRule && onHost(param, gradient, stateArray)) {
                host.add(new HostSlice(param, gradient, stateArray));
            } else {
                // ND4J's updaters write the step into a reshaped gradient, a copy when the gradient is a strided view
                INDArray step = gradient.isView() ? gradient.dup() : gradient;
                e.getValue().applyUpdater(step, it, epoch);
                param.subi(step);
            }
        }
        if (!host.isEmpty()) {
            hostUpdate(host, it, epoch);
        }
    }

    /** Whether the rule of our own can update these arrays: plain, of one data type, the gradient as long. */
    private static boolean onHost(INDArray param, INDArray gradient, INDArray stateArray) {
        return HostArrays.isPlain(param) && HostArrays.isPlain(gradient) && gradient.length() == param.length()
                && gradient.dataType() == param.dataType()
                && (stateArray == null || HostArrays.isPlain(stateArray) && stateArray.dataType() == param.dataType());
    }

    /** One parameter of a host update. */
    private record HostSlice(INDArray param, INDArray gradient, INDArray state) {
    }

    /** The update of the given parameters by loops over native memory, for {@link Adam} and {@link Sgd}. */
    private void hostUpdate(List<HostSlice> host, int iteration, int epoch) {
        double lr = config.getLearningRate(iteration, epoch);
        double stepSize = lr;
        if (config instanceof Adam adam) {
            // Kingma & Ba 2015, algorithm 1, with the bias corrections folded into the step size (end of section 2),
            // as ND4J's adam_updater computes it: step = lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + eps)
            double t = iteration + 1.0;
            stepSize = lr * Math.sqrt(1 - Math.pow(adam.getBeta2(), t)) / (1 - Math.pow(adam.getBeta1(), t));
            if (!Double.isFinite(stepSize) || stepSize == 0) {
                stepSize = adam.getEpsilon(); // ND4J's guard against a degenerate bias correction
            }
        }
        double step = stepSize;
        if (team == null) {
            for (HostSlice h : host) {
                update(h, 0, (int) h.param.length(), lr, step);
            }
        } else {
            team.forEachPiece(host.stream().map(HostSlice::param).toList(),
                    (i, from, to) -> update(host.get(i), from, to, lr, step));
        }
    }

    /** Updates the values [lo, hi) of one parameter. */
    private void update(HostSlice h, int lo, int hi, double lr, double stepSize) {
        int n = (int) h.param.length();
        boolean isFloat = h.param.dataType() == DataType.FLOAT;
        if (config instanceof Adam adam) {
            if (isFloat) {
                float beta1 = (float) adam.getBeta1();
                float beta2 = (float) adam.getBeta2();
                float epsilon = (float) adam.getEpsilon();
                if (vectorApi) {
                    lo = VectorizedRules.adam(HostArrays.bytes(h.param), HostArrays.bytes(h.gradient),
                            HostArrays.bytes(h.state), n, lo, hi, beta1, beta2, epsilon, (float) stepSize);
                }
                adam(HostArrays.floats(h.param), HostArrays.floats(h.gradient), HostArrays.floats(h.state), n, lo,
                        hi, beta1, beta2, epsilon, (float) stepSize);
            } else {
                if (vectorApi) {
                    lo = VectorizedRules.adam(HostArrays.bytes(h.param), HostArrays.bytes(h.gradient),
                            HostArrays.bytes(h.state), n, lo, hi, adam.getBeta1(), adam.getBeta2(),
                            adam.getEpsilon(), stepSize);
                }
                adam(HostArrays.doubles(h.param), HostArrays.doubles(h.gradient), HostArrays.doubles(h.state), n,
                        lo, hi, adam.getBeta1(), adam.getBeta2(), adam.getEpsilon(), stepSize);
            }
        } else if (isFloat) {
            if (vectorApi) {
                lo = VectorizedRules.sgd(HostArrays.bytes(h.param), HostArrays.bytes(h.gradient), (float) lr, lo,
                        hi);
            }
            sgd(HostArrays.floats(h.param), HostArrays.floats(h.gradient), (float) lr, lo, hi);
        } else {
            if (vectorApi) {
                lo = VectorizedRules.sgd(HostArrays.bytes(h.param), HostArrays.bytes(h.gradient), lr, lo, hi);
            }
            sgd(HostArrays.doubles(h.param), HostArrays.doubles(h.gradient), lr, lo, hi);
        }
    }

    private static void sgd(FloatBuffer p, FloatBuffer g, float lr, int from, int to) {
        for (int i = from; i < to; i++) {
            p.put(i, p.get(i) - lr * g.get(i));
        }
    }

    private static void sgd(DoubleBuffer p, DoubleBuffer g, double lr, int from, int to) {
        for (int i = from; i < to; i++) {
            p.put(i, p.get(i) - lr * g.get(i));
        }
    }

    /**
     * Adam on the values [from, to) of float arrays of n values; {@code s} holds m in [0, n) and v in [n, 2n).
     *
     * <p>Moments smaller in magnitude than the smallest normal float are stored as 0. Without this, the moments of
     * weights whose gradient has become 0 (those of dead ReLU units, of always-blank pixels) decay through the
     * subnormal range, where v (decaying by beta2 = 0.999 per step) stays for about 16,000 updates, and every
     * arithmetic operation on a subnormal takes the processor's slow path: after 19 epochs of the 784-500-500-50 MNIST
     * model, 400,000 of its 2.7 million moments were subnormal and an epoch took twice as long as the first. A
     * subnormal m or v changes the update by less than {@code 1e-30} (the update is
     * {@code stepSize * m / (sqrt(v) + epsilon)} with {@code epsilon = 1e-8}), far below a float's resolution of
     * any weight.
     */
    private static void adam(FloatBuffer p, FloatBuffer g, FloatBuffer s, int n, int from, int to, float beta1,
            float beta2, float epsilon, float stepSize) {
        float oneMinusBeta1 = 1 - beta1;
        float oneMinusBeta2 = 1 - beta2;
        for (int i = from; i < to; i++) {
            float gi = g.get(i);
            float m = beta1 * s.get(i) + gi * oneMinusBeta1;
            float v = beta2 * s.get(n + i) + gi * gi * oneMinusBeta2;
            m = Math.abs(m) < Float.MIN_NORMAL ? 0f : m;
            v = v < Float.MIN_NORMAL ? 0f : v;
            s.put(i, m);
            s.put(n + i, v);
            p.put(i, p.get(i) - m * stepSize / ((float) Math.sqrt(v) + epsilon));
        }
    }

    /** Adam on the values [from, to) of double arrays of n values; m in s[0, n), v in s[n, 2n); subnormals as 0. */
    private static void adam(DoubleBuffer p, DoubleBuffer g, DoubleBuffer s, int n, int from, int to,
            double beta1, double beta2, double epsilon, double stepSize) {
        double oneMinusBeta1 = 1 - beta1;
        double oneMinusBeta2 = 1 - beta2;
        for (int i = from; i < to; i++) {
            double gi = g.get(i);
            double m = beta1 * s.get(i) + gi * oneMinusBeta1;
            double v = beta2 * s.get(n + i) + gi * gi * oneMinusBeta2;
            m = Math.abs(m) < Double.MIN_NORMAL ? 0.0 : m;
            v = v < Double.MIN_NORMAL ? 0.0 : v;
            s.put(i, m);
            s.put(n + i, v);
            p.put(i, p.get(i) - m * stepSize / (Math.sqrt(v) + epsilon));
        }
    }
}
