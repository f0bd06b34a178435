package org.vae4j.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.vae4j.graph.GraphSpec;
import org.vae4j.schedule.TrainingStep;

/**
 * What the training loop needs to know besides the graph: {@code org.vae4j.VaeConfig} implements it, so the loop
 * depends on these values only, not on the configuration class above it.
 */
public interface TrainingSpec extends GraphSpec {
    /** @return the floating-point type of parameters and activations */
    DataType dataType();

    /** @return the optimizer (a copy) */
    IUpdater updater();

    /** @return examples per mini-batch */
    int batchSize();

    /** @return the epochs of the whole run */
    int epochs();

    /** @return whether every training batch is binarized afresh (Bernoulli draws of the pixel values) */
    boolean dynamicBinarization();

    /** @return whether this is a conditional VAE ({@code conditionSize() > 0}) */
    boolean conditional();

    /**
     * @param step where training is
     * @return the KL weight beta at that step, checked finite and {@code >= 0}
     * @throws IllegalArgumentException naming the schedule and the step if it is not
     */
    double betaAt(TrainingStep step);
}
