package org.vae4j.prior;

import java.util.random.RandomGenerator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The part shared by the priors that are a mixture of K diagonal Gaussians with parameters trained with the model
 * ({@link LearnedGaussianMixturePrior}, {@link VampPrior}): no closed-form KL divergence (Monte Carlo instead), learned
 * parameters, K components, any latent size, and samples drawn in the model's graph only.
 */
interface LearnedMixturePrior extends Prior {

    /** @return K, the number of mixture components, {@code >= 1} */
    int components();

    /** @return false: the KL divergence is estimated by Monte Carlo */
    @Override
    default boolean hasClosedFormKl() {
        return false;
    }

    /** @return true: sampled in the graph */
    @Override
    default boolean hasLearnedParameters() {
        return true;
    }

    /** @return K */
    @Override
    default int mixtureComponents() {
        return components();
    }

    /** Accepts any size: the components are defined in the graph with the latent size. */
    @Override
    default void checkLatentSize(int latentSize) {
        // any size
    }

    /** @throws UnsupportedOperationException always: the parameters live in the graph; use {@code Vae.generate} */
    @Override
    default INDArray sample(int n, int latentSize, RandomGenerator random, DataType dataType) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " is sampled in the model's graph:"
                + " use Vae.generate");
    }
}
