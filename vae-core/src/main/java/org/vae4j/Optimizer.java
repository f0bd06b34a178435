package org.vae4j;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The configured optimizer applied to every parameter of one graph: an ND4J {@link GradientUpdater} per parameter,
 * each keeping its state (Adam's moment estimates, ...) in one array {@code [1, updater.stateSize(n)]} of the
 * parameter's data type. Those arrays are the whole optimizer state: saving them and the iteration count is enough to
 * continue training exactly.
 */
final class Optimizer {
    private final Map<String, GradientUpdater<?>> updaters;
    private final Map<String, INDArray> state;

    private Optimizer(Map<String, GradientUpdater<?>> updaters, Map<String, INDArray> state) {
        this.updaters = updaters;
        this.state = state;
    }

    /**
     * @param sd the graph whose trainable parameters ({@link VariableType#VARIABLE}) are optimized
     * @param updater the optimizer configuration
     * @param saved state arrays by parameter name to continue from (used as they are, not copied), or null to start
     *     from the updater's initial state
     * @return the optimizer
     * @throws IllegalArgumentException naming the parameter if {@code saved} does not fit the graph and updater
     */
    static Optimizer create(SameDiff sd, IUpdater updater, Map<String, INDArray> saved) {
        if (saved != null) {
            checkState(sd, updater, saved);
        }
        Map<String, GradientUpdater<?>> updaters = new LinkedHashMap<>();
        Map<String, INDArray> state = new LinkedHashMap<>();
        for (SDVariable v : parameters(sd)) {
            INDArray param = v.getArr();
            long size = updater.stateSize(param.length());
            INDArray s = size == 0 ? null : saved != null ? saved.get(v.name()) : Nd4j.zeros(param.dataType(), 1, size);
            updaters.put(v.name(), updater.instantiate(s, saved == null));
            if (s != null) {
                state.put(v.name(), s);
            }
        }
        return new Optimizer(updaters, Collections.unmodifiableMap(state));
    }

    /**
     * Checks that state arrays fit a graph's parameters and an updater: one array {@code [1, stateSize]} of the
     * parameter's data type for every parameter whose updater has state, and nothing else.
     *
     * @throws IllegalArgumentException naming the parameter if they do not
     */
    static void checkState(SameDiff sd, IUpdater updater, Map<String, INDArray> saved) {
        Map<String, INDArray> left = new LinkedHashMap<>(saved);
        for (SDVariable v : parameters(sd)) {
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
    static List<SDVariable> parameters(SameDiff sd) {
        return sd.variables().stream().filter(v -> v.getVariableType() == VariableType.VARIABLE).toList();
    }

    /** @return the names of the optimized parameters, in graph order */
    List<String> parameterNames() {
        return List.copyOf(updaters.keySet());
    }

    /** @return the live state arrays by parameter name (parameters whose updater has no state are absent) */
    Map<String, INDArray> state() {
        return state;
    }

    /**
     * Turns each gradient into an update in place (the optimizer's rule) and subtracts it from its parameter.
     *
     * @param sd the graph
     * @param gradients gradients by parameter name; a parameter without one is left unchanged
     * @param iteration updates done before this one, from 0 (Adam's bias correction and schedules use it)
     * @param epoch epochs done before this one, from 0
     */
    void apply(SameDiff sd, Map<String, INDArray> gradients, long iteration, int epoch) {
        for (Map.Entry<String, GradientUpdater<?>> e : updaters.entrySet()) {
            INDArray gradient = gradients.get(e.getKey());
            if (gradient == null) {
                continue; // the loss does not depend on this parameter
            }
            e.getValue().applyUpdater(gradient, Math.toIntExact(iteration), epoch);
            sd.getArrForVarName(e.getKey()).subi(gradient);
        }
    }
}
