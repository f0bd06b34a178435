package org.vae4j.train;

import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Computes the loss gradient of a mini-batch somewhere else than in the training loop's process, for synchronous
 * data-parallel training (e.g. {@code org.vae4j.spark}): the workers hold the training set, the loop only the
 * parameters, the optimizer and the batch schedule. The result must be that of {@link BatchGradient#compute} on the
 * whole batch, up to floating-point summation order.
 */
@FunctionalInterface
public interface BatchGradients {
    /**
     * @param graph the loop's graph, holding the current parameters (read them, do not change them)
     * @param epoch the epoch, from 1
     * @param indices the batch's example indices in the training set, in batch order
     * @param feed the inputs that are not data: {@link org.vae4j.graph.VaeGraph#NOISE}
     *     {@code [samples * b, latentSize]} (row r for example r mod b) if the objective samples,
     *     {@link org.vae4j.graph.VaeGraph#BETA}, {@link org.vae4j.graph.VaeGraph#CAPACITY}
     * @return the batch's figures and gradients
     */
    BatchGradient.Result compute(SameDiff graph, int epoch, int[] indices, Map<String, INDArray> feed);
}
