package org.vae4j.gan;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.vae4j.exec.GraphRunner;
import org.vae4j.io.ModelFormatException;
import org.vae4j.io.ModelWriteException;
import org.vae4j.prior.Gaussians;
import org.vae4j.train.Optimizer;

/**
 * A trained (or freshly built) generative adversarial network: generates images from noise, scores images with its
 * discriminator, and saves itself with its optimizer state and history so that training can continue exactly
 * ({@link GanTrainer#resume}).
 *
 * <p>Thread-safe: executions of its graph hold the graph's lock.
 *
 * <pre>{@code
 * Gan gan = new GanTrainer(GanConfig.mlpMnist()).fit(Mnist.train());
 * INDArray images = gan.generate(64, 7);   // [64, 784] in [0, 1]
 * gan.save(Path.of("mnist.gan"));
 * }</pre>
 */
public final class Gan {
    /** Mixed into the configuration's seed for {@link #fixedNoise}. */
    private static final long FIXED_NOISE_SALT = 0x6A4E_F1DEL;

    private final GanConfig config;
    private final GraphRunner runner;
    private final Map<String, INDArray> optimizerState;
    private final GanHistory history;

    Gan(GanConfig config, GraphRunner runner, Map<String, INDArray> optimizerState, GanHistory history) {
        this.config = Objects.requireNonNull(config, "config");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.optimizerState = Collections.unmodifiableMap(optimizerState);
        this.history = Objects.requireNonNull(history, "history");
    }

    /** @return the configuration */
    public GanConfig config() {
        return config;
    }

    /** @return the epochs that produced the parameters */
    public GanHistory history() {
        return history;
    }

    GraphRunner runner() {
        return runner;
    }

    Gan withHistory(GanHistory newHistory) {
        return new Gan(config, runner, optimizerState, newHistory);
    }

    /**
     * Images from noise z ~ N(0, I) drawn from a generator seeded with {@code seed}.
     *
     * @param n images, {@code > 0}
     * @param seed the noise's seed: the same seed gives the same images
     * @return G(z), {@code [n, pixels]} in [0, 1]
     * @throws IllegalArgumentException if {@code n} is not positive
     */
    public INDArray generate(int n, long seed) {
        if (n <= 0) {
            throw new IllegalArgumentException("n must be positive, got " + n);
        }
        return generate(Gaussians.sample(n, config.latentSize(), new SplittableRandom(seed), config.dataType()));
    }

    /**
     * @param noise z, {@code [n, latentSize]}
     * @return G(z), {@code [n, pixels]} in [0, 1]
     * @throws IllegalArgumentException naming {@code noise} if its shape is not {@code [n, latentSize]}
     */
    public INDArray generate(INDArray noise) {
        return runner.runInChunksFeeding(noise, GanGraph.NOISE, config.latentSize(), "noise",
                null, null, GanGraph.GENERATED).get(GanGraph.GENERATED);
    }

    /**
     * The same noise every time for the same configuration (from its seed): grids generated from it after different
     * epochs show how the same z's images change.
     *
     * @param n rows, {@code > 0}
     * @return z, {@code [n, latentSize]}
     * @throws IllegalArgumentException if {@code n} is not positive
     */
    public INDArray fixedNoise(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("n must be positive, got " + n);
        }
        return Gaussians.sample(n, config.latentSize(), new SplittableRandom(config.seed() ^ FIXED_NOISE_SALT),
                config.dataType());
    }

    /**
     * The discriminator's judgement of images.
     *
     * @param images {@code [n, pixels]}
     * @return {@code [n]}: D(x) = sigmoid(logit), the probability that an image is real, for the non-saturating and
     *     minimax losses; the critic's value l(x) (unbounded, higher for more real) for WGAN-GP
     * @throws IllegalArgumentException naming {@code images} if its shape is not {@code [n, pixels]}
     */
    public INDArray discriminate(INDArray images) {
        INDArray logits = runner.runInChunksFeeding(images, GanGraph.REAL, config.pixels(),
                "images", null, null, GanGraph.LOGIT).get(GanGraph.LOGIT);
        return config.loss().isWasserstein() ? logits : Transforms.sigmoid(logits, false);
    }

    /** @return copies of every parameter by name ({@code generator/hidden0/W}, ...), in graph order */
    public Map<String, INDArray> parameters() {
        return runner.locked(() -> {
            Map<String, INDArray> out = new LinkedHashMap<>();
            for (SDVariable v : Optimizer.parameters(runner.graph())) {
                out.put(v.name(), v.getArr().dup());
            }
            return out;
        });
    }

    /** @return the live optimizer state arrays of both networks by parameter name */
    Map<String, INDArray> optimizerState() {
        return optimizerState;
    }

    /** @return the parameters' names of one network, in graph order */
    List<String> parameterNames(boolean generator) {
        return Optimizer.parameters(runner.graph()).stream().map(SDVariable::name)
                .filter(n -> generator ? GanGraph.isGenerator(n) : GanGraph.isDiscriminator(n)).toList();
    }

    /**
     * Writes the model (configuration, history, both networks' parameters and optimizer state) atomically, as a
     * checksummed vae4j model file ({@code org.vae4j.io.ModelFile}) whose configuration is a {@link GanConfig}.
     *
     * @param file the file; its folder is created if needed
     * @throws ModelWriteException naming the file if it cannot be written; an existing file is then unchanged
     */
    public void save(Path file) throws ModelWriteException {
        GanFiles.save(this, file);
    }

    /**
     * Reads a model written by {@link #save}.
     *
     * @param file the file
     * @return the model, with its optimizer state and history
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws ModelFormatException naming the file if it is not a GAN model file, is truncated or corrupt, or holds
     *     arrays that do not fit its configuration or are not finite
     * @throws IOException if reading fails
     */
    public static Gan load(Path file) throws IOException {
        return GanFiles.load(file);
    }

    @Override
    public String toString() {
        return "Gan[" + config.architecture() + ", " + config.loss() + ", latent " + config.latentSize() + ", "
                + history.epochs().size() + " epochs]";
    }
}
