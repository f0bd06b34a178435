package org.vae4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import java.util.random.RandomGenerator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.data.Dataset;
import org.vae4j.data.OneHot;
import org.vae4j.exec.GraphRunner;
import org.vae4j.exec.ImportanceSampling;
import org.vae4j.graph.VaeGraph;
import org.vae4j.prior.Gaussians;

/**
 * Runs a model's graph for {@link Vae}'s methods: checks the inputs and the condition against the configuration,
 * draws the noise, feeds the training path in chunks, and computes {@link Vae#evaluate}'s figures.
 */
final class VaeExecution {
    private static final Logger log = LoggerFactory.getLogger(VaeExecution.class);
    private final VaeConfig config;
    private final GraphRunner runner;

    VaeExecution(VaeConfig config, GraphRunner runner) {
        this.config = config;
        this.runner = runner;
    }

    /** See {@link Vae#evaluate(Dataset, int, long, EvaluationProgress)}. */
    Evaluation evaluate(Dataset data, int importanceSamples, long seed, EvaluationProgress progress) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(progress, "progress");
        if (importanceSamples < 0) {
            throw new IllegalArgumentException("importanceSamples must be >= 0, got " + importanceSamples);
        }
        long started = System.nanoTime();
        INDArray x = data.features();
        INDArray condition = condition(data, "dataset");
        List<String> termNames = config.objective().samplesPerExample() == 1 ? config.likelihood().termNames()
                : List.of();
        List<String> outputs = new java.util.ArrayList<>(List.of(VaeGraph.ELBO, VaeGraph.LOG_LIKELIHOOD, VaeGraph.KL,
                VaeGraph.KL_PER_DIMENSION, VaeGraph.POSTERIOR_MEAN));
        termNames.forEach(name -> outputs.add(VaeGraph.logLikelihoodTerm(name)));
        Map<String, INDArray> out = run(x, condition, gaussianNoise(seed), outputs.toArray(new String[0]));
        Map<String, Double> terms = new java.util.LinkedHashMap<>();
        for (String name : termNames) {
            terms.put(name, out.get(VaeGraph.logLikelihoodTerm(name)).castTo(DataType.DOUBLE)
                    .meanNumber().doubleValue());
        }
        int n = (int) x.rows();
        ElboSummary elbo = new ElboTerms(out.get(VaeGraph.ELBO), out.get(VaeGraph.LOG_LIKELIHOOD),
                out.get(VaeGraph.KL)).summary();
        double[] klPerDimension = out.get(VaeGraph.KL_PER_DIMENSION).castTo(DataType.DOUBLE).mean(0)
                .toDoubleVector();
        double[] meanVariance = out.get(VaeGraph.POSTERIOR_MEAN).castTo(DataType.DOUBLE).var(false, 0)
                .toDoubleVector();
        LatentDiagnostics latent = LatentDiagnostics.of(klPerDimension, meanVariance);
        double logLikelihood = Double.NaN;
        double isSeconds = 0;
        if (importanceSamples > 0) {
            long isStarted = System.nanoTime();
            logLikelihood = importanceSampling(x, condition, importanceSamples,
                    new SplittableRandom(seed).split().nextLong(), progress::update).meanNumber().doubleValue();
            isSeconds = (System.nanoTime() - isStarted) / 1e9;
        }
        return new Evaluation(n, elbo, latent, importanceSamples, logLikelihood,
                (System.nanoTime() - started) / 1e9, isSeconds, terms);
    }

    /**
     * Decodes latent codes to the likelihood's mean, or draws x ~ p(x|z) with noise from a generator seeded by
     * {@code seed} (split from the prior's, so the codes and the draws are independent).
     *
     * @param z latent codes, {@code [n, latentSize]}
     * @param condition {@code [n, conditionSize]} or null
     * @param mode mean or sample
     * @param seed seeds the noise of SAMPLE
     * @return {@code [n, inputSize]}
     * @throws UnsupportedOperationException for SAMPLE if the likelihood cannot sample
     */
    INDArray generate(INDArray z, INDArray condition, GenerationMode mode, long seed) {
        Objects.requireNonNull(mode, "mode");
        if (mode == GenerationMode.MEAN) {
            return runner.runInChunks(z, VaeGraph.LATENT, config.latentSize(), "z", condition, null,
                    VaeGraph.DECODED).get(VaeGraph.DECODED);
        }
        if (!runner.graph().hasVariable(VaeGraph.DECODED_SAMPLE)) {
            throw new UnsupportedOperationException("the likelihood " + config.likelihood() + " cannot sample from"
                    + " p(x|z): use GenerationMode.MEAN");
        }
        RandomGenerator random = new SplittableRandom(seed).split();
        int inputSize = config.inputSize();
        return runner.runInChunksFeeding(z, VaeGraph.LATENT, config.latentSize(), "z", condition,
                rows -> {
                    // drawn in this order per chunk: the uniforms, then the Gaussians
                    INDArray u = uniform(rows, inputSize, random);
                    return Map.of(VaeGraph.OBSERVATION_UNIFORM, u,
                            VaeGraph.OBSERVATION_NOISE, Gaussians.sample(rows, inputSize, random, config.dataType()));
                }, VaeGraph.DECODED_SAMPLE).get(VaeGraph.DECODED_SAMPLE);
    }

    /** U(0, 1) noise in the model's data type, {@code [rows, columns]}: open at 0, so log u is finite (Gumbel-max). */
    private INDArray uniform(int rows, int columns, RandomGenerator random) {
        double[] u = new double[rows * columns];
        for (int i = 0; i < u.length; i++) {
            u[i] = random.nextDouble(Double.MIN_VALUE, 1.0);
        }
        return Nd4j.create(u, new long[] {rows, columns}, DataType.DOUBLE).castTo(config.dataType());
    }

    /** @return the live trainable parameters by name, in graph order */
    Map<String, INDArray> parameters() {
        Map<String, INDArray> params = new java.util.LinkedHashMap<>();
        for (org.nd4j.autodiff.samediff.SDVariable v : org.vae4j.train.Optimizer.parameters(runner.graph())) {
            params.put(v.name(), v.getArr());
        }
        return params;
    }

    /** See {@link Vae#logLikelihood(INDArray, INDArray, int, long)}. */
    INDArray logLikelihood(INDArray x, INDArray condition, int k, long seed) {
        GraphRunner.checkShape(x, config.inputSize(), "x");
        checkCondition(condition, x.rows());
        return importanceSampling(x, condition, k, seed, ImportanceSampling.Progress.NONE);
    }

    /**
     * The importance-sampled estimate on {@link Backend#threads()} Java threads, each with its own copy of the graph
     * and one native thread (one thread if there is less than {@link #MIN_PAIRS_PER_THREAD} pairs per thread); the
     * result is the same for any count.
     */
    INDArray importanceSampling(INDArray x, INDArray condition, int k, long seed,
            ImportanceSampling.Progress progress) {
        int workers = workers(Backend.threads(), x.rows(), k);
        if (workers == 1) {
            return ImportanceSampling.estimate(List.of(runner), config.latentSize(), x, condition, k, seed, progress);
        }
        log.info("log p(x) with k = {} on {} examples: {} threads, each with its own copy of the model and one native"
                + " thread (Backend.setThreads or --threads sets the count)", k, x.rows(), workers);
        List<GraphRunner> runners = new ArrayList<>(List.of(runner));
        for (int w = 1; w < workers; w++) {
            runners.add(VaeFiles.copyGraph(config, runner));
        }
        return Backend.withOneNativeThread(() -> ImportanceSampling.estimate(runners, config.latentSize(), x,
                condition, k, seed, progress));
    }

    /** (example, sample) pairs each thread must have for the work to be shared: two batches. */
    static final long MIN_PAIRS_PER_THREAD = 2L * ImportanceSampling.ROWS;

    /**
     * @param threads the configured thread count
     * @param n examples
     * @param k samples per example
     * @return the threads to estimate on: at most one per example, and with {@link #MIN_PAIRS_PER_THREAD} pairs each
     */
    static int workers(int threads, long n, int k) {
        long byWork = Math.max(1, n * k / MIN_PAIRS_PER_THREAD);
        return (int) Math.max(1, Math.min(Math.min(threads, n), byWork));
    }

    /** z ~ p(z): {@code [n, latentSize]}; a learned prior is sampled in the graph from host-drawn noise. */
    INDArray samplePrior(int n, long seed) {
        if (n <= 0) {
            throw new IllegalArgumentException("n must be positive, got " + n);
        }
        RandomGenerator random = new SplittableRandom(seed);
        if (!config.prior().hasLearnedParameters()) {
            return config.prior().sample(n, config.latentSize(), random, config.dataType());
        }
        int k = config.prior().mixtureComponents();
        List<INDArray> parts = new java.util.ArrayList<>();
        for (int from = 0; from < n; from += GraphRunner.CHUNK) {
            int rows = Math.min(GraphRunner.CHUNK, n - from);
            INDArray u = uniform(rows, k, random); // drawn before the Gaussians
            Map<String, INDArray> feed = new java.util.HashMap<>();
            feed.put(VaeGraph.PRIOR_NOISE, Gaussians.sample(rows, config.latentSize(), random, config.dataType()));
            feed.put(VaeGraph.PRIOR_UNIFORM, u);
            parts.add(runner.execute(feed, VaeGraph.PRIOR_NOISE, VaeGraph.PRIOR_SAMPLE).get(VaeGraph.PRIOR_SAMPLE));
        }
        return parts.size() == 1 ? parts.get(0) : Nd4j.concat(0, parts.toArray(new INDArray[0]));
    }

    /**
     * The condition a conditional VAE gets for a dataset: its one-hot labels; null for an unconditional VAE.
     *
     * @param data the dataset
     * @param what names the data in messages
     * @return {@code [n, conditionSize]} or null
     */
    INDArray condition(Dataset data, String what) {
        return config.conditional() ? OneHot.of(data, config.conditionSize(), what) : null;
    }

    /**
     * eps ~ N(0, I) from a generator seeded with {@code seed}: for a chunk of n examples, one
     * {@code [samples * n, latentSize]} block, with the objective's samples per example.
     */
    IntFunction<INDArray> gaussianNoise(long seed) {
        RandomGenerator random = new SplittableRandom(seed);
        int samples = config.objective().samplesPerExample();
        return rows -> Gaussians.sample(samples * rows, config.latentSize(), random, config.dataType());
    }

    /** Runs the training-path graph on x in chunks; eps for a chunk of n rows is {@code noise.apply(n)} if given. */
    Map<String, INDArray> run(INDArray x, INDArray condition, IntFunction<INDArray> noise,
            String... outputs) {
        GraphRunner.checkShape(x, config.inputSize(), "x");
        checkCondition(condition, x.rows());
        return runner.runInChunks(x, VaeGraph.INPUT, config.inputSize(), "x", condition, noise, outputs);
    }

    /** eps = 0 for every example and sample, which makes z the posterior mean. */
    IntFunction<INDArray> zeroNoise() {
        int samples = config.objective().samplesPerExample();
        return rows -> Nd4j.zeros(config.dataType(), samples * rows, config.latentSize());
    }

    /**
     * A condition must be given, {@code [rows, conditionSize]}, exactly when the model is conditional.
     *
     * @throws IllegalArgumentException saying which
     */
    void checkCondition(INDArray condition, long rows) {
        if (condition == null) {
            if (config.conditional()) {
                throw new IllegalArgumentException("this model is a conditional VAE (conditionSize "
                        + config.conditionSize() + "): pass the condition of each example, [n, "
                        + config.conditionSize() + "], e.g. OneHot.encode(labels, " + config.conditionSize() + ")");
            }
            return;
        }
        if (!config.conditional()) {
            throw new IllegalArgumentException("this model is not a conditional VAE (conditionSize 0): call the method"
                    + " without a condition");
        }
        GraphRunner.checkShape(condition, config.conditionSize(), "condition");
        if (condition.rows() != rows) {
            throw new IllegalArgumentException("condition has " + condition.rows() + " rows but the input has " + rows);
        }
    }
}
