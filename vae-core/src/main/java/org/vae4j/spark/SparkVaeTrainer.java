package org.vae4j.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.ConfigJson;
import org.vae4j.TrainingListener;
import org.vae4j.TrainingResult;
import org.vae4j.Vae;
import org.vae4j.VaeConfig;
import org.vae4j.VaeTrainer;
import org.vae4j.data.Dataset;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.InvalidDataException;
import org.vae4j.io.AtomicFiles;
import org.vae4j.io.ModelWriteException;
import org.vae4j.objective.AutoencoderObjective;
import org.vae4j.objective.ElboObjective;
import org.vae4j.objective.IwaeObjective;
import org.vae4j.objective.Objective;

/**
 * Trains a {@link Vae} on an Apache Spark cluster by synchronous data-parallel mini-batch steps, the way Spark
 * MLlib trains its own models: the driver keeps the parameters, the optimizer, the batch schedule (the same
 * shuffled global mini-batches of {@link VaeConfig#batchSize()} examples as {@link VaeTrainer#fit}) and the noise
 * eps; for every step it broadcasts the parameters, each partition computes the gradient of its share of the batch
 * with vae4j's compiled plan (one graph per executor JVM, cached), the driver adds the shares and applies the
 * configured optimizer. The result is therefore single-machine training with the same global batch: with one
 * partition, bit for bit {@link VaeTrainer#fit} on the same examples in the same order; with more, equal up to the
 * order in which floats are added.
 *
 * <p>Everything else is {@link VaeTrainer}'s, on the driver: the same configuration, listeners (epoch log,
 * {@code org.vae4j.Checkpointer}, run report), history, time limit and {@link #resume exact resume}; the model is an
 * ordinary {@link Vae}, saved by {@link Vae#save} into a file {@link Vae#load} reads.
 *
 * <p>The training set is an RDD of rows ({@code float[inputSize]}, e.g. pixels in [0, 1]), in a fixed order: example
 * i is the i-th row of the RDD (partition by partition). It is cached on the executors ({@code MEMORY_ONLY}); a lost
 * partition is recomputed from its lineage and the lost tasks retried by Spark, which does not change the result.
 * The driver also holds its first {@value VaeTrainer#DIAGNOSTIC_EXAMPLES} rows for the latent diagnostics.
 *
 * <p>Not supported (refused with an {@link IllegalArgumentException}): conditional VAEs, dynamic binarization,
 * {@code DOUBLE} models, and with more than one partition objectives whose loss is not a mean over examples (free
 * bits, the capacity objective, objectives of your own). Spark on Java 17 needs {@code --add-opens} JVM flags (docs/scaling.md).
 */
public final class SparkVaeTrainer {
    private final JavaSparkContext sc;
    private final VaeConfig config;
    private final List<TrainingListener> listeners;

    /**
     * @param sc the Spark context
     * @param config the model and training configuration
     * @throws IllegalArgumentException naming the field if the configuration asks for what this trainer does not do
     */
    public SparkVaeTrainer(JavaSparkContext sc, VaeConfig config) {
        this(sc, config, List.of());
    }

    private SparkVaeTrainer(JavaSparkContext sc, VaeConfig config, List<TrainingListener> listeners) {
        this.sc = Objects.requireNonNull(sc, "sc");
        this.config = Objects.requireNonNull(config, "config");
        this.listeners = List.copyOf(listeners);
        if (config.conditional()) {
            throw new IllegalArgumentException("VaeConfig.conditionSize: Spark training does not take conditional"
                    + " VAEs yet");
        }
        if (config.dynamicBinarization()) {
            throw new IllegalArgumentException("VaeConfig.dynamicBinarization: Spark training does not binarize"
                    + " batches yet; binarize the RDD's rows once, or train without it");
        }
        if (config.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("VaeConfig.dataType: Spark training sends FLOAT parameters and"
                    + " gradients; got " + config.dataType());
        }
    }

    /**
     * @param more listeners to notify on the driver, in order, after the epoch log and those already set
     * @return a trainer with these listeners added
     */
    public SparkVaeTrainer withListeners(TrainingListener... more) {
        List<TrainingListener> all = new ArrayList<>(listeners);
        all.addAll(List.of(more));
        return new SparkVaeTrainer(sc, config, all);
    }

    /**
     * Trains from freshly initialized parameters.
     *
     * @param train the training rows, {@code float[inputSize]} each, in a fixed order; no partition may be empty
     * @param validation a validation set on the driver, scored after each epoch, or null
     * @return the trained model and its history
     * @throws InvalidDataException naming the partition and row if a partition is empty, has rows of another width,
     *     or values outside the likelihood's range
     * @throws IllegalStateException naming the host if an executor cannot load ND4J's native backend, before training
     * @throws org.vae4j.train.TrainingDivergedException if the loss or a gradient becomes NaN or infinite
     */
    public TrainingResult fit(JavaRDD<float[]> train, Dataset validation) {
        return run(train, validation, null);
    }

    /**
     * Continues a run ({@link VaeTrainer#resume}) on the cluster: from a model or checkpoint file's parameters,
     * optimizer state and iteration count, ending bit for bit where an uninterrupted run with the same partitions
     * ends.
     *
     * @param from the model to continue
     * @param train the training rows the run used
     * @param validation the validation set, or null
     * @return the model after the remaining epochs and the whole history
     * @throws IllegalArgumentException if this trainer's configuration differs from the model's (epochs aside)
     * @throws InvalidDataException as {@link #fit}
     */
    public TrainingResult resume(Vae from, JavaRDD<float[]> train, Dataset validation) {
        return run(train, validation, Objects.requireNonNull(from, "from"));
    }

    /**
     * Trains as {@link #fit} and saves the model atomically (a temporary file renamed: no partial model file). The
     * folder is checked before training, so that a driver that cannot write it fails before the first step.
     *
     * @param train the training rows
     * @param validation the validation set, or null
     * @param modelFile where the model goes
     * @return the trained model and its history
     * @throws ModelWriteException naming the file if its folder cannot be created or written, before training, or
     *     if writing fails
     */
    public TrainingResult fitAndSave(JavaRDD<float[]> train, Dataset validation, Path modelFile)
            throws ModelWriteException {
        checkWritable(modelFile);
        TrainingResult result = fit(train, validation);
        result.model().save(modelFile);
        return result;
    }

    /**
     * @param file a file to be written
     * @throws ModelWriteException naming the file if its folder cannot be created or is not writable
     */
    static void checkWritable(Path file) throws ModelWriteException {
        try {
            AtomicFiles.createTemporary(file).toFile().delete();
        } catch (AtomicFiles.FolderException e) {
            throw new ModelWriteException(file, e.getMessage(), e);
        }
    }

    /**
     * Whether an objective's loss is the mean over the batch of one term per example, which data parallelism needs:
     * the ELBO (not with free bits, which clamp batch means), IWAE and the autoencoder; not the capacity objective
     * (|batch mean KL - C|), nor objectives this class does not know.
     */
    static boolean meanOverExamples(Objective objective) {
        return objective instanceof ElboObjective e && e.freeBits() == 0 || objective instanceof IwaeObjective
                || objective instanceof AutoencoderObjective;
    }

    private TrainingResult run(JavaRDD<float[]> train, Dataset validation, Vae from) {
        Objects.requireNonNull(train, "train");
        String json = ConfigJson.write(config);
        JavaRDD<Block> blocks = train.mapPartitionsWithIndex(
                (p, rows) -> List.of(Block.of(p, rows)).iterator(), true).persist(StorageLevel.MEMORY_ONLY());
        try {
            List<String> faults = blocks.map(b -> {
                String fault = ExecutorGraphs.check(json, b);
                return fault == null ? b.rows + "" : "!" + fault;
            }).collect();
            long[] starts = new long[faults.size()];
            long n = 0;
            for (int p = 0; p < faults.size(); p++) {
                String f = faults.get(p);
                if (f.startsWith("!" + ExecutorGraphs.EXECUTOR_FAULT)) {
                    throw new IllegalStateException(f.substring(1 + ExecutorGraphs.EXECUTOR_FAULT.length()));
                }
                if (f.startsWith("!")) {
                    throw new InvalidDataException("training partition " + p, -1, f.substring(1));
                }
                starts[p] = n;
                n += Long.parseLong(f);
            }
            if (n == 0) {
                throw new InvalidDataException("training set", -1, "the training RDD has no rows");
            }
            if (faults.size() > 1 && !meanOverExamples(config.objective())) {
                throw new IllegalArgumentException("VaeConfig.objective: the loss of " + config.objective()
                        + " is not a mean over examples (it holds a batch mean inside a nonlinear function), so the"
                        + " partitions' gradients do not add up to the batch's; train it with one partition, or use"
                        + " ElboObjective without free bits, IwaeObjective or AutoencoderObjective");
            }
            if (n > Integer.MAX_VALUE) {
                throw new InvalidDataException("training set", -1, "the training set has " + n
                        + " examples; at most " + Integer.MAX_VALUE);
            }
            List<float[]> first = train.take(VaeTrainer.DIAGNOSTIC_EXAMPLES);
            float[][] rows = first.toArray(new float[0][]);
            ImageDataset head = ImageDataset.of(Nd4j.create(rows), null, config.inputShape());
            VaeTrainer trainer = new VaeTrainer(config)
                    .withListeners(listeners.toArray(new TrainingListener[0]))
                    .withBatchGradients(new SparkGradients(sc, blocks, starts, json));
            DriverView view = new DriverView((int) n, config.inputShape(), head);
            return from == null ? trainer.fit(view, validation) : trainer.resume(from, view, validation);
        } finally {
            blocks.unpersist(false);
        }
    }
}
