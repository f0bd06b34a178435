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
import java.util.function.IntFunction;
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
 *
 * <p>A model trained with the {@link org.vae4j.objective.AutoencoderObjective} is a deterministic autoencoder in
 * the same class: {@link #sampleLatent} returns the encoder's mean, and {@link #elbo} and {@link #evaluate} give its
 * reconstruction log-likelihood with a KL of 0 (see {@link org.vae4j.objective.Objective#isLowerBound()}).
 */
public final class Vae {
    /** Examples per graph execution in inference methods. */
    public static final int CHUNK = 1000;

    private final VaeConfig config;
    private final SameDiff graph;

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
        return concat(run(x, gaussianNoise(seed), VaeGraph.Z), VaeGraph.Z);
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
            parts.add(graph.output(Map.of(VaeGraph.LATENT, chunk), VaeGraph.DECODED).get(VaeGraph.DECODED));
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
        List<Map<String, INDArray>> out = run(x, gaussianNoise(seed), VaeGraph.ELBO, VaeGraph.LOG_LIKELIHOOD,
                VaeGraph.KL);
        return new ElboTerms(concat(out, VaeGraph.ELBO), concat(out, VaeGraph.LOG_LIKELIHOOD),
                concat(out, VaeGraph.KL));
    }

    /**
     * How well each example is reconstructed from its posterior mean: log p(x | z = mean of q(z|x)), in nats, the
     * likelihood of the data under the decoder's output for the code {@link #reconstruct} decodes (no sampling).
     * For the Bernoulli likelihood this is minus the binary cross-entropy summed over pixels, so
     * {@code -reconstructionLogLikelihood(x)} is the usual "reconstruction error" and compares an autoencoder with
     * a VAE of the same architecture on equal terms. Computed in the training path with eps = 0, which makes
     * z = mean for every objective.
     *
     * @param x data, shape {@code [n, inputSize]}
     * @return log p(x|z = mean) per example in nats, shape {@code [n]}
     * @throws IllegalArgumentException if {@code x} is not {@code [n, inputSize]}
     */
    public synchronized INDArray reconstructionLogLikelihood(INDArray x) {
        IntFunction<INDArray> zeros = rows -> Nd4j.zeros(config.dataType(), rows, config.latentSize());
        return concat(run(x, zeros, VaeGraph.LOG_LIKELIHOOD), VaeGraph.LOG_LIKELIHOOD);
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

    /** eps ~ N(0, I) from a generator seeded with {@code seed}, one [rows, latentSize] block per chunk. */
    private IntFunction<INDArray> gaussianNoise(long seed) {
        RandomGenerator random = new SplittableRandom(seed);
        return rows -> Gaussians.sample(rows, config.latentSize(), random, config.dataType());
    }

    /** Runs the training-path graph on x in chunks; eps for a chunk of n rows is {@code noise.apply(n)} if given. */
    private List<Map<String, INDArray>> run(INDArray x, IntFunction<INDArray> noise, String... outputs) {
        checkShape(x, config.inputSize(), "x");
        INDArray xx = cast(x);
        List<Map<String, INDArray>> results = new ArrayList<>();
        for (long from = 0; from < xx.rows(); from += CHUNK) {
            INDArray chunk = rows(xx, from);
            Map<String, INDArray> feed = new HashMap<>();
            feed.put(VaeGraph.INPUT, chunk);
            if (noise != null) {
                feed.put(VaeGraph.NOISE, noise.apply((int) chunk.rows()));
            }
            results.add(graph.output(feed, outputs));
        }
        return results;
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
