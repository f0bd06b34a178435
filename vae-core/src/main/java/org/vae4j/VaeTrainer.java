package org.vae4j;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.data.Dataset;
import org.vae4j.data.table.TableDataset;
import org.vae4j.data.table.TablePreprocessing;
import org.vae4j.data.InvalidDataException;
import org.vae4j.exec.GraphRunner;
import org.vae4j.graph.VaeGraph;
import org.vae4j.train.BatchGradients;
import org.vae4j.train.DataChecks;
import org.vae4j.train.EpochLoop;
import org.vae4j.train.Optimizer;
import org.vae4j.train.PriorInitialization;
import org.vae4j.train.RandomStreams;
import org.vae4j.train.TimeLimit;
import org.vae4j.train.TrainingDivergedException;

/**
 * Trains a {@link Vae} by maximizing the configuration's {@link org.vae4j.objective.Objective} with mini-batch
 * stochastic gradients (Kingma &amp; Welling 2014, algorithm 1): for each shuffled mini-batch, draw eps ~ N(0, I)
 * on the host (if the objective samples), compute the loss (for the ELBO, mean(beta * KL - log p(x|z))) and its
 * gradients in one execution of the SameDiff graph's gradient function, and apply the configured optimizer to every
 * parameter the loss depends on. The execution follows a plan compiled once per run ({@code ExecutionPlan}): the
 * same ops SameDiff would run, without its per-call session bookkeeping.
 *
 * <p>The figures it reports are computed in that same execution, not taken from SameDiff's {@code fit()}, whose
 * reported loss is 0 in 1.0.0-M2.1. After each epoch it logs one line, for example
 * {@code Epoch 3 (11.2s): Lower bound = -112.0312, log p(x|z) = -89.7310, KL = 22.3002}, and, with a validation
 * set, a second line with the same figures on it. For an objective that is not a lower bound (the
 * {@link org.vae4j.objective.AutoencoderObjective}) the line gives only what it maximizes:
 * {@code Epoch 3 (28.6s): Reconstruction log p(x|z) = -75.1088 (autoencoder objective: no KL term, not a bound)}.
 *
 * <p>A conditional VAE ({@link VaeConfig#conditionSize()} &gt; 0) is fed each batch's one-hot labels as the
 * condition y; the training and validation sets must then have labels in {@code [0, conditionSize)}.
 *
 * <p>Randomness: the configuration's seed gives the initial parameters, and with the epoch number each epoch's
 * shuffle and noise (see {@code RandomStreams}), so the same configuration and data replay the same run bit for bit
 * on the same machine and thread count, and a run {@linkplain #resume resumed} after epoch k ends with the same
 * parameters as an uninterrupted one.
 *
 * <p>Failures: data is checked before the first update ({@link InvalidDataException}); a NaN or infinite loss or
 * gradient stops the run at the iteration it appears, before that iteration's update, with a
 * {@link TrainingDivergedException}. Checkpoints are written by a {@link Checkpointer} listener.
 *
 * <pre>{@code
 * VaeConfig config = VaeConfig.builder(784, 20).epochs(10).build();
 * TrainingResult result = new VaeTrainer(config).fit(Mnist.train(), Mnist.test());
 * INDArray samples = result.model().generate(64, 42);
 * }</pre>
 */
public final class VaeTrainer {
    private static final Logger log = LoggerFactory.getLogger(VaeTrainer.class);

    /** Seed of the eps draws used for validation, so that every epoch is scored on the same noise. */
    public static final long VALIDATION_SEED = 0x5EEDL;

    /** Training examples the latent diagnostics are computed on when there is no validation set. */
    public static final int DIAGNOSTIC_EXAMPLES = 10_000;

    private final VaeConfig config;
    private final List<TrainingListener> listeners;
    private final TimeLimit timeLimit;
    private final BatchGradients gradients;

    /**
     * @param config the model and training configuration
     * @throws NullPointerException if {@code config} is null
     */
    public VaeTrainer(VaeConfig config) {
        this(config, List.of(), null, null);
    }

    private VaeTrainer(VaeConfig config, List<TrainingListener> listeners, TimeLimit timeLimit,
            BatchGradients gradients) {
        this.config = Objects.requireNonNull(config, "config");
        this.listeners = List.copyOf(listeners);
        this.timeLimit = timeLimit;
        this.gradients = gradients;
    }

    /**
     * Data-parallel training: each mini-batch's gradient is computed by {@code gradients} (for example on the
     * workers of a Spark cluster, {@code org.vae4j.spark.SparkVaeTrainer}) while this trainer keeps the batch
     * schedule, the noise, the optimizer, the listeners and the history. The training set given to {@link #fit} then
     * only has to answer {@link Dataset#size()}, {@link Dataset#shape()} and {@link Dataset#first} (the examples the
     * latent diagnostics are computed on); its rows are not checked or read here, which is the remote side's duty.
     *
     * @param gradients computes batch gradients
     * @return a trainer with the same configuration, listeners and time limit
     */
    public VaeTrainer withBatchGradients(BatchGradients gradients) {
        return new VaeTrainer(config, listeners, timeLimit, Objects.requireNonNull(gradients, "gradients"));
    }

    /**
     * A training budget in wall time: training stops after the epoch that would leave too little time for another
     * (elapsed time plus the last epoch's time, validation included, would exceed the limit), or after
     * {@link VaeConfig#epochs()} epochs, whichever comes first. The history says how many epochs ran. Beta and
     * capacity schedules still count in the configuration's epochs.
     *
     * @param limit the wall time for {@link #fit} or {@link #resume}, positive
     * @return a trainer with the same configuration and listeners and this limit
     * @throws IllegalArgumentException if {@code limit} is not positive
     */
    public VaeTrainer withTimeLimit(Duration limit) {
        return new VaeTrainer(config, listeners, new TimeLimit(limit), gradients);
    }

    /**
     * @param more listeners to notify, in order, after those already set
     * @return a trainer with the same configuration and these listeners added
     */
    public VaeTrainer withListeners(TrainingListener... more) {
        List<TrainingListener> all = new ArrayList<>(listeners);
        all.addAll(List.of(more));
        return new VaeTrainer(config, all, timeLimit, gradients);
    }

    /** @return the configuration */
    public VaeConfig config() {
        return config;
    }

    /**
     * Trains without a validation set.
     *
     * @param train the training data, {@code [n, inputSize]}
     * @return the trained model and its history
     * @throws InvalidDataException if the data does not fit the configuration or the likelihood
     * @throws TrainingDivergedException if the loss or a gradient becomes NaN or infinite
     */
    public TrainingResult fit(Dataset train) {
        return fit(train, null);
    }

    /**
     * Trains for {@link VaeConfig#epochs()} epochs from freshly initialized parameters, scoring the validation set
     * after each epoch.
     * A {@link TableDataset} (a CSV table) gives its preprocessing to every model of the run, checkpoints included
     * ({@link Vae#preprocessing()}).
     *
     * @param train the training data, {@code [n, inputSize]}
     * @param validation the validation data, or null
     * @return the trained model and its history
     * @throws InvalidDataException if the data does not fit the configuration or the likelihood
     * @throws TrainingDivergedException if the loss or a gradient becomes NaN or infinite
     */
    public TrainingResult fit(Dataset train, Dataset validation) {
        return run(train, validation, null);
    }

    /**
     * Continues the run that produced {@code from} (a model returned by {@link #fit}, or {@linkplain Vae#load
     * loaded} from a model or checkpoint file) up to {@link VaeConfig#epochs()} epochs in all: with its parameters,
     * optimizer state and iteration count, from the epoch after its last one. Given the same data, the result equals,
     * bit for bit on the same machine and thread count, that of one uninterrupted {@link #fit}. {@code from} itself
     * is not changed. The returned history holds every epoch, from epoch 1.
     *
     * <p>This trainer's configuration must equal the model's in every field but {@code epochs} (which may be raised
     * to train longer); if the model already has that many epochs, it is returned unchanged (as a copy).
     *
     * @param from the model to continue
     * @param train the training data the run used, {@code [n, inputSize]}
     * @param validation the validation data, or null
     * @return the model after the remaining epochs, and the whole history
     * @throws IllegalArgumentException naming the field if this trainer's configuration differs from the model's in
     *     another field than {@code epochs}, or if its {@code epochs} is fewer than the epochs {@code from} has
     *     trained
     * @throws InvalidDataException if the data does not fit the configuration or the likelihood
     * @throws TrainingDivergedException if the loss or a gradient becomes NaN or infinite
     */
    public TrainingResult resume(Vae from, Dataset train, Dataset validation) {
        Objects.requireNonNull(from, "from");
        checkResumable(from.config());
        int trained = from.history().epochs().size();
        if (config.epochs() < trained) {
            throw new IllegalArgumentException("Cannot resume: VaeConfig.epochs (" + config.epochs() + ") is fewer"
                    + " than the " + trained + " epochs the model has trained; it may stay or grow");
        }
        return run(train, validation, from);
    }

    /** The training table's preprocessing, else the resumed model's: the models of the run carry it. */
    private static TablePreprocessing preprocessing(Dataset train, Vae start) {
        if (train instanceof TableDataset table) {
            return table.preprocessing();
        }
        return start == null ? null : start.preprocessing().orElse(null);
    }

    private TrainingResult run(Dataset train, Dataset validation, Vae from) {
        Objects.requireNonNull(train, "train");
        Backend.defaultThreads();
        if (gradients == null) { // else the remote side checks its rows
            DataChecks.check(config, train, "training set");
        }
        if (validation != null) {
            DataChecks.check(config, validation, "validation set");
        }
        RandomStreams random = new RandomStreams(config.seed());
        Vae start = from == null ? null : VaeFiles.copy(from, config);
        GraphRunner runner = start != null ? start.runner()
                : new GraphRunner(VaeGraph.build(config, config.dataType(), random.initialization()), config.dataType());
        if (start == null) { // a Spark run's rows are on the executors: draw from the driver's first rows
            PriorInitialization.initialize(config.prior(), runner.graph(), gradients == null ? train
                    : train.first(DIAGNOSTIC_EXAMPLES), random);
        }
        Optimizer optimizer = Optimizer.create(runner.graph(), config.updater(),
                start == null ? null : start.optimizerState());
        List<EpochRecord> history = new ArrayList<>(start == null ? List.of() : start.history().epochs());
        Vae model = new Vae(config, runner, optimizer.state(), new TrainingHistory(history), preprocessing(train,
                start));
        if (!history.isEmpty()) {
            log.info("Resuming after epoch {} (iteration {})", history.size(), history.get(history.size() - 1)
                    .iterations());
        }
        List<TrainingListener> all = new ArrayList<>(listeners);
        all.add(0, new EpochLog(config));
        EpochLoop loop = new EpochLoop(config, runner, optimizer, (epoch, iteration, batchSize, elboSum, loss) -> {
            IterationRecord it = new IterationRecord(epoch, iteration, batchSize, elboSum / batchSize, loss);
            for (TrainingListener l : all) {
                l.iterationDone(it);
            }
        }, gradients, Backend.threads());
        // scored after every epoch: as floats converted once, not from IDX bytes every time (Dataset.asFloats)
        Dataset diagnosticSet = (validation != null ? validation : train.first(DIAGNOSTIC_EXAMPLES)).asFloats();
        long runStarted = System.nanoTime();
        try (loop) { // stops the loop's thread team
            for (int epoch = history.size() + 1; epoch <= config.epochs(); epoch++) {
                long iterationsBefore = history.isEmpty() ? 0 : history.get(history.size() - 1).iterations();
                long started = System.nanoTime();
                EpochLoop.Totals totals = loop.run(train, epoch, iterationsBefore, random);
                double seconds = (System.nanoTime() - started) / 1e9;
                ElboSummary trainSummary = new ElboSummary(totals.elbo() / totals.examples(),
                        totals.logLikelihood() / totals.examples(), totals.kl() / totals.examples());
                Evaluation scored = model.evaluate(diagnosticSet, 0, VALIDATION_SEED);
                long iterations = iterationsBefore + totals.batches();
                EpochRecord record = new EpochRecord(epoch, iterations, trainSummary,
                        validation == null ? null : scored.elbo(), seconds, scored.latent());
                history.add(record);
                model = model.withHistory(new TrainingHistory(history));
                for (TrainingListener l : all) {
                    l.epochDone(record, model);
                }
                if (timeLimit != null && timeLimit.reachedAfter(epoch, config.epochs(), runStarted, started)) {
                    log.info(timeLimit.message(epoch, config.epochs()));
                    break;
                }
            }
        }
        return new TrainingResult(model, model.history());
    }

    /** The trainer's configuration must build the same model and training as {@code other}'s, epochs aside. */
    private void checkResumable(VaeConfig other) {
        for (RecordComponent c : VaeConfig.class.getRecordComponents()) {
            if (c.getName().equals("epochs")) {
                continue;
            }
            Object mine = value(c, config);
            Object theirs = value(c, other);
            if (!Objects.deepEquals(mine, theirs)) {
                throw new IllegalArgumentException("Cannot resume: VaeConfig." + c.getName() + " of this trainer ("
                        + mine + ") differs from that of the model to resume (" + theirs + "); only epochs may change");
            }
        }
    }

    private static Object value(RecordComponent c, VaeConfig config) {
        try {
            return c.getAccessor().invoke(config);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read VaeConfig." + c.getName(), e);
        }
    }
}
