package org.vae4j.exec;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.graph.VaeGraph;
import org.vae4j.nn.DiagonalGaussianVariables;

/**
 * The importance-sampled estimate of log p(x) with the posterior as proposal, i.e. the IWAE bound
 * (Burda, Grosse &amp; Salakhutdinov 2016, "Importance Weighted Autoencoders", eq. 8):
 *
 * <pre>
 *   L_k(x) = log (1/k) sum_{i=1..k} p(x|z_i) p(z_i) / q(z_i|x),   z_i ~ q(z|x)
 * </pre>
 *
 * <p>In expectation L_k is a lower bound on log p(x) for every k (one estimate can exceed it), equals the ELBO at
 * k = 1 (single-sample, Monte Carlo KL), is non-decreasing in k, and converges to log p(x) as k grows (Burda et al.,
 * theorem 1). The sum is computed with a streaming log-sum-exp in double precision. The encoder runs once per
 * example; the decoder runs on batches of up to {@link #ROWS} (example, sample) pairs. log q(z|x) is computed from
 * the noise:
 * log N(mu + sigma eps; mu, sigma^2) = -1/2 sum_j (log 2 pi + log sigma_j^2 + eps_j^2), also for a full-covariance
 * posterior, whose sample mu + L eps (L = diag(sigma) + B, B strictly lower triangular) has the same density since
 * det L = prod_j sigma_j.
 */
public final class ImportanceSampling {
    /** (example, sample) pairs decoded per graph execution. */
    public static final int ROWS = 8192;

    private ImportanceSampling() {
    }

    /** Told how far an estimate has come. */
    @FunctionalInterface
    public interface Progress {
        /** Does nothing. */
        Progress NONE = (done, total, mean) -> { };

        /**
         * @param done examples whose k samples have all been weighed
         * @param total examples in all
         * @param mean the mean estimate over the {@code done} examples, nats
         */
        void update(int done, int total, double mean);
    }

    /**
     * @param runner runs the model's graph
     * @param latentSize the latent dimensions
     * @param x data, {@code [n, inputSize]}
     * @param condition the condition of each example, {@code [n, conditionSize]}, or null (unconditional VAE)
     * @param k importance samples per example, {@code >= 1}
     * @param seed seeds the samples; the draws are made in (example, sample) order, so results do not depend on
     *     batching
     * @param progress told after every batch of pairs that completes an example
     * @return L_k(x) per example in nats, {@code [n]}, double precision
     */
    public static INDArray estimate(GraphRunner runner, int latentSize, INDArray x, INDArray condition, int k,
            long seed, Progress progress) {
        Objects.requireNonNull(x, "x");
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        DataType dataType = runner.dataType();
        int latent = latentSize;
        int n = (int) x.rows();
        boolean full = runner.graph().hasVariable(VaeGraph.POSTERIOR_LOWER);
        String[] posterior = full
                ? new String[] {VaeGraph.POSTERIOR_MEAN, VaeGraph.POSTERIOR_LOG_VARIANCE, VaeGraph.POSTERIOR_LOWER}
                : new String[] {VaeGraph.POSTERIOR_MEAN, VaeGraph.POSTERIOR_LOG_VARIANCE};
        List<Map<String, INDArray>> q = runner.runInChunks(x, VaeGraph.INPUT, (int) x.columns(), "x", condition, null,
                posterior);
        // a full-covariance posterior's strictly lower Cholesky entries, row-major [n, latent, latent], or null
        double[] lower = full ? GraphRunner.concat(q, VaeGraph.POSTERIOR_LOWER).castTo(DataType.DOUBLE).dup('c')
                .data().asDouble() : null;
        INDArray ys = condition == null ? null : condition.castTo(dataType).dup('c');
        INDArray xs = x.dataType() == dataType && !x.isView() ? x : x.castTo(dataType).dup('c');
        double[] mean = GraphRunner.concat(q, VaeGraph.POSTERIOR_MEAN).castTo(DataType.DOUBLE).data().asDouble();
        double[] logVar = GraphRunner.concat(q, VaeGraph.POSTERIOR_LOG_VARIANCE).castTo(DataType.DOUBLE).data()
                .asDouble();
        double[] std = new double[logVar.length];
        double[] logVarSum = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < latent; j++) {
                std[i * latent + j] = Math.exp(0.5 * logVar[i * latent + j]);
                logVarSum[i] += logVar[i * latent + j];
            }
        }

        SplittableRandom random = new SplittableRandom(seed);
        double[] max = new double[n];
        double[] sum = new double[n];
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        long total = (long) n * k;
        // The graph's inputs are filled in place, chunk after chunk: the same arrays every time, so the compiled
        // plan binds them once and nothing is allocated off-heap per chunk (k = 5000 on 10,000 images is 6,100
        // chunks; fresh arrays per chunk grew the process by gigabytes before the garbage collector ran).
        Map<Integer, INDArray[]> buffers = new java.util.HashMap<>();
        double[] result = new double[n];
        double logK = Math.log(k);
        int done = 0;
        double doneSum = 0;
        double[] z = new double[ROWS * latent];
        double[] epsSquared = new double[ROWS];
        double[] eps = new double[latent];
        for (long start = 0; start < total; start += ROWS) {
            int rows = (int) Math.min(ROWS, total - start);
            int[] example = new int[rows];
            for (int r = 0; r < rows; r++) {
                int i = (int) ((start + r) / k);
                example[r] = i;
                double squares = 0;
                for (int j = 0; j < latent; j++) {
                    double e = random.nextGaussian(); // row-major, as Gaussians.sample draws
                    eps[j] = e;
                    squares += e * e;
                    z[r * latent + j] = mean[i * latent + j] + std[i * latent + j] * e;
                }
                if (lower != null) { // z = mu + L eps: add the strictly lower part B eps
                    int base = i * latent * latent;
                    for (int j = 1; j < latent; j++) {
                        double offDiagonal = 0;
                        for (int k2 = 0; k2 < j; k2++) {
                            offDiagonal += lower[base + j * latent + k2] * eps[k2];
                        }
                        z[r * latent + j] += offDiagonal;
                    }
                }
                epsSquared[r] = squares;
            }
            INDArray[] in = buffers.computeIfAbsent(rows, b -> new INDArray[] {
                Nd4j.create(dataType, b, xs.columns()), Nd4j.create(dataType, b, latent),
                ys == null ? null : Nd4j.create(dataType, b, ys.columns())});
            Nd4j.pullRows(xs, in[0], 1, example);
            Map<String, INDArray> feed = new java.util.HashMap<>();
            feed.put(VaeGraph.INPUT, in[0]);
            feed.put(VaeGraph.LATENT, in[1]);
            if (ys != null) {
                feed.put(VaeGraph.CONDITION, Nd4j.pullRows(ys, in[2], 1, example));
            }
            if (dataType == DataType.DOUBLE) {
                in[1].data().setData(java.util.Arrays.copyOf(z, rows * latent));
            } else {
                float[] zf = new float[rows * latent];
                for (int v = 0; v < zf.length; v++) {
                    zf[v] = (float) z[v];
                }
                in[1].data().setData(zf);
            }
            Map<String, INDArray> out = runner.execute(feed, VaeGraph.INPUT, VaeGraph.LATENT_LOG_LIKELIHOOD,
                    VaeGraph.LATENT_LOG_PRIOR);
            double[] logLikelihood = out.get(VaeGraph.LATENT_LOG_LIKELIHOOD).toDoubleVector();
            double[] logPrior = out.get(VaeGraph.LATENT_LOG_PRIOR).toDoubleVector();
            for (int r = 0; r < rows; r++) {
                int i = example[r];
                double logQ = DiagonalGaussianVariables.logDensityOfSample(logVarSum[i], epsSquared[r], latent);
                double logW = logLikelihood[r] + logPrior[r] - logQ;
                if (logW > max[i]) {
                    sum[i] = sum[i] * Math.exp(max[i] - logW) + 1.0;
                    max[i] = logW;
                } else {
                    sum[i] += Math.exp(logW - max[i]);
                }
            }
            int complete = (int) ((start + rows) / k); // examples whose k samples have all been weighed
            if (complete > done) {
                for (int i = done; i < complete; i++) {
                    result[i] = max[i] + Math.log(sum[i]) - logK;
                    doneSum += result[i];
                }
                done = complete;
                progress.update(done, n, doneSum / done);
            }
        }
        return Nd4j.createFromArray(result);
    }
}
