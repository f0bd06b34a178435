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
 * without replacement (when K exceeds the n examples: all n, then K - n more at random) from its own random stream,
 * so that the other streams, and therefore every other prior's training, are unchanged.
 */
public final class PriorInitialization {
    private PriorInitialization() {
    }

    /**
     * @param prior the configuration's prior
     * @param graph the freshly built training graph
     * @param pool the examples to draw from, {@code [n, inputSize]}, n &gt;= 1
     * @param random the run's streams
     * @throws IllegalArgumentException naming the prior if {@code pool} is empty, or the graph has no
     *     {@code prior/pseudo_inputs} parameter
     */
    public static void initialize(Prior prior, SameDiff graph, Dataset pool, RandomStreams random) {
        if (!(prior instanceof VampPrior vamp) || !vamp.initializeFromTrainingData()) {
            return;
        }
        String name = "prior/" + VampPrior.PSEUDO_INPUTS;
        if (!graph.hasVariable(name)) {
            throw new IllegalArgumentException("VaeConfig.prior " + prior + " needs the graph parameter " + name
                    + " to initialize from training data, but the graph has none");
        }
        SDVariable pseudoInputs = graph.getVariable(name);
        int k = vamp.components();
        int n = pool.size();
        if (n < 1) {
            throw new IllegalArgumentException("VaeConfig.prior " + prior + " initializes its " + k
                    + " pseudo-inputs from training examples, but there are none");
        }
        int[] indices = draw(k, n, random.dataInitialization());
        INDArray rows = pool.gather(indices, null);
        pseudoInputs.getArr().assign(rows.castTo(pseudoInputs.dataType()));
    }

    /**
     * @param k how many indices
     * @param n the examples, {@code >= 1}
     * @param rng the stream
     * @return k indices in [0, n): the first {@code min(k, n)} distinct (a partial Fisher-Yates shuffle), the rest
     *     independent uniform draws
     */
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
