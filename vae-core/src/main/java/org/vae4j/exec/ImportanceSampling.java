package org.vae4j.exec;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
 * example; the decoder runs on batches of up to {@link #ROWS} (example, sample) pairs: all k pairs of
 * {@code max(1, ROWS / k)} consecutive examples, or for {@code k > ROWS} one example's pairs in
 * {@code ceil(k / ROWS)} equal parts. log q(z|x) is computed from the noise:
 * log N(mu + sigma eps; mu, sigma^2) = -1/2 sum_j (log 2 pi + log sigma_j^2 + eps_j^2), also for a full-covariance
 * posterior, whose sample mu + L eps (L = diag(sigma) + B, B strictly lower triangular) has the same density since
 * det L = prod_j sigma_j.
 *
 * <p><b>Random draws.</b> Example i's k samples come from its own generator, a {@link SplittableRandom} seeded with
 * {@link #exampleSeed}(seed, i), drawn in (sample, latent dimension) order. An example's estimate therefore does not
 * depend on the other examples, on batching, or on how the examples are split among threads.
 *
 * <p><b>Threads.</b> Given several runners (each over its own copy of the same model's graph: one graph cannot run
 * two executions at once), the batches are split into contiguous blocks, four per runner, which a fixed pool of one
 * thread per runner works through. Every batch holds the same pairs whatever the split, so the results equal those
 * of one runner bit for bit (in float, a row's result from the matrix product can depend on the rows beside it).
 * Each worker, and the calling thread when it alone runs the estimate, runs on one OpenMP thread and decodes into
 * its own input buffers (up to {@code ROWS x inputSize} and {@code ROWS x latentSize}), and its runner's plan keeps
 * its own activations for batches of up to {@code ROWS} rows (two batch sizes at most).
 */
public final class ImportanceSampling {
    /** (example, sample) pairs decoded per graph execution. */
    public static final int ROWS = 8192;
    /** Blocks of examples per runner when several share the work, for balance. */
    static final int BLOCKS_PER_RUNNER = 4;

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
     * The seed of example i's generator: output i + 1 of SplitMix64 started at {@code seed} (Steele, Lea &amp; Flood
     * 2014, "Fast splittable pseudorandom number generators"; the finalizer is Stafford's variant 13 of MurmurHash3's),
     * i.e. {@code mix(seed + (i + 1) * 0x9E3779B97F4A7C15)}. Distinct examples get unrelated 64-bit seeds.
     *
     * @param seed the estimate's seed
     * @param example the example's index in {@code x}
     * @return the seed of that example's {@link SplittableRandom}
     */
    public static long exampleSeed(long seed, long example) {
        long z = seed + (example + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * @param k samples per example
     * @return the examples whose pairs one batch holds: {@code max(1, ROWS / k)}
     */
    static int examplesPerBatch(int k) {
        return Math.max(1, ROWS / k);
    }

    /**
     * @param k samples per example
     * @return the batches one example's pairs take: 1 if {@code k <= ROWS}, else {@code ceil(k / ROWS)} batches of
     *     {@code floor} or {@code ceil(k / batches)} pairs
     */
    static int batchesPerExample(int k) {
        return (k + ROWS - 1) / ROWS;
    }

    /**
     * @param runners run the model's graph: one, or several over copies of the same graph and parameters, one
     *     worker thread each (the first also runs the encoder)
     * @param latentSize the latent dimensions
     * @param x data, {@code [n, inputSize]}
     * @param condition the condition of each example, {@code [n, conditionSize]}, or null (unconditional VAE)
     * @param k importance samples per example, {@code >= 1}
     * @param seed seeds the samples ({@link #exampleSeed})
     * @param progress told after every batch that completes examples, one call at a time, with {@code done}
     *     increasing; with several runners the mean is over the examples done so far, whichever they are
     * @return L_k(x) per example in nats, {@code [n]}, double precision; the same for any number of runners
     * @throws IllegalArgumentException if {@code k < 1} or {@code runners} is empty
     * @throws RuntimeException as a worker threw it (one of them, if several did; its stack trace is the worker's);
     *     the other workers stop before their next batch
     * @throws CancellationException if the calling thread is interrupted while workers run (thrown once every
     *     worker has ended its current batch; the thread's interrupt flag is set again)
     */
    public static INDArray estimate(List<GraphRunner> runners, int latentSize, INDArray x, INDArray condition, int k,
            long seed, Progress progress) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(progress, "progress");
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        if (runners.isEmpty()) {
            throw new IllegalArgumentException("no runner");
        }
        GraphRunner runner = runners.get(0);
        Posterior posterior = new Posterior(runner, latentSize, x, condition, k, seed);
        int n = posterior.n;
        Tally tally = new Tally(progress, n, posterior.result);
        if (runners.size() == 1) { // on one OpenMP thread too, as each worker of several: the same bits, one core
            OpenMpThreads.with(1, () -> {
                posterior.run(runner, 0, n, tally, new AtomicBoolean());
                return null;
            });
            return Nd4j.createFromArray(posterior.result);
        }
        int perBatch = examplesPerBatch(k);
        int groups = (n + perBatch - 1) / perBatch; // blocks are made of whole batches
        int blocks = Math.min(groups, BLOCKS_PER_RUNNER * runners.size());
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(runners.size(), task -> {
            // OpenMP's thread count is per calling thread: one for each worker, so that the oneDNN build's
            // products (which use every core otherwise) do not put two threads per worker on the cores
            Thread t = new Thread(() -> {
                OpenMpThreads.set(1);
                task.run();
            }, "vae4j-importance-sampling");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (GraphRunner r : runners) {
                workers.add(pool.submit(() -> {
                    try {
                        for (int b = next.getAndIncrement(); b < blocks && !stop.get(); b = next.getAndIncrement()) {
                            posterior.run(r, (int) ((long) b * groups / blocks) * perBatch,
                                    (int) Math.min(n, (long) (b + 1) * groups / blocks * perBatch), tally, stop);
                        }
                    } catch (RuntimeException | Error e) {
                        stop.set(true);
                        throw e;
                    }
                }));
            }
            Throwable failure = null;
            for (Future<?> worker : workers) {
                try {
                    worker.get();
                } catch (ExecutionException e) {
                    failure = failure == null ? e.getCause() : failure;
                } catch (InterruptedException e) {
                    // the workers stop before their next batch; wait for them, so that none still runs a graph
                    // when the caller frees the copies or restores the native thread count
                    stop.set(true);
                    awaitUninterruptibly(workers);
                    Thread.currentThread().interrupt();
                    throw new CancellationException("interrupted while estimating log p(x)");
                }
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            if (failure != null) {
                throw new IllegalStateException(failure.getMessage(), failure);
            }
        } finally {
            pool.shutdownNow();
        }
        return Nd4j.createFromArray(posterior.result);
    }

    /** Waits for every worker to end, whatever it ended with, and keeps an interrupt for the caller to restore. */
    private static void awaitUninterruptibly(List<Future<?>> workers) {
        for (Future<?> worker : workers) {
            while (true) {
                try {
                    worker.get();
                    break;
                } catch (InterruptedException again) {
                    // interrupted once already: the caller re-sets the flag
                } catch (ExecutionException | CancellationException ended) {
                    break;
                }
            }
        }
    }

    /** Counts completed examples across workers and tells the progress, one update at a time. */
    private static final class Tally {
        private final Progress progress;
        private final int n;
        private final double[] result;
        private int done;
        private double sum;

        Tally(Progress progress, int n, double[] result) {
            this.progress = progress;
            this.n = n;
            this.result = result;
        }

        synchronized void completed(int from, int to) {
            for (int i = from; i < to; i++) {
                sum += result[i];
            }
            done += to - from;
            progress.update(done, n, sum / done);
        }
    }

    /** The posterior of every example and the data, read by every worker; the estimates, each written by one. */
    private static final class Posterior {
        final int n;
        final int k;
        final int latent;
        final long seed;
        final DataType dataType;
        final INDArray xs;
        final INDArray ys;
        final double[] mean;
        final double[] std;
        final double[] logVarSum;
        /** A full-covariance posterior's strictly lower Cholesky entries, row-major [n, latent, latent], or null. */
        final double[] lower;
        final double[] result;

        Posterior(GraphRunner runner, int latentSize, INDArray x, INDArray condition, int k, long seed) {
            this.k = k;
            this.seed = seed;
            this.latent = latentSize;
            dataType = runner.dataType();
            n = (int) x.rows();
            boolean full = runner.graph().hasVariable(VaeGraph.POSTERIOR_LOWER);
            String[] names = full
                    ? new String[] {VaeGraph.POSTERIOR_MEAN, VaeGraph.POSTERIOR_LOG_VARIANCE, VaeGraph.POSTERIOR_LOWER}
                    : new String[] {VaeGraph.POSTERIOR_MEAN, VaeGraph.POSTERIOR_LOG_VARIANCE};
            Map<String, INDArray> q = runner.runInChunks(x, VaeGraph.INPUT, (int) x.columns(), "x", condition,
                    null, names);
            lower = full ? doubles(q, VaeGraph.POSTERIOR_LOWER) : null;
            ys = condition == null ? null : condition.castTo(dataType).dup('c');
            xs = x.dataType() == dataType && !x.isView() ? x : x.castTo(dataType).dup('c');
            mean = doubles(q, VaeGraph.POSTERIOR_MEAN);
            double[] logVar = doubles(q, VaeGraph.POSTERIOR_LOG_VARIANCE);
            std = new double[logVar.length];
            logVarSum = new double[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < latent; j++) {
                    std[i * latent + j] = Math.exp(0.5 * logVar[i * latent + j]);
                    logVarSum[i] += logVar[i * latent + j];
                }
            }
            result = new double[n];
        }

        private static double[] doubles(Map<String, INDArray> q, String name) {
            return q.get(name).castTo(DataType.DOUBLE).dup('c').data().asDouble();
        }

        /**
         * Estimates examples {@code [from, to)} on one runner, batch by batch; {@code from} is a
         * multiple of {@link #examplesPerBatch}.
         *
         * @param stop checked before every batch: stops the work when set (another worker failed)
         */
        void run(GraphRunner runner, int from, int to, Tally tally, AtomicBoolean stop) {
            // The graph's inputs are filled in place, batch after batch: the same arrays every time, so the compiled
            // plan binds them once and nothing is allocated off-heap per batch (k = 5000 on 10,000 images is 10,000
            // batches; fresh arrays per batch grew the process by gigabytes before the garbage collector ran).
            Map<Integer, INDArray[]> buffers = new HashMap<>();
            int perBatch = examplesPerBatch(k);
            int splits = batchesPerExample(k);
            double logK = Math.log(k);
            double[] z = new double[ROWS * latent];
            double[] epsSquared = new double[ROWS];
            double[] eps = new double[latent];
            SplittableRandom random = null;
            for (int g = from; g < to && !stop.get(); g += perBatch) {
                int groupEnd = Math.min(to, g + perBatch);
                long pairs = (long) (groupEnd - g) * k;
                double[] max = new double[groupEnd - g];
                double[] sum = new double[groupEnd - g];
                Arrays.fill(max, Double.NEGATIVE_INFINITY);
                for (int part = 0; part < splits && !stop.get(); part++) {
                    long start = pairs * part / splits;
                    int rows = (int) (pairs * (part + 1) / splits - start);
                    int[] example = new int[rows];
                    for (int r = 0; r < rows; r++) {
                        int i = g + (int) ((start + r) / k);
                        example[r] = i;
                        if ((start + r) % k == 0) {
                            random = new SplittableRandom(exampleSeed(seed, i));
                        }
                        epsSquared[r] = draw(random, i, r, z, eps);
                    }
                    double[][] out = decode(runner, buffers, example, z, rows);
                    for (int r = 0; r < rows; r++) {
                        int i = example[r];
                        double logQ = DiagonalGaussianVariables.logDensityOfSample(logVarSum[i], epsSquared[r],
                                latent);
                        double logW = out[0][r] + out[1][r] - logQ;
                        int b = i - g;
                        if (logW > max[b]) {
                            sum[b] = sum[b] * Math.exp(max[b] - logW) + 1.0;
                            max[b] = logW;
                        } else {
                            sum[b] += Math.exp(logW - max[b]);
                        }
                    }
                }
                if (!stop.get()) {
                    for (int i = g; i < groupEnd; i++) {
                        result[i] = max[i - g] + Math.log(sum[i - g]) - logK;
                    }
                    tally.completed(g, groupEnd);
                }
            }
        }

        /** Runs the decoder on one batch: log p(x|z) and log p(z) per row. */
        private double[][] decode(GraphRunner runner, Map<Integer, INDArray[]> buffers, int[] example, double[] z,
                int rows) {
            INDArray[] in = buffers.computeIfAbsent(rows, b -> new INDArray[] {
                Nd4j.create(dataType, b, xs.columns()), Nd4j.create(dataType, b, latent),
                ys == null ? null : Nd4j.create(dataType, b, ys.columns())});
            Nd4j.pullRows(xs, in[0], 1, example);
            Map<String, INDArray> feed = new HashMap<>();
            feed.put(VaeGraph.INPUT, in[0]);
            feed.put(VaeGraph.LATENT, in[1]);
            if (ys != null) {
                feed.put(VaeGraph.CONDITION, Nd4j.pullRows(ys, in[2], 1, example));
            }
            fill(in[1], z, rows * latent);
            Map<String, INDArray> out = runner.execute(feed, VaeGraph.INPUT, VaeGraph.LATENT_LOG_LIKELIHOOD,
                    VaeGraph.LATENT_LOG_PRIOR);
            return new double[][] {out.get(VaeGraph.LATENT_LOG_LIKELIHOOD).toDoubleVector(),
                out.get(VaeGraph.LATENT_LOG_PRIOR).toDoubleVector()};
        }

        /**
         * Draws one sample of example i into row r of z: z = mu + sigma eps, plus B eps for a full-covariance
         * posterior, eps drawn in latent order (row-major, as Gaussians.sample draws).
         *
         * @return sum_j eps_j^2
         */
        private double draw(SplittableRandom random, int i, int r, double[] z, double[] eps) {
            double squares = 0;
            for (int j = 0; j < latent; j++) {
                double e = random.nextGaussian();
                eps[j] = e;
                squares += e * e;
                z[r * latent + j] = mean[i * latent + j] + std[i * latent + j] * e;
            }
            if (lower != null) { // z = mu + L eps: add the strictly lower part B eps
                int base = i * latent * latent;
                for (int j = 1; j < latent; j++) {
                    double offDiagonal = 0;
                    for (int c = 0; c < j; c++) {
                        offDiagonal += lower[base + j * latent + c] * eps[c];
                    }
                    z[r * latent + j] += offDiagonal;
                }
            }
            return squares;
        }

        /** Writes the first {@code count} values of z into a plain array of the graph's type, in place. */
        private void fill(INDArray target, double[] z, int count) {
            if (!HostArrays.isPlain(target)) {
                target.data().setData(Arrays.copyOf(z, count));
            } else if (dataType == DataType.DOUBLE) {
                DoubleBuffer d = HostArrays.doubles(target);
                d.put(0, z, 0, count);
            } else {
                FloatBuffer f = HostArrays.floats(target);
                for (int v = 0; v < count; v++) {
                    f.put(v, (float) z[v]);
                }
            }
        }
    }
}
