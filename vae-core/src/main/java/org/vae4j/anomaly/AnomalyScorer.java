package org.vae4j.anomaly;

import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.Vae;
import org.vae4j.data.Dataset;
import org.vae4j.data.OneHot;

/**
 * An anomaly score per example from a trained VAE, in nats per example: the higher, the less the example looks like
 * the training data. Two scores:
 * <ul>
 *   <li>{@link #importanceSampling(Vae, int, long)} (the default): -log p(x), with log p(x) estimated by importance
 *       sampling with k samples from the posterior (the IWAE bound of Burda, Grosse &amp; Salakhutdinov 2016,
 *       "Importance Weighted Autoencoders", eq. 8; {@link Vae#logLikelihood(INDArray, INDArray, int, long)}). The
 *       negative log of a proper density, comparable between examples and models; it costs k decoder passes per
 *       example.</li>
 *   <li>{@link #reconstruction(Vae)}: -log p(x | z = mean of q(z|x)), the reconstruction error
 *       ({@link Vae#reconstructionLogLikelihood(INDArray, INDArray)}): one encoder and one decoder pass per example,
 *       but blind to how unlikely the code itself is under the prior.</li>
 * </ul>
 * A dataset is scored in chunks of examples read with {@link Dataset#rows}, so a dataset on disk need not fit in
 * memory, and {@link Progress} is told after each chunk. A conditional VAE is conditioned on the dataset's one-hot
 * labels (it then scores -log p(x|y)).
 *
 * <p>Scores are reproducible: the samples of chunk c are drawn from the c-th seed of a generator seeded with
 * {@code seed}, and the chunk size depends only on k, so equal calls give equal scores.
 */
public final class AnomalyScorer {
    /** (example, sample) pairs per chunk of importance sampling: 32 graph executions of 8,192 pairs. */
    static final int PAIRS_PER_CHUNK = 32 * 8192;
    /** The most examples per chunk (the chunk for the reconstruction score and for small k). */
    static final int MAX_CHUNK = 1024;

    /** Told how far scoring has come. */
    @FunctionalInterface
    public interface Progress {
        /** Does nothing. */
        Progress NONE = (done, total, meanScore) -> { };

        /**
         * @param done examples scored, {@code 0 < done <= total}, increasing from call to call
         * @param total examples to score
         * @param meanScore the mean score of the {@code done} examples, nats per example
         */
        void update(int done, int total, double meanScore);
    }

    /** Which score. */
    public enum Method {
        /** -log p(x) by importance sampling. */
        IMPORTANCE_SAMPLING,
        /** -log p(x | z = posterior mean). */
        RECONSTRUCTION
    }

    private final Vae vae;
    private final Method method;
    private final int k;
    private final long seed;

    private AnomalyScorer(Vae vae, Method method, int k, long seed) {
        this.vae = Objects.requireNonNull(vae, "vae");
        this.method = method;
        this.k = k;
        this.seed = seed;
    }

    /**
     * The default score, -log p(x) by importance sampling.
     *
     * @param vae the model
     * @param k importance samples per example, {@code >= 1} (100 ranks examples well; papers estimate the test
     *     log-likelihood with 5000)
     * @param seed seeds the samples
     * @return the scorer
     * @throws IllegalArgumentException if {@code k < 1}
     */
    public static AnomalyScorer importanceSampling(Vae vae, int k, long seed) {
        if (k < 1) {
            throw new IllegalArgumentException("k (importance samples) must be >= 1, got " + k);
        }
        return new AnomalyScorer(vae, Method.IMPORTANCE_SAMPLING, k, seed);
    }

    /**
     * The cheap score, the negative reconstruction log-likelihood -log p(x | z = mean of q(z|x)).
     *
     * @param vae the model
     * @return the scorer
     */
    public static AnomalyScorer reconstruction(Vae vae) {
        return new AnomalyScorer(vae, Method.RECONSTRUCTION, 0, 0);
    }

    /** @return which score this scorer computes */
    public Method method() {
        return method;
    }

    /** @return importance samples per example, or 0 for the reconstruction score */
    public int k() {
        return k;
    }

    /** @return the examples scored per chunk (between two progress updates) */
    int chunkSize() {
        return method == Method.RECONSTRUCTION ? MAX_CHUNK : Math.max(1, Math.min(MAX_CHUNK, PAIRS_PER_CHUNK / k));
    }

    /**
     * Scores a dataset.
     *
     * @param data the examples, {@code [n, inputSize]}
     * @return one score per example, nats, {@code [n]}
     * @throws IllegalArgumentException if the examples do not have the model's {@code inputSize} features, or the
     *     model is conditional and the dataset has no labels or one outside {@code [0, conditionSize)}
     */
    public double[] score(Dataset data) {
        return score(data, Progress.NONE);
    }

    /**
     * Scores a dataset, telling {@code progress} after every chunk of examples.
     *
     * @param data the examples, {@code [n, inputSize]}
     * @param progress told after every chunk
     * @return one score per example, nats, {@code [n]}
     * @throws IllegalArgumentException as {@link #score(Dataset)}
     */
    public double[] score(Dataset data, Progress progress) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(progress, "progress");
        int inputs = vae.config().inputSize();
        if (data.shape().size() != inputs) {
            throw new IllegalArgumentException("the model takes " + inputs + " features per example but the data has "
                    + data.shape().size());
        }
        int n = data.size();
        double[] scores = new double[n];
        SplittableRandom seeds = new SplittableRandom(seed);
        int chunk = chunkSize();
        double sum = 0;
        INDArray conditions = vae.config().conditional() ? OneHot.of(data, vae.config().conditionSize(), "data")
                : null;
        for (int from = 0; from < n; from += chunk) {
            int to = Math.min(n, from + chunk);
            INDArray x = data.rows(from, to);
            INDArray condition = conditions == null ? null
                    : conditions.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup();
            INDArray logLikelihood = method == Method.RECONSTRUCTION ? vae.reconstructionLogLikelihood(x, condition)
                    : vae.logLikelihood(x, condition, k, seeds.nextLong());
            double[] values = logLikelihood.toDoubleVector();
            for (int i = 0; i < values.length; i++) {
                scores[from + i] = -values[i];
                sum -= values[i];
            }
            progress.update(to, n, sum / to);
        }
        return scores;
    }

    /**
     * Scores examples held in an array (an unconditional model).
     *
     * @param x the examples, {@code [n, inputSize]}
     * @return one score per example, nats, {@code [n]}
     * @throws IllegalArgumentException if {@code x} is not {@code [n, inputSize]} or the model is conditional
     */
    public double[] score(INDArray x) {
        Objects.requireNonNull(x, "x");
        return score(org.vae4j.data.ImageDataset.of(x, null, vae.config().inputShape()));
    }

    @Override
    public String toString() {
        return method == Method.RECONSTRUCTION ? "-log p(x|z=mean)" : "-log p(x), k=" + k;
    }
}
