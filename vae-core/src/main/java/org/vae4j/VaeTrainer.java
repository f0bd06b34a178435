package org.vae4j;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.data.Binarization;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.ImageShape;
import org.vae4j.data.InvalidDataException;
import org.vae4j.data.MiniBatches;
import org.vae4j.data.OneHot;
import org.vae4j.prior.Gaussians;
import org.vae4j.schedule.TrainingStep;

/**
 * Trains a {@link Vae} by maximizing the configuration's {@link org.vae4j.objective.Objective} with mini-batch
 * stochastic gradients (Kingma &amp; Welling 2014, algorithm 1): for each shuffled mini-batch, draw eps ~ N(0, I)
 * on the host (if the objective samples), compute the loss (for the ELBO, mean(beta * KL - log p(x|z))) and its
 * gradients in one execution of the SameDiff graph's gradient function, and apply the configured optimizer to every
 * parameter the loss depends on. The execution follows a plan compiled once per run ({@code CompiledStep}): the
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
    private final Duration timeLimit;

    /**
     * @param config the model and training configuration
     * @throws NullPointerException if {@code config} is null
     */
    public VaeTrainer(VaeConfig config) {
        this(config, List.of(), null);
    }

    private VaeTrainer(VaeConfig config, List<TrainingListener> listeners, Duration timeLimit) {
        this.config = Objects.requireNonNull(config, "config");
        this.listeners = List.copyOf(listeners);
        this.timeLimit = timeLimit;
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
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("time limit must be positive, got " + limit);
        }
        return new VaeTrainer(config, listeners, limit);
    }

    /**
     * @param more listeners to notify, in order, after those already set
     * @return a trainer with the same configuration and these listeners added
     */
    public VaeTrainer withListeners(TrainingListener... more) {
        List<TrainingListener> all = new ArrayList<>(listeners);
        all.addAll(List.of(more));
        return new VaeTrainer(config, all, timeLimit);
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
    public TrainingResult fit(ImageDataset train) {
        return fit(train, null);
    }

    /**
     * Trains for {@link VaeConfig#epochs()} epochs from freshly initialized parameters, scoring the validation set
     * after each epoch.
     *
     * @param train the training data, {@code [n, inputSize]}
     * @param validation the validation data, or null
     * @return the trained model and its history
     * @throws InvalidDataException if the data does not fit the configuration or the likelihood
     * @throws TrainingDivergedException if the loss or a gradient becomes NaN or infinite
     */
    public TrainingResult fit(ImageDataset train, ImageDataset validation) {
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
     *     another field than {@code epochs}
     * @throws InvalidDataException if the data does not fit the configuration or the likelihood
     * @throws TrainingDivergedException if the loss or a gradient becomes NaN or infinite
     */
    public TrainingResult resume(Vae from, ImageDataset train, ImageDataset validation) {
        Objects.requireNonNull(from, "from");
        checkResumable(from.config());
        return run(train, validation, from);
    }

    private TrainingResult run(ImageDataset train, ImageDataset validation, Vae from) {
        Objects.requireNonNull(train, "train");
        checkData(train, "training set");
        if (validation != null) {
            checkData(validation, "validation set");
        }
        RandomStreams random = new RandomStreams(config.seed());
        Vae start = from == null
                ? new Vae(config, VaeGraph.build(config, config.dataType(), random.initialization()), Map.of(),
                        new TrainingHistory(List.of()), new HashMap<>())
                : from.copy(config);
        SameDiff sd = start.graph();
        Optimizer optimizer = Optimizer.create(sd, config.updater(), from == null ? null : start.optimizerState());
        List<EpochRecord> history = new ArrayList<>(start.history().epochs());
        Vae model = new Vae(config, sd, optimizer.state(), new TrainingHistory(history), start.plans());
        if (!history.isEmpty()) {
            log.info("Resuming after epoch {} (iteration {})", history.size(), history.get(history.size() - 1)
                    .iterations());
        }
        Epoch epochRunner = new Epoch(sd, optimizer, model.plans());
        // scored after every epoch: as floats converted once, not from IDX bytes every time (ImageDataset.asFloats)
        ImageDataset diagnosticSet = (validation != null ? validation : train.first(DIAGNOSTIC_EXAMPLES)).asFloats();
        long runStarted = System.nanoTime();
        for (int epoch = history.size() + 1; epoch <= config.epochs(); epoch++) {
            long iterationsBefore = history.isEmpty() ? 0 : history.get(history.size() - 1).iterations();
            long started = System.nanoTime();
            ElboSummary trainSummary = epochRunner.run(train, epoch, iterationsBefore, random);
            double seconds = (System.nanoTime() - started) / 1e9;
            Evaluation scored = model.evaluate(diagnosticSet, 0, VALIDATION_SEED);
            long iterations = iterationsBefore + train.batches(config.batchSize()).batchCount();
            EpochRecord record = new EpochRecord(epoch, iterations, trainSummary,
                    validation == null ? null : scored.elbo(), seconds, scored.latent());
            history.add(record);
            model = model.withHistory(new TrainingHistory(history));
            logEpoch(record, config.objective().isLowerBound());
            warnIfCollapsed(record);
            for (TrainingListener l : listeners) {
                l.epochDone(record, model);
            }
            long now = System.nanoTime();
            if (timeLimit != null && epoch < config.epochs()
                    && now - runStarted + (now - started) > timeLimit.toNanos()) {
                log.info(String.format(Locale.ROOT, "Time limit %s reached: stopping after epoch %d of %d",
                        timeLimit, epoch, config.epochs()));
                break;
            }
        }
        return new TrainingResult(model, model.history());
    }

    /** One epoch's loop over the shuffled mini-batches, executing the gradient function through a compiled plan. */
    private final class Epoch {
        private final SameDiff sd;
        private final Optimizer optimizer;
        private final Object lock;
        private final Map<String, String> gradientNames = new LinkedHashMap<>();
        private final CompiledStep step;
        private final INDArray beta = Nd4j.scalar(config.dataType(), 1.0);
        private final INDArray capacity = Nd4j.scalar(config.dataType(), 0.0);
        /** Noise and binarized-batch arrays reused across iterations, one per batch size. */
        private final Map<Integer, INDArray> noiseBuffers = new HashMap<>();
        private final Map<Integer, INDArray> binarizedBuffers = new HashMap<>();
        private final Map<Integer, INDArray> conditionBuffers = new HashMap<>();
        private double firstLoss = Double.NaN;
        private final boolean usesNoise = config.objective().usesNoise();
        private final int samples = config.objective().samplesPerExample();

        Epoch(SameDiff sd, Optimizer optimizer, Object lock) {
            this.sd = sd;
            this.optimizer = optimizer;
            this.lock = lock;
            for (String p : optimizer.parameterNames()) {
                SDVariable gradient = sd.getVariable(p).getGradient();
                if (gradient != null) { // null when the loss does not depend on the parameter
                    gradientNames.put(p, gradient.name());
                }
            }
            List<String> outputs = new ArrayList<>(List.of(VaeGraph.ELBO, VaeGraph.LOG_LIKELIHOOD, VaeGraph.KL,
                    VaeGraph.LOSS));
            outputs.addAll(gradientNames.values());
            step = new CompiledStep(sd.getFunction("grad"), outputs, VaeGraph.INPUT);
        }

        /** The one-hot labels of a conditional VAE's training set in the model's data type, else null. */
        private INDArray conditions(ImageDataset train) {
            if (!config.conditional()) {
                return null;
            }
            INDArray oneHot = OneHot.of(train, config.conditionSize(), "training set");
            return oneHot.dataType() == config.dataType() ? oneHot : oneHot.castTo(config.dataType());
        }

        /** @return the mean ELBO and terms over the epoch's batches */
        ElboSummary run(ImageDataset train, int epoch, long iterationsBefore, RandomStreams random) {
            SplittableRandom noise = random.noise(epoch);
            SplittableRandom binarization = random.binarization(epoch);
            long perEpoch = train.batches(config.batchSize()).batchCount();
            long totalIterations = Math.max(1, perEpoch * config.epochs());
            long iteration = iterationsBefore;
            double previousLoss = Double.NaN;
            double elboSum = 0;
            double logLikelihoodSum = 0;
            double klSum = 0;
            long seen = 0;
            // batch arrays reused across iterations, so the loop allocates (almost) nothing
            INDArray conditions = conditions(train);
            MiniBatches.BatchIterator batches = train.shuffledBatches(config.batchSize(), random.shuffle(epoch))
                    .reusingArrays().iterator();
            while (batches.hasNext()) {
                INDArray batch = batches.next();
                int b = batch.rows();
                Map<String, INDArray> feed = new HashMap<>();
                INDArray x = batch.dataType() == config.dataType() ? batch : batch.castTo(config.dataType());
                if (config.dynamicBinarization()) {
                    INDArray out = binarizedBuffers.computeIfAbsent(b,
                            rows -> Nd4j.create(config.dataType(), batch.shape()));
                    x = Binarization.sample(x, out, binarization, "training set");
                }
                feed.put(VaeGraph.INPUT, x);
                if (conditions != null) { // conditional VAE: the batch's one-hot labels, into a reused array
                    INDArray target = conditionBuffers.computeIfAbsent(b,
                            rows -> Nd4j.create(conditions.dataType(), rows, conditions.columns()));
                    feed.put(VaeGraph.CONDITION, Nd4j.pullRows(conditions, target, 1, batches.indices()));
                }
                if (usesNoise) {
                    feed.put(VaeGraph.NOISE, Gaussians.fill(noiseBuffers.computeIfAbsent(b,
                            rows -> Nd4j.create(config.dataType(), (long) samples * rows, config.latentSize())),
                            noise));
                }
                TrainingStep at = new TrainingStep(epoch, iteration, perEpoch, totalIterations);
                feed.put(VaeGraph.BETA, beta.assign(config.betaAt(at)));
                feed.put(VaeGraph.CAPACITY, capacity.assign(config.objective().capacityAt(at)));
                iteration++;
                double elbo;
                double logLikelihood;
                double kl;
                double loss;
                synchronized (lock) {
                    Map<String, INDArray> out = step.execute(feed);
                    elbo = HostArrays.sum(out.get(VaeGraph.ELBO));
                    logLikelihood = HostArrays.sum(out.get(VaeGraph.LOG_LIKELIHOOD));
                    kl = HostArrays.sum(out.get(VaeGraph.KL));
                    loss = out.get(VaeGraph.LOSS).getDouble(0);
                    if (!Double.isFinite(loss)) {
                        throw diverged(epoch, iteration, "the loss", loss, previousLoss);
                    }
                    Map<String, INDArray> gradients = new HashMap<>();
                    for (Map.Entry<String, String> g : gradientNames.entrySet()) {
                        INDArray gradient = out.get(g.getValue());
                        if (!HostArrays.allFinite(gradient)) {
                            double sum = gradient.sumNumber().doubleValue();
                            throw diverged(epoch, iteration, "the gradient of " + g.getKey() + " (sum)", sum, loss);
                        }
                        gradients.put(g.getKey(), gradient);
                    }
                    optimizer.apply(sd, gradients, iteration - 1, epoch - 1);
                }
                if (Double.isNaN(firstLoss)) {
                    firstLoss = loss;
                }
                previousLoss = loss;
                elboSum += elbo;
                logLikelihoodSum += logLikelihood;
                klSum += kl;
                seen += b;
                IterationRecord it = new IterationRecord(epoch, iteration, b, elbo / b, loss);
                for (TrainingListener l : listeners) {
                    l.iterationDone(it);
                }
            }
            return new ElboSummary(elboSum / seen, logLikelihoodSum / seen, klSum / seen);
        }

        private TrainingDivergedException diverged(int epoch, long iteration, String quantity, double value,
                double lastFiniteLoss) {
            IUpdater updater = config.updater();
            String rate = updater.hasLearningRate()
                    ? " (" + updater.getClass().getSimpleName() + " learning rate "
                            + updater.getLearningRate((int) iteration - 1, epoch - 1) + ")"
                    : "";
            String cause;
            if (Double.isNaN(firstLoss)) {
                cause = "the very first update failed, so the initial parameters meet values they cannot handle: an"
                        + " op of a custom encoder, decoder or likelihood undefined there (log or sqrt of 0, 0/0), or"
                        + " a Gaussian likelihood with a tiny variance on data of a large range";
            } else if (Double.isFinite(lastFiniteLoss) && Math.abs(lastFiniteLoss) > 10 * Math.abs(firstLoss)) {
                cause = "the loss grew from " + firstLoss + " (first iteration of this run) to " + lastFiniteLoss
                        + " before: the learning rate" + rate + " is too high for this model";
            } else {
                cause = "the parameters jumped in one update (the loss was " + lastFiniteLoss + " just before): the"
                        + " learning rate" + rate + " is likely too high, or an op of a custom encoder, decoder or"
                        + " likelihood is undefined at the values it met";
            }
            return new TrainingDivergedException(epoch, iteration, quantity, value, cause
                    + ". The data passed validation (finite, in the likelihood's range). Parameters are those before"
                    + " this iteration; checkpoints already written are unchanged.");
        }
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

    /** Examples per chunk of the data check. */
    private static final int CHECK_CHUNK = 10_000;

    private void checkData(ImageDataset data, String what) {
        if (data.shape().size() != config.inputSize()) {
            throw new InvalidDataException(what, -1, what + " has " + data.shape().size() + " features per example ("
                    + data.shape() + ") but VaeConfig.inputSize is " + config.inputSize());
        }
        boolean flat = config.inputShape().equals(ImageShape.vector(config.inputSize()));
        if (!flat && !data.shape().equals(config.inputShape())) {
            throw new InvalidDataException(what, -1, what + " holds images of shape " + data.shape()
                    + " but VaeConfig.inputShape is " + config.inputShape());
        }
        if (data.size() == 0) {
            throw new InvalidDataException(what, -1, what + " is empty");
        }
        // in chunks: a dataset of IDX bytes converts its rows on every read, and the whole training set at once
        // would be 188 MB of floats for MNIST
        for (int from = 0; from < data.size(); from += CHECK_CHUNK) {
            int to = Math.min(data.size(), from + CHECK_CHUNK);
            try {
                config.likelihood().checkData(data.subset(from, to).features(), what);
            } catch (InvalidDataException e) {
                if (from == 0 || e.example() < 0) {
                    throw e;
                }
                long example = from + e.example();
                throw new InvalidDataException(e.dataset(), example, e.getMessage()
                        .replaceFirst("example " + e.example() + ",", "example " + example + ","));
            }
        }
        if (config.conditional()) {
            OneHot.of(data, config.conditionSize(), what); // labels present and in range
        }
    }

    private void warnIfCollapsed(EpochRecord r) {
        LatentDiagnostics latent = r.latent();
        if (config.objective().isLowerBound() && latent != null && 2 * latent.activeUnits() < latent.latentSize()) {
            log.warn(String.format(Locale.ROOT, "Epoch %d: only %d of %d latent units are active (Cov_x E_q[z_u] > %s,"
                    + " Burda et al. 2016): in most dimensions the posterior has collapsed to the prior. With a large"
                    + " latent size this is common and harmless; if the model also reconstructs poorly, try a beta"
                    + " warm-up (LinearWarmup), free bits (ElboObjective.withFreeBits) or a smaller latent size."
                    + " KL per dimension: %s", r.epoch(), latent.activeUnits(), latent.latentSize(),
                    LatentDiagnostics.ACTIVITY_THRESHOLD, java.util.Arrays.toString(
                            java.util.Arrays.stream(latent.klPerDimension()).map(v -> Math.round(v * 100) / 100.0)
                                    .toArray())));
        }
    }

    private static void logEpoch(EpochRecord r, boolean lowerBound) {
        log.info(String.format(Locale.ROOT, "Epoch %d (%.1fs): %s", r.epoch(), r.seconds(),
                figures(r.train(), lowerBound)));
        if (r.validation() != null) {
            log.info(String.format(Locale.ROOT, "Epoch %d validation: %s", r.epoch(),
                    figures(r.validation(), lowerBound)));
        }
    }

    private static String figures(ElboSummary s, boolean lowerBound) {
        return lowerBound
                ? String.format(Locale.ROOT, "Lower bound = %.4f, log p(x|z) = %.4f, KL = %.4f", s.elbo(),
                        s.logLikelihood(), s.kl())
                : String.format(Locale.ROOT,
                        "Reconstruction log p(x|z) = %.4f (autoencoder objective: no KL term, not a bound)",
                        s.logLikelihood());
    }
}
