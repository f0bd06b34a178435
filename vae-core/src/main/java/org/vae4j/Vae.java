package org.vae4j;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.data.Dataset;
import org.vae4j.data.OneHot;
import org.vae4j.data.table.TablePreprocessing;
import org.vae4j.exec.GraphRunner;
import org.vae4j.exec.ImportanceSampling;
import org.vae4j.graph.VaeGraph;
import org.vae4j.io.ModelFormatException;
import org.vae4j.io.ModelWriteException;
import org.vae4j.io.UnsupportedFormatVersionException;

/**
 * A trained variational autoencoder: encodes data to its posterior, samples latent codes, decodes, reconstructs,
 * generates from the prior and scores data by its ELBO; saves itself to one file and loads back.
 *
 * <p>Models come from {@link VaeTrainer#fit}, {@link VaeTrainer#resume} or {@link #load(Path)}. Inputs are
 * {@code [n, inputSize]} arrays of any length: they are processed in chunks of {@link #CHUNK} examples. Random
 * draws come from generators seeded by the {@code seed} argument, so equal calls give equal results.
 *
 * <p><b>Threads.</b> Every method may be called from several threads at once. Calls on one model (and on the models
 * a training run hands to its listeners, which share one graph) run one at a time, each with its result when alone;
 * {@link #logLikelihood} and {@link #evaluate} share their importance sampling among {@link Backend#threads()} threads,
 * each on its own copy of the graph, with the same results. For other parallel inference, load the model per thread.
 *
 * <p>Besides its parameters, a model carries the optimizer state and the {@link TrainingHistory} of the run that
 * produced it, so that {@link VaeTrainer#resume} can continue that run exactly, also after {@link #save} and
 * {@link #load}.
 *
 * <p>A model trained with the {@link org.vae4j.objective.AutoencoderObjective} is a deterministic autoencoder in
 * the same class: {@link #sampleLatent} returns the encoder's mean, and {@link #elbo} and {@link #evaluate} give its
 * reconstruction log-likelihood with a KL of 0 (see {@link org.vae4j.objective.Objective#isLowerBound()}).
 */
public final class Vae {
    /** Examples per graph execution in inference methods. */
    public static final int CHUNK = GraphRunner.CHUNK;

    private final VaeConfig config;
    private final GraphRunner runner;
    private final Map<String, INDArray> optimizerState;
    private final TrainingHistory history;
    private final VaeExecution execution;
    /** How the input was made from raw data (a CSV table's), or null. */
    private final TablePreprocessing preprocessing;

    /**
     * @param config the configuration the graph was built from
     * @param runner runs the graph holding the parameters; shared by every model object on the same graph
     * @param optimizerState the optimizer's state arrays by parameter name (kept, not copied)
     * @param history the epochs that produced these parameters
     * @param preprocessing how the input is made from raw data, or null
     */
    Vae(VaeConfig config, GraphRunner runner, Map<String, INDArray> optimizerState, TrainingHistory history,
            TablePreprocessing preprocessing) {
        this.preprocessing = preprocessing;
        this.config = Objects.requireNonNull(config, "config");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.optimizerState = Objects.requireNonNull(optimizerState, "optimizerState");
        this.history = Objects.requireNonNull(history, "history");
        this.execution = new VaeExecution(config, runner);
    }

    /** The same model with a longer history (the trainer's view after each epoch). */
    Vae withHistory(TrainingHistory newHistory) {
        return new Vae(config, runner, optimizerState, newHistory, preprocessing);
    }

    /** @return the preprocessing fitted on the CSV table the model was trained on (kept in its model file), to read
     *     data to score with {@code CsvTable.read(file, vae.preprocessing().orElseThrow())}; else empty */
    public Optional<TablePreprocessing> preprocessing() {
        return Optional.ofNullable(preprocessing);
    }

    /** @param preprocessing a table preprocessing for {@link #save} to keep (the trainer attaches the training table's)
     * @return this model (sharing its graph and parameters) with it, or without one for null
     * @throws IllegalArgumentException if its width is not the model's {@code inputSize} */
    public Vae withPreprocessing(TablePreprocessing preprocessing) {
        return new Vae(config, runner, optimizerState, history, VaeFiles.checkWidth(preprocessing, config));
    }

    /** @return the live trainable parameters by name, in graph order */
    Map<String, INDArray> parameters() {
        return execution.parameters();
    }

    /** @return the live optimizer state arrays by parameter name */
    Map<String, INDArray> optimizerState() {
        return optimizerState;
    }

    /** @return the runner of the graph, shared by every model object on it */
    GraphRunner runner() {
        return runner;
    }

    /** @return the configuration the model was built from */
    public VaeConfig config() {
        return config;
    }

    /** @return the epochs that produced this model's parameters, from epoch 1 (also for a resumed run); empty for an
     *     untrained model */
    public TrainingHistory history() {
        return history;
    }

    /**
     * The underlying SameDiff graph, for advanced use (names in {@link VaeGraph}). Changing it changes the model.
     * Calls on the graph itself are not guarded: do not make them while another thread uses this model.
     *
     * @return the graph
     */
    public SameDiff graph() {
        return runner.graph();
    }

    /**
     * Encodes data to the posterior q(z|x).
     *
     * @param x data, shape {@code [n, inputSize]}
     * @return mean and log-variance, each {@code [n, latentSize]}
     * @throws IllegalArgumentException if {@code x} is not {@code [n, inputSize]}, or if this is a conditional VAE
     *     (use {@link #encode(INDArray, INDArray)})
     */
    public DiagonalGaussian encode(INDArray x) {
        return encode(x, null);
    }

    /**
     * Encodes data to the posterior q(z|x, y) of a conditional VAE.
     *
     * @param x data, shape {@code [n, inputSize]}
     * @param condition the condition of each example, {@code [n, conditionSize]} (e.g. {@code OneHot.encode(labels,
     *     10)}); null for an unconditional VAE
     * @return mean and log-variance, each {@code [n, latentSize]}
     * @throws IllegalArgumentException if a shape does not fit, or the condition is null for a conditional VAE or
     *     given for an unconditional one
     */
    public DiagonalGaussian encode(INDArray x, INDArray condition) {
        Map<String, INDArray> out = execution.run(x, condition, null, VaeGraph.POSTERIOR_MEAN,
                VaeGraph.POSTERIOR_LOG_VARIANCE);
        return new DiagonalGaussian(out.get(VaeGraph.POSTERIOR_MEAN), out.get(VaeGraph.POSTERIOR_LOG_VARIANCE));
    }

    /**
     * Draws one latent code per example from the posterior, z = mean + exp(logVar / 2) * eps.
     *
     * @param x data, shape {@code [n, inputSize]}
     * @param seed seeds eps
     * @return z, shape {@code [n, latentSize]}
     * @throws IllegalArgumentException if {@code x} is not {@code [n, inputSize]}, or if this is a conditional VAE
     */
    public INDArray sampleLatent(INDArray x, long seed) {
        return sampleLatent(x, null, seed);
    }

    /**
     * Draws one latent code per example from the posterior q(z|x, y) of a conditional VAE.
     *
     * @param x data, shape {@code [n, inputSize]}
     * @param condition {@code [n, conditionSize]}, or null for an unconditional VAE
     * @param seed seeds eps
     * @return z, shape {@code [n, latentSize]}
     * @throws IllegalArgumentException if a shape does not fit or the condition does not fit the model
     */
    public INDArray sampleLatent(INDArray x, INDArray condition, long seed) {
        return execution.run(x, condition, execution.gaussianNoise(seed), VaeGraph.Z).get(VaeGraph.Z);
    }

    /**
     * Decodes latent codes to the likelihood's mean (pixel intensities in [0, 1] for the Bernoulli likelihood).
     *
     * @param z latent codes, shape {@code [n, latentSize]}
     * @return the means, shape {@code [n, inputSize]}
     * @throws IllegalArgumentException if {@code z} is not {@code [n, latentSize]}, or if this is a conditional VAE
     */
    public INDArray decode(INDArray z) {
        return decode(z, null);
    }

    /**
     * Decodes latent codes with a condition: the mean of p(x|z, y) of a conditional VAE.
     *
     * @param z latent codes, shape {@code [n, latentSize]}
     * @param condition {@code [n, conditionSize]}, or null for an unconditional VAE
     * @return the means, shape {@code [n, inputSize]}
     * @throws IllegalArgumentException if a shape does not fit or the condition does not fit the model
     */
    public INDArray decode(INDArray z, INDArray condition) {
        GraphRunner.checkShape(z, config.latentSize(), "z");
        execution.checkCondition(condition, z.rows());
        return runner.runInChunks(z, VaeGraph.LATENT, config.latentSize(), "z", condition, null,
                VaeGraph.DECODED).get(VaeGraph.DECODED);
    }

    /**
     * Reconstructs data: decodes the posterior mean of each example (deterministic).
     *
     * @param x data, shape {@code [n, inputSize]}
     * @return reconstructions, shape {@code [n, inputSize]}
     * @throws IllegalArgumentException if {@code x} is not {@code [n, inputSize]}, or if this is a conditional VAE
     */
    public INDArray reconstruct(INDArray x) {
        return reconstruct(x, null);
    }

    /**
     * Reconstructs data with a condition: decodes the posterior mean of each example given its condition.
     *
     * @param x data, shape {@code [n, inputSize]}
     * @param condition {@code [n, conditionSize]}, or null for an unconditional VAE
     * @return reconstructions, shape {@code [n, inputSize]}
     * @throws IllegalArgumentException if a shape does not fit or the condition does not fit the model
     */
    public INDArray reconstruct(INDArray x, INDArray condition) {
        return decode(encode(x, condition).mean(), condition);
    }

    /** {@link #generate(int, long, GenerationMode)} with {@link GenerationMode#MEAN}: decoded means. */
    public INDArray generate(int n, long seed) {
        return generate(n, seed, GenerationMode.MEAN);
    }

    /**
     * Generates new examples: z ~ p(z), then the likelihood's mean given z or a draw from p(x|z). Needs no data.
     *
     * @param n how many, {@code > 0}
     * @param seed seeds the prior samples and the likelihood's draws
     * @param mode {@link GenerationMode#MEAN} (e.g. pixel probabilities) or {@link GenerationMode#SAMPLE}
     * @return the generated examples, shape {@code [n, inputSize]}
     * @throws IllegalArgumentException if {@code n <= 0}, or if this is a conditional VAE (use
     *     {@link #generate(INDArray, long, GenerationMode)})
     * @throws UnsupportedOperationException for SAMPLE if the likelihood cannot sample
     */
    public INDArray generate(int n, long seed, GenerationMode mode) {
        execution.checkCondition(null, n);
        return execution.generate(execution.samplePrior(n, seed), null, mode, seed);
    }

    /** @param n codes, {@code > 0} @param seed seeds them @return z ~ p(z), {@code [n, latentSize]}, for every prior
     *     (a learned one is sampled in the graph) @throws IllegalArgumentException if {@code n <= 0} */
    public INDArray samplePrior(int n, long seed) {
        return execution.samplePrior(n, seed);
    }

    /** {@link #generate(INDArray, long, GenerationMode)} with {@link GenerationMode#MEAN}: decoded means. */
    public INDArray generate(INDArray condition, long seed) {
        return generate(condition, seed, GenerationMode.MEAN);
    }

    /**
     * Generates one new example per condition from a conditional VAE: z ~ p(z), then the mean of p(x|z, y) or a draw
     * from it. With one-hot labels as the condition this draws examples of chosen classes, e.g.
     * {@code generate(OneHot.encode(new int[] {3, 3, 3}, 10), 42, GenerationMode.MEAN)} draws three 3s.
     *
     * @param condition the conditions, {@code [n, conditionSize]}
     * @param seed seeds the prior samples and the likelihood's draws
     * @param mode {@link GenerationMode#MEAN} or {@link GenerationMode#SAMPLE}
     * @return the generated examples, shape {@code [n, inputSize]}
     * @throws IllegalArgumentException if this is not a conditional VAE or the condition is not
     *     {@code [n, conditionSize]}
     */
    public INDArray generate(INDArray condition, long seed, GenerationMode mode) {
        execution.checkCondition(Objects.requireNonNull(condition, "condition"), condition.rows());
        return execution.generate(execution.samplePrior((int) condition.rows(), seed), condition, mode, seed);
    }

    /**
     * The ELBO of each example and its terms, with one posterior sample per example.
     *
     * @param x data, shape {@code [n, inputSize]}
     * @param seed seeds eps
     * @return per-example ELBO, log p(x|z) and KL, each {@code [n]}, in nats
     * @throws IllegalArgumentException if {@code x} is not {@code [n, inputSize]}, or if this is a conditional VAE
     */
    public ElboTerms elbo(INDArray x, long seed) {
        return elbo(x, null, seed);
    }

    /**
     * The ELBO of each example given its condition, log p(x|z, y) - KL(q(z|x, y) || p(z)), and its terms, with one
     * posterior sample per example: in expectation a lower bound on log p(x|y).
     *
     * @param x data, shape {@code [n, inputSize]}
     * @param condition {@code [n, conditionSize]}, or null for an unconditional VAE
     * @param seed seeds eps
     * @return per-example ELBO, log p(x|z) and KL, each {@code [n]}, in nats
     * @throws IllegalArgumentException if a shape does not fit or the condition does not fit the model
     */
    public ElboTerms elbo(INDArray x, INDArray condition, long seed) {
        Map<String, INDArray> out = execution.run(x, condition, execution.gaussianNoise(seed), VaeGraph.ELBO,
                VaeGraph.LOG_LIKELIHOOD, VaeGraph.KL);
        return new ElboTerms(out.get(VaeGraph.ELBO), out.get(VaeGraph.LOG_LIKELIHOOD),
                out.get(VaeGraph.KL));
    }

    /**
     * Importance-sampled estimate of log p(x) per example with k samples from the posterior: the IWAE bound of
     * Burda et al. 2016, eq. 8 (see {@link ImportanceSampling}). In expectation it is at most log p(x), grows with k
     * and equals the ELBO at k = 1 (one estimate can exceed log p(x)). Papers report its mean over the test set at
     * k = 5000 as the "test log-likelihood"; its negative is the NLL in nats.
     *
     * @param x data, shape {@code [n, inputSize]}
     * @param k importance samples per example, {@code >= 1}
     * @param seed seeds the samples
     * @return log p(x) estimates in nats, shape {@code [n]}, double precision
     * @throws IllegalArgumentException if {@code x} is not {@code [n, inputSize]} or {@code k < 1}, or if this is a
     *     conditional VAE
     */
    public INDArray logLikelihood(INDArray x, int k, long seed) {
        return logLikelihood(x, null, k, seed);
    }

    /**
     * Evaluates the model on a dataset: the mean ELBO and its terms, the KL per latent dimension and the active units
     * ({@link LatentDiagnostics}), and, if {@code importanceSamples > 0}, the mean importance-sampled estimate of
     * log p(x) ({@link #logLikelihood}). The ELBO uses one posterior sample per example (the objective's samples,
     * for an objective with several), drawn from {@code seed}; the estimate uses its own generator seeded from
     * {@code seed}.
     *
    * @param data the dataset, {@code [n, inputSize]}
     * @param importanceSamples k for the log-likelihood estimate (5000 is the usual figure), or 0 to skip it
     * @param seed seeds every draw
     * @return the figures
     * @throws IllegalArgumentException if the dataset's examples do not have {@code inputSize} features,
     *     {@code importanceSamples < 0}, or the model is conditional (conditioned on the dataset's one-hot labels)
     *     and the dataset has no labels or one outside {@code [0, conditionSize)}
     */
    public Evaluation evaluate(Dataset data, int importanceSamples, long seed) {
        return evaluate(data, importanceSamples, seed, EvaluationProgress.NONE);
    }

    /**
     * {@link #evaluate(Dataset, int, long)}, telling {@code progress} how far the importance-sampled estimate
     * has come (for a progress bar: k = 5000 on 10,000 images takes many minutes). The figures are the same.
     *
     * @param data the dataset, {@code [n, inputSize]}
     * @param importanceSamples k for the log-likelihood estimate, or 0 to skip it (then {@code progress} is not
     *     called)
     * @param seed seeds every draw
     * @param progress told, after every batch of (example, sample) pairs that completes an example, how many
     *     examples are done and their mean estimate so far
     * @return the figures
     * @throws IllegalArgumentException as {@link #evaluate(Dataset, int, long)}
     */
    public Evaluation evaluate(Dataset data, int importanceSamples, long seed, EvaluationProgress progress) {
        return execution.evaluate(data, importanceSamples, seed, progress);
    }

    /**
     * Importance-sampled estimate of log p(x|y) per example of a conditional VAE, as
     * {@link #logLikelihood(INDArray, int, long)} with the posterior q(z|x, y) as proposal.
     *
     * @param x data, shape {@code [n, inputSize]}
     * @param condition {@code [n, conditionSize]}, or null for an unconditional VAE
     * @param k importance samples per example, {@code >= 1}
     * @param seed seeds the samples
     * @return log p(x|y) estimates in nats, shape {@code [n]}, double precision
     * @throws IllegalArgumentException if a shape does not fit, the condition does not fit the model or
     *     {@code k < 1}
     */
    public INDArray logLikelihood(INDArray x, INDArray condition, int k, long seed) {
        return execution.logLikelihood(x, condition, k, seed);
    }

    /**
     * Writes the model to one file: its configuration, parameters, optimizer state and training history (format in
     * {@code docs/api-guide.md}, "Saving and loading"). The write is atomic: the file is written to a temporary file
     * in the same folder, forced to disk, then renamed over {@code file}, so a crash, a kill or a full disk at any
     * moment leaves either the old file or the new one, never a broken one. The folder is created if needed. The
     * usual extension is {@code .vae}.
     *
     * <p>Saving the same model twice gives the same bytes.
     *
     * @param file the file to write
     * @throws ModelWriteException naming the file if it cannot be written (folder not creatable or not writable, disk
     *     full) or the configuration cannot be written as JSON; an existing file is then left unchanged
     */
    public void save(Path file) throws ModelWriteException {
        save(file, UnaryOperator.identity());
    }

    /** {@link #save(Path)} with the file's output stream wrapped (tests inject failures through it). */
    void save(Path file, UnaryOperator<OutputStream> wrap) throws ModelWriteException {
        VaeFiles.save(this, file, wrap);
    }

    /**
     * Reads a model written by {@link #save(Path)}. Every entry of the file is checked (CRC-32 and SHA-256) before it
     * is parsed; the graph is rebuilt from the stored configuration and the stored parameters are set into it, so
     * the model encodes, decodes, generates and scores exactly (bit for bit) as the saved one did, and
     * {@link VaeTrainer#resume} can continue its training.
     *
     * <p>The configuration names the classes of its encoder, decoder, likelihood and prior: user-defined ones must
     * be on the class path. Load only files you trust, as you would run only code you trust.
     *
     * @param file the model file
     * @return the model
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws UnsupportedFormatVersionException if the file is of a format version this vae4j cannot read (a newer
     *     one)
     * @throws ModelFormatException naming the file if it is not a vae4j model, is truncated or corrupt, or does not
     *     fit its own configuration
     * @throws IOException if reading fails
     */
    public static Vae load(Path file) throws IOException {
        return VaeFiles.load(file);
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
     * @throws IllegalArgumentException if {@code x} is not {@code [n, inputSize]}, or if this is a conditional VAE
     */
    public INDArray reconstructionLogLikelihood(INDArray x) {
        return reconstructionLogLikelihood(x, null);
    }

    /**
     * As {@link #reconstructionLogLikelihood(INDArray)}, for a conditional VAE: log p(x | z = mean of q(z|x, y), y).
     *
     * @param x data, shape {@code [n, inputSize]}
     * @param condition {@code [n, conditionSize]}, or null for an unconditional VAE
     * @return log p(x|z = mean, y) per example in nats, shape {@code [n]}
     * @throws IllegalArgumentException if a shape does not fit or the condition does not fit the model
     */
    public INDArray reconstructionLogLikelihood(INDArray x, INDArray condition) {
        return execution.run(x, condition, execution.zeroNoise(), VaeGraph.LOG_LIKELIHOOD).get(VaeGraph.LOG_LIKELIHOOD);
    }
}
