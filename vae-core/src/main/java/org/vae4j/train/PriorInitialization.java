package org.vae4j.train;

import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.data.Dataset;
import org.vae4j.prior.Prior;
import org.vae4j.prior.VampPrior;

/**
 * Data-dependent initialization of a prior's parameters, done once before the first training step of a fresh run
 * (not on resume): a {@link VampPrior} with {@code initializeFromTrainingData} gets K training examples as its
 * pseudo-inputs (Tomczak &amp; Welling 2018; the option {@code use_training_data_init} of the authors' code), drawn
 * without replacement (when K exceeds the n examples: all n, then K - n more at random) from its own random stream, so that the other
 * streams, and therefore every other prior's training, are unchanged.
 */
public final class PriorInitialization {
    private PriorInitialization() {
    }

    /**
     * @param prior the configuration's prior
     * @param graph the freshly built training graph
     * @param pool the examples to draw from, {@code [n, inputSize]}, n &gt;= 1
     * @param random the run's streams
     */
    public static void initialize(Prior prior, SameDiff graph, Dataset pool, RandomStreams random) {
        if (!(prior instanceof VampPrior vamp) || !vamp.initializeFromTrainingData()) {
            return;
        }
        SDVariable pseudoInputs = graph.getVariable("prior/" + VampPrior.PSEUDO_INPUTS);
        int k = vamp.components();
        int n = pool.size();
        int[] indices = draw(k, n, random.dataInitialization());
        INDArray rows = pool.gather(indices, null);
        pseudoInputs.getArr().assign(rows.castTo(pseudoInputs.dataType()));
    }

    /** K indices in [0, n): distinct (a partial Fisher-Yates shuffle) up to n, then independent draws. */
    static int[] draw(int k, int n, SplittableRandom rng) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        int[] indices = new int[k];
        for (int i = 0; i < k; i++) {
            if (i < n) {
                int j = i + rng.nextInt(n - i);
                int t = all[i];
                all[i] = all[j];
                all[j] = t;
                indices[i] = all[i];
            } else {
                indices[i] = rng.nextInt(n);
            }
        }
        return indices;
    }
}
