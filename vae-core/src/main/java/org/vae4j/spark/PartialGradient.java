package org.vae4j.spark;

import java.io.Serializable;

/**
 * A partition's share of a mini-batch gradient: {@code (b_p / b) * d loss_p / d theta} flattened in the graph's
 * parameter order (so that the shares of all partitions add up to the gradient of the whole batch's mean loss), the
 * partition's sums of the ELBO, log p(x|z) and KL, and its weighted loss. A partition without examples in the batch
 * gives an empty share ({@link #examples} 0, no gradient), which adding skips: with one partition, the sum is that
 * partition's gradient bit for bit.
 */
final class PartialGradient implements Serializable {
    private static final long serialVersionUID = 1L;

    final int partition;
    final int examples;
    final float[] gradient;
    final double elboSum;
    final double logLikelihoodSum;
    final double klSum;
    final double loss;

    PartialGradient(int partition, int examples, float[] gradient, double elboSum, double logLikelihoodSum,
            double klSum, double loss) {
        this.partition = partition;
        this.examples = examples;
        this.gradient = gradient;
        this.elboSum = elboSum;
        this.logLikelihoodSum = logLikelihoodSum;
        this.klSum = klSum;
        this.loss = loss;
    }

    static PartialGradient empty(int partition) {
        return new PartialGradient(partition, 0, null, 0, 0, 0, 0);
    }

    /** @return this share plus {@code other} (a new object unless one of them is empty) */
    PartialGradient plus(PartialGradient other) {
        if (other.examples == 0) {
            return this;
        }
        if (examples == 0) {
            return other;
        }
        float[] sum = new float[gradient.length];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = gradient[i] + other.gradient[i];
        }
        return new PartialGradient(Math.min(partition, other.partition), examples + other.examples, sum,
                elboSum + other.elboSum, logLikelihoodSum + other.logLikelihoodSum, klSum + other.klSum,
                loss + other.loss);
    }
}
