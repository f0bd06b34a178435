package org.vae4j.gan;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.Backend;
import org.vae4j.data.Dataset;
import org.vae4j.data.InvalidDataException;
import org.vae4j.train.RandomStreams;
import org.vae4j.train.TimeLimit;
import org.vae4j.train.TrainingDivergedException;

/**
 * Trains a {@link Gan} (Goodfellow et al. 2014, algorithm 1; WGAN-GP: Gulrajani et al. 2017, algorithm 1): per
 * shuffled batch of real images, a discriminator update and (every {@link GanConfig#criticSteps()} critic updates
 * for WGAN-GP) a generator update, each with its own optimizer ({@link GanEpochLoop}). Logs a line per epoch, e.g.
 * {@code GAN epoch 3 (9.1s): D loss = 1.1873, G loss = 0.9412, D accuracy real 0.712 fake 0.655}; for WGAN-GP the
 * critic's Wasserstein estimate in place of the accuracies.
 *
 * <p>Randomness: the configuration's seed gives the initial parameters and, with the epoch number, each epoch's
 * shuffle and noise ({@link RandomStreams}), so the same configuration and data replay the same run bit for bit on
 * the same machine and thread count, and a run {@linkplain #resume resumed} after epoch k ends with the same
 * parameters as an uninterrupted one.
 *
 * <p>Failures: data out of [0, 1], not finite or of the wrong width is refused before the first update
 * ({@link InvalidDataException}); a NaN or infinite loss or gradient stops the run before that update with a
 * {@link TrainingDivergedException} naming the epoch and the network's update. An epoch in which the discriminator
 * caught every generated image is logged as a warning and marked in its record
 * ({@link GanEpochRecord#discriminatorWon()}); {@link GanListener#stopWhenDiscriminatorWins()} stops training then.
 *
 * <pre>{@code
 * Gan gan = new GanTrainer(GanConfig.dcganMnist())
 *         .withListeners(GanCheckpointer.create(Path.of("run/checkpoints"), 1, 2))
 *         .fit(Mnist.train());
 * }</pre>
 */
public final class GanTrainer {
    private static final Logger log = LoggerFactory.getLogger(GanTrainer.class);
    private static final int CHECK_CHUNK = 4096;

    private final GanConfig config;
    private final List<GanListener> listeners;
    private final TimeLimit timeLimit;

    /**
     * @param config the GAN and its training
     * @throws NullPointerException if {@code config} is null
     */
    public GanTrainer(GanConfig config) {
        this(config, List.of(), null);
    }

    private GanTrainer(GanConfig config, List<GanListener> listeners, TimeLimit timeLimit) {
        this.config = Objects.requireNonNull(config, "config");
        this.listeners = List.copyOf(listeners);
        this.timeLimit = timeLimit;
    }

    /**
     * @param more listeners to notify after those already set
     * @return a trainer with these listeners added
     */
    public GanTrainer withListeners(GanListener... more) {
        List<GanListener> all = new ArrayList<>(listeners);
        all.addAll(List.of(more));
        return new GanTrainer(config, all, timeLimit);
    }

    /**
     * A wall-time budget: training stops after the epoch that would leave too little time for another (elapsed time
     * plus the last epoch's time would exceed the limit), or after {@link GanConfig#epochs()}.
     *
     * @param limit the wall time, positive
     * @return a trainer with this limit
     * @throws IllegalArgumentException if {@code limit} is not positive
     */
    public GanTrainer withTimeLimit(Duration limit) {
        return new GanTrainer(config, listeners, new TimeLimit(limit));
    }

    /** @return the configuration */
    public GanConfig config() {
        return config;
    }

    /**
     * Trains from freshly initialized parameters for {@link GanConfig#epochs()} epochs.
     *
     * @param train real images, {@code [n, pixels]} in [0, 1]
     * @return the trained model (its {@link Gan#history()} holds every epoch's record)
     * @throws InvalidDataException naming the example if the data does not fit
     * @throws TrainingDivergedException if a loss or gradient becomes NaN or infinite
     */
    public Gan fit(Dataset train) {
        return run(train, null);
    }

    /**
     * Continues the run that produced {@code from} (returned by {@link #fit}, or loaded from a model or checkpoint
     * file) up to {@link GanConfig#epochs()} epochs in all, with its parameters, both optimizers' state and update
     * counts. Given the same data the result equals, bit for bit on the same machine and thread count, that of one
     * uninterrupted {@link #fit}. {@code from} is not changed.
     *
     * @param from the model to continue
     * @param train the training data the run used
     * @return the model after the remaining epochs, with the whole history
     * @throws IllegalArgumentException naming the field if this trainer's configuration differs from the model's in
     *     another field than {@code epochs}, or its epochs are fewer than the model has trained
     * @throws InvalidDataException naming the example if the data does not fit
     * @throws TrainingDivergedException if a loss or gradient becomes NaN or infinite
     */
    public Gan resume(Gan from, Dataset train) {
        Objects.requireNonNull(from, "from");
        for (RecordComponent c : GanConfig.class.getRecordComponents()) {
            if (c.getName().equals("epochs")) {
                continue;
            }
            Object mine = value(c, config);
            Object theirs = value(c, from.config());
            if (!Objects.deepEquals(mine, theirs)) {
                throw new IllegalArgumentException("Cannot resume: GanConfig." + c.getName() + " of this trainer ("
                        + mine + ") differs from that of the model to resume (" + theirs + "); only epochs may change");
            }
        }
        int trained = from.history().epochs().size();
        if (config.epochs() < trained) {
            throw new IllegalArgumentException("Cannot resume: GanConfig.epochs (" + config.epochs() + ") is fewer than"
                    + " the " + trained + " epochs the model has trained");
        }
        return run(train, from);
    }

    private static Object value(RecordComponent c, GanConfig config) {
        try {
            return c.getAccessor().invoke(config);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read GanConfig." + c.getName(), e);
        }
    }

    private Gan run(Dataset train, Gan from) {
        Objects.requireNonNull(train, "train");
        Backend.defaultThreads();
        check(train, "training set");
        Gan model = from == null ? GanFiles.create(config) : GanFiles.copy(from, config);
        List<GanEpochRecord> history = new ArrayList<>(model.history().epochs());
        GanEpochRecord last = model.history().last();
        GanEpochLoop.Counts counts = last == null ? new GanEpochLoop.Counts(0, 0)
                : new GanEpochLoop.Counts(last.discriminatorIterations(), last.generatorIterations());
        if (last != null) {
            log.info("Resuming after epoch {} (discriminator iteration {}, generator iteration {})", last.epoch(),
                    counts.discriminator, counts.generator);
        }
        GanEpochLoop loop = new GanEpochLoop(config, model.runner(), model, listeners);
        RandomStreams random = new RandomStreams(config.seed());
        long runStarted = System.nanoTime();
        for (int epoch = history.size() + 1; epoch <= config.epochs(); epoch++) {
            long started = System.nanoTime();
            GanEpochRecord r = loop.run(train, epoch, counts, random);
            double seconds = (System.nanoTime() - started) / 1e9;
            GanEpochRecord record = new GanEpochRecord(r.epoch(), r.discriminatorIterations(),
                    r.generatorIterations(), r.discriminatorLoss(), r.generatorLoss(), r.realAccuracy(),
                    r.fakeAccuracy(), r.wassersteinEstimate(), r.discriminatorWon(), seconds);
            history.add(record);
            model = model.withHistory(new GanHistory(history));
            log.info(line(record));
            for (GanListener l : listeners) {
                l.epochDone(record, model);
            }
            boolean stop = false;
            for (GanListener l : listeners) {
                stop |= l.stopAfter(record);
            }
            if (stop && epoch < config.epochs()) {
                log.info("A listener stopped training after epoch {} of {}", epoch, config.epochs());
                break;
            }
            if (timeLimit != null && timeLimit.reachedAfter(epoch, config.epochs(), runStarted, started)) {
                log.info(timeLimit.message(epoch, config.epochs()));
                break;
            }
        }
        return model;
    }

    private String line(GanEpochRecord r) {
        String head = String.format(Locale.ROOT, "GAN epoch %d (%.1fs): D loss = %.4f, G loss = %.4f", r.epoch(),
                r.seconds(), r.discriminatorLoss(), r.generatorLoss());
        return head + (config.loss().isWasserstein()
                ? String.format(Locale.ROOT, ", Wasserstein estimate = %.4f", r.wassersteinEstimate())
                : String.format(Locale.ROOT, ", D accuracy real %.3f fake %.3f%s", r.realAccuracy(),
                        r.fakeAccuracy(), r.discriminatorWon() ? " (discriminator won)" : ""));
    }

    /** Refuses data of the wrong width, empty, or with a value outside [0, 1] or not finite, naming the example. */
    private void check(Dataset data, String what) {
        if (data.shape().size() != config.pixels()) {
            throw new InvalidDataException(what, -1, what + " has " + data.shape().size() + " values per example ("
                    + data.shape() + ") but GanConfig.imageShape " + config.imageShape() + " has " + config.pixels());
        }
        if (data.size() == 0) {
            throw new InvalidDataException(what, -1, what + " is empty");
        }
        for (int from = 0; from < data.size(); from += CHECK_CHUNK) {
            int to = Math.min(data.size(), from + CHECK_CHUNK);
            INDArray rows = data.rows(from, to);
            float[] values = rows.dup('c').data().asFloat();
            for (int i = 0; i < values.length; i++) {
                float v = values[i];
                if (!(v >= 0 && v <= 1)) {
                    int example = from + i / config.pixels();
                    throw new InvalidDataException(what, example, what + ", example " + example + ", value "
                            + (i % config.pixels()) + ": " + v + " is outside [0, 1] (the generator outputs images"
                            + " in [0, 1])");
                }
            }
        }
    }
}
