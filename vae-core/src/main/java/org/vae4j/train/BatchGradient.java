package org.vae4j.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.exec.ExecutionPlan;
import org.vae4j.exec.HostArrays;
import org.vae4j.graph.VaeGraph;

/**
 * The loss and its gradient on one mini-batch: one execution of the graph's gradient function through an
 * {@link ExecutionPlan} compiled once. Used by {@link EpochLoop} on one machine and, for data-parallel training, by
 * each worker on its share of the batch ({@link BatchGradients}). Not thread-safe: hold the graph's lock.
 */
public final class BatchGradient {
    /**
     * One batch's figures and gradients.
     *
     * @param elboSum the objective summed over the batch, nats
     * @param logLikelihoodSum log p(x|z) summed over the batch, nats
     * @param klSum the KL term summed over the batch, nats
     * @param loss the training loss, nats per example (the mean over the batch)
     * @param gradients d loss / d parameter by parameter name (parameters the loss does not depend on are absent);
     *     from {@link #compute}, arrays that the next execution overwrites
     */
    public record Result(double elboSum, double logLikelihoodSum, double klSum, double loss,
            Map<String, INDArray> gradients) {
    }

    private final Map<String, String> gradientNames = new LinkedHashMap<>();
    private final ExecutionPlan plan;

    /**
     * @param sd the graph, with its gradient function built ({@code VaeGraph.build})
     * @param parameterNames the parameters to differentiate, e.g. {@link Optimizer#parameterNames()}
     */
    public BatchGradient(SameDiff sd, List<String> parameterNames) {
        for (String p : parameterNames) {
            SDVariable gradient = sd.getVariable(p).getGradient();
            if (gradient != null) { // null when the loss does not depend on the parameter
                gradientNames.put(p, gradient.name());
            }
        }
        List<String> outputs = new ArrayList<>(List.of(VaeGraph.ELBO, VaeGraph.LOG_LIKELIHOOD, VaeGraph.KL,
                VaeGraph.LOSS));
        outputs.addAll(gradientNames.values());
        plan = new ExecutionPlan(sd.getFunction("grad"), outputs, VaeGraph.INPUT);
    }

    /** @return the parameters that get a gradient, in graph order */
    public List<String> parameters() {
        return List.copyOf(gradientNames.keySet());
    }

    /**
     * @param feed the batch ({@link VaeGraph#INPUT}, {@code [b, inputSize]}), and as the graph needs them
     *     {@link VaeGraph#NOISE} {@code [samples * b, latentSize]}, {@link VaeGraph#CONDITION}, {@link VaeGraph#BETA},
     *     {@link VaeGraph#CAPACITY}
     * @return the batch's figures and gradients
     */
    public Result compute(Map<String, INDArray> feed) {
        Map<String, INDArray> out = plan.execute(feed);
        Map<String, INDArray> gradients = new HashMap<>();
        gradientNames.forEach((p, g) -> gradients.put(p, out.get(g)));
        return new Result(HostArrays.sum(out.get(VaeGraph.ELBO)), HostArrays.sum(out.get(VaeGraph.LOG_LIKELIHOOD)),
                HostArrays.sum(out.get(VaeGraph.KL)), out.get(VaeGraph.LOSS).getDouble(0), gradients);
    }
}
