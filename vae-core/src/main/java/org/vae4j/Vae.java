package org.vae4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.data.ImageDataset;
import org.vae4j.prior.Gaussians;

/**
 * A trained variational autoencoder: encodes data to its posterior, samples latent codes, decodes, reconstructs,
 * generates from the prior and scores data by its ELBO.
 *
 * <p>Models come from {@link VaeTrainer#fit}. Inputs are {@code [n, inputSize]} arrays of any length: they are
 * processed in chunks of {@link #CHUNK} examples. Methods are {@code synchronized}: calls from several threads
 * are safe and run one at a time. Random draws come from generators seeded by the {@code seed} argument, so equal
 * calls give equal results.
 */
public final class Vae {
    /** Examples per graph execution in inference methods. */
    public static final int CHUNK = 1000;

    private final VaeConfig config;
    private final SameDiff graph;
    private final Map<List<String>, CompiledStep> plans = new HashMap<>();

    Vae(VaeConfig config, SameDiff graph) {
        this.config = Objects.requireNonNull(config, "config");
        this.graph = Objects.requireNonNull(graph, "graph");
    }

    /** @return the configuration the model was built from */
    public VaeConfig config() {
        return config;
    }

    /**
     * The underlying SameDiff graph, for advanced use (names in {@link VaeGraph}). Changing it changes the model.
     *
     * @return the graph
     */
    public SameDiff graph() {
        return graph;
    }

    /**
     * Encodes data to the posterior q(z|x).
     *
     * @param x data, shape {@code [n, inputSize]}
     * @return mean and log-variance, each {@code [n, latentSize]}
     * @throws IllegalArgumentException if {@code x} is not {@code [n, inputSize]}
     */
    public synchronized DiagonalGaussian encode(INDArray x) {
        List<Map<String, INDArray>> out = run(x, null, VaeGraph.POSTERIOR_MEAN, VaeGraph.POSTERIOR_LOG_VARIANCE);
        return new DiagonalGaussian(concat(out, VaeGraph.POSTERIOR_MEAN), concat(out, VaeGraph.POSTERIOR_LOG_VARIANCE));
    }

    /**
     * Draws one latent code per example from the posterior, z = mean + exp(logVar / 2) * eps.
     *
     * @param x data, shape {@code [n, inputSize]}
     * @param seed seeds eps
     * @return z, shape {@code [n, latentSize]}
     * @throws IllegalArgumentException if {@code x} is not {@code [n, inputSize]}
     */
    public synchronized INDArray sampleLatent(INDArray x, long seed) {
        return concat(run(x, new SplittableRandom(seed), VaeGraph.Z), VaeGraph.Z);
    }

    /**
     * Decodes latent codes to the likelihood's mean (pixel intensities in [0, 1] for the Bernoulli likelihood).
     *
     * @param z latent codes, shape {@code [n, latentSize]}
     * @return the means, shape {@code [n, inputSize]}
     * @throws IllegalArgumentException if {@code z} is not {@code [n, latentSize]}
     */
    public synchronized INDArray decode(INDArray z) {
        checkShape(z, config.latentSize(), "z");
        INDArray zz = cast(z);
        List<INDArray> parts = new ArrayList<>();
        for (long from = 0; from < zz.rows(); from += CHUNK) {
            INDArray chunk = rows(zz, from);
            parts.add(execute(Map.of(VaeGraph.LATENT, chunk), VaeGraph.LATENT, VaeGraph.DECODED).get(VaeGraph.DECODED));
        }
        return parts.size() == 1 ? parts.get(0) : Nd4j.concat(0, parts.toArray(INDArray[]::new));
    }

    /**
     * Reconstructs data: decodes the posterior mean of each example (deterministic).
     *
     * @param x data, shape {@code [n, inputSize]}
     * @return reconstructions, shape {@code [n, inputSize]}
     * @throws IllegalArgumentException if {@code x} is not {@code [n, inputSize]}
     */
    public synchronized INDArray reconstruct(INDArray x) {
        return decode(encode(x).mean());
    }

    /**
     * Generates new examples: z ~ p(z), then the likelihood's mean given z. Needs no input data.
     *
     * @param n how many, {@code > 0}
     * @param seed seeds the prior samples
     * @return the generated examples, shape {@code [n, inputSize]}
     * @throws IllegalArgumentException if {@code n <= 0}
     */
    public synchronized INDArray generate(int n, long seed) {
        if (n <= 0) {
            throw new IllegalArgumentException("n must be positive, got " + n);
        }
        INDArray z = config.prior().sample(n, config.latentSize(), new SplittableRandom(seed), config.dataType());
        return decode(z);
    }

    /**
     * The ELBO of each example and its terms, with one posterior sample per example.
     *
     * @param x data, shape {@code [n, inputSize]}
     * @param seed seeds eps
     * @return per-example ELBO, log p(x|z) and KL, each {@code [n]}, in nats
     * @throws IllegalArgumentException if {@code x} is not {@code [n, inputSize]}
     */
    public synchronized ElboTerms elbo(INDArray x, long seed) {
        List<Map<String, INDArray>> out = run(x, new SplittableRandom(seed), VaeGraph.ELBO, VaeGraph.LOG_LIKELIHOOD,
                VaeGraph.KL);
        return new ElboTerms(concat(out, VaeGraph.ELBO), concat(out, VaeGraph.LOG_LIKELIHOOD),
                concat(out, VaeGraph.KL));
    }

    /**
     * Importance-sampled estimate of log p(x) per example with k samples from the posterior: the IWAE bound of
     * Burda et al. 2016, eq. 8 (see {@link ImportanceSampling}). It is at most log p(x), grows with k in expectation,
     * and agrees with the ELBO in expectation at k = 1. Papers report its mean over the test set at k = 5000 as
     * the "test log-likelihood"; its negative is the NLL in nats.
     *
     * @param x data, shape {@code [n, inputSize]}
     * @param k importance samples per example, {@code >= 1}
     * @param seed seeds the samples
     * @return log p(x) estimates in nats, shape {@code [n]}, double precision
     * @throws IllegalArgumentException if {@code x} is not {@code [n, inputSize]} or {@code k < 1}
     */
    public synchronized INDArray logLikelihood(INDArray x, int k, long seed) {
        checkShape(x, config.inputSize(), "x");
        return ImportanceSampling.estimate(this, x, k, seed);
    }

    /**
     * The mean ELBO and its terms over a dataset, one posterior sample per example.
     *
     * @param data the dataset
     * @param seed seeds eps
     * @return means in nats per example
     * @throws IllegalArgumentException if the dataset's examples do not have {@code inputSize} features
     */
    public synchronized ElboSummary evaluate(ImageDataset data, long seed) {
        return elbo(data.features(), seed).summary();
    }

    /**
     * Writes the model's graph and parameters (SameDiff's format) to a file, atomically: to a temporary file in the
     * same folder, then renamed over {@code file}, so an interrupted save leaves the old file intact. The
     * configuration is not stored: load with {@link #load(Path, VaeConfig)} and the same configuration.
     *
     * @param file the file to write; its folder is created if needed
     * @throws IOException naming the file if it cannot be written
     */
    public synchronized void save(Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            graph.save(temp.toFile(), false);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (RuntimeException e) {
            throw new IOException("Cannot write model file " + target + ": " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Reads a model written by {@link #save(Path)}.
     *
     * @param file the model file
     * @param config the configuration the model was trained with
     * @return the model
     * @throws IOException naming the file if it is missing or cannot be read as a model of that configuration
     */
    public static Vae load(Path file, VaeConfig config) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.io.FileNotFoundException("Model file not found: " + file.toAbsolutePath());
        }
        SameDiff graph;
        try {
            graph = SameDiff.load(file.toFile(), false);
        } catch (RuntimeException e) {
            throw new IOException("Cannot read model file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        for (String name : List.of(VaeGraph.INPUT, VaeGraph.LATENT, VaeGraph.DECODED, VaeGraph.ELBO)) {
            if (!graph.hasVariable(name)) {
                throw new IOException("Model file " + file.toAbsolutePath() + " is not a vae4j model (no '" + name
                        + "' in its graph)");
            }
        }
        return new Vae(config, graph);
    }

    /** Runs the training-path graph on x in chunks; eps is drawn from {@code noise} if given. */
    private List<Map<String, INDArray>> run(INDArray x, RandomGenerator noise, String... outputs) {
        checkShape(x, config.inputSize(), "x");
        INDArray xx = cast(x);
        List<Map<String, INDArray>> results = new ArrayList<>();
        for (long from = 0; from < xx.rows(); from += CHUNK) {
            INDArray chunk = rows(xx, from);
            Map<String, INDArray> feed = new HashMap<>();
            feed.put(VaeGraph.INPUT, chunk);
            if (noise != null) {
                feed.put(VaeGraph.NOISE, Gaussians.sample((int) chunk.rows(), config.latentSize(), noise,
                        config.dataType()));
            }
            results.add(execute(feed, VaeGraph.INPUT, outputs));
        }
        return results;
    }

    /**
     * Runs the graph for {@code outputs} through a plan compiled on first use (see {@link CompiledStep}) and
     * returns copies of the outputs, which the caller may keep.
     */
    Map<String, INDArray> execute(Map<String, INDArray> feed, String batchPlaceholder, String... outputs) {
        CompiledStep plan = plans.computeIfAbsent(List.of(outputs),
                o -> new CompiledStep(graph, o, batchPlaceholder));
        Map<String, INDArray> out = new HashMap<>();
        plan.execute(feed).forEach((name, array) -> out.put(name, array.dup()));
        return out;
    }

    private static INDArray rows(INDArray a, long from) {
        long to = Math.min(a.rows(), from + CHUNK);
        return from == 0 && to == a.rows() ? a : a.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
    }

    private static INDArray concat(List<Map<String, INDArray>> parts, String name) {
        if (parts.size() == 1) {
            return parts.get(0).get(name);
        }
        return Nd4j.concat(0, parts.stream().map(m -> m.get(name)).toArray(INDArray[]::new));
    }

    private INDArray cast(INDArray a) {
        return a.dataType() == config.dataType() ? a : a.castTo(config.dataType());
    }

    private static void checkShape(INDArray a, int columns, String name) {
        Objects.requireNonNull(a, name);
        if (a.rank() != 2 || a.columns() != columns || a.rows() == 0) {
            throw new IllegalArgumentException(name + " must have shape [n, " + columns + "] with n > 0, got "
                    + java.util.Arrays.toString(a.shape()));
        }
    }
}
