package org.vae4j;

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
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.data.ImageDataset;
import org.vae4j.prior.Gaussians;

/**
 * Trains a {@link Vae} by maximizing the configuration's {@link org.vae4j.objective.Objective} with mini-batch
 * stochastic gradients (Kingma &amp; Welling 2014, algorithm 1): for each shuffled mini-batch, draw eps ~ N(0, I)
 * on the host (if the objective samples), compute the loss (for the ELBO, mean(beta * KL - log p(x|z))) and its
 * gradients in one execution of the SameDiff graph, and apply the configured optimizer to every parameter the
 * loss depends on.
 *
 * <p>The figures it reports are computed in that same execution, not taken from SameDiff's {@code fit()}, whose
 * reported loss is 0 in 1.0.0-M2.1. After each epoch it logs one line, for example
 * {@code Epoch 3 (11.2s): Lower bound = -112.0312, log p(x|z) = -89.7310, KL = 22.3002}, and, with a validation
 * set, a second line with the same figures on it. For an objective that is not a lower bound (the
 * {@link org.vae4j.objective.AutoencoderObjective}) the line gives only what it maximizes:
 * {@code Epoch 3 (28.6s): Reconstruction log p(x|z) = -75.1088 (autoencoder objective: no KL term, not a bound)}.
 *
 * <p>Randomness: the configuration's seed is split into independent generators for parameter initialization,
 * shuffling and eps, so the same configuration and data replay the same run.
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

    private final VaeConfig config;
    private final List<TrainingListener> listeners;

    /**
     * @param config the model and training configuration
     * @throws NullPointerException if {@code config} is null
     */
    public VaeTrainer(VaeConfig config) {
        this(config, List.of());
    }

    private VaeTrainer(VaeConfig config, List<TrainingListener> listeners) {
        this.config = Objects.requireNonNull(config, "config");
        this.listeners = List.copyOf(listeners);
    }

    /**
     * @param more listeners to notify, in order, after those already set
     * @return a trainer with the same configuration and these listeners added
     */
    public VaeTrainer withListeners(TrainingListener... more) {
        List<TrainingListener> all = new ArrayList<>(listeners);
        all.addAll(List.of(more));
        return new VaeTrainer(config, all);
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
     * @throws IllegalArgumentException if the data does not fit the configuration or the likelihood
     * @throws TrainingDivergedException if the loss becomes NaN or infinite
     */
    public TrainingResult fit(ImageDataset train) {
        return fit(train, null);
    }

    /**
     * Trains for {@link VaeConfig#epochs()} epochs, scoring the validation set after each epoch.
     *
     * @param train the training data, {@code [n, inputSize]}
     * @param validation the validation data, or null
     * @return the trained model and its history
     * @throws IllegalArgumentException if the data does not fit the configuration or the likelihood
     * @throws TrainingDivergedException if the loss becomes NaN or infinite
     */
    public TrainingResult fit(ImageDataset train, ImageDataset validation) {
        Objects.requireNonNull(train, "train");
        checkData(train, "training set");
        if (validation != null) {
            checkData(validation, "validation set");
        }
        SplittableRandom root = new SplittableRandom(config.seed());
        SplittableRandom initRandom = root.split();
        SplittableRandom shuffleRandom = root.split();
        SplittableRandom noiseRandom = root.split();

        SameDiff sd = VaeGraph.build(config, config.dataType(), initRandom);
        Vae model = new Vae(config, sd);
        Map<String, GradientUpdater<?>> updaters = createUpdaters(sd, config.updater());
        List<String> parameters = new ArrayList<>(updaters.keySet());
        List<String> outputs = List.of(VaeGraph.ELBO, VaeGraph.LOG_LIKELIHOOD, VaeGraph.KL, VaeGraph.LOSS);
        boolean noise = config.objective().usesNoise();
        INDArray beta = Nd4j.scalar(config.dataType(), config.beta());

        List<EpochRecord> history = new ArrayList<>();
        long iteration = 0;
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            long start = System.nanoTime();
            double elboSum = 0;
            double logLikelihoodSum = 0;
            double klSum = 0;
            long seen = 0;
            for (INDArray batch : train.shuffledBatches(config.batchSize(), shuffleRandom)) {
                int b = (int) batch.rows();
                Map<String, INDArray> feed = new HashMap<>();
                feed.put(VaeGraph.INPUT, batch.dataType() == config.dataType() ? batch : batch.castTo(config.dataType()));
                if (noise) {
                    feed.put(VaeGraph.NOISE, Gaussians.sample(b, config.latentSize(), noiseRandom, config.dataType()));
                }
                feed.put(VaeGraph.BETA, beta);
                OutAndGrad result = sd.calculateGradientsAndOutputs(feed, outputs, parameters);
                Map<String, INDArray> out = result.getOutputs();
                double elbo = out.get(VaeGraph.ELBO).sumNumber().doubleValue();
                double logLikelihood = out.get(VaeGraph.LOG_LIKELIHOOD).sumNumber().doubleValue();
                double kl = out.get(VaeGraph.KL).sumNumber().doubleValue();
                double loss = out.get(VaeGraph.LOSS).getDouble(0);
                iteration++;
                if (!Double.isFinite(loss)) {
                    throw new TrainingDivergedException(epoch, iteration, loss);
                }
                applyUpdates(sd, updaters, result.getGradients(), (int) iteration - 1, epoch - 1);
                elboSum += elbo;
                logLikelihoodSum += logLikelihood;
                klSum += kl;
                seen += b;
                IterationRecord it = new IterationRecord(epoch, iteration, b, elbo / b, loss);
                for (TrainingListener l : listeners) {
                    l.iterationDone(it);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            ElboSummary trainSummary = new ElboSummary(elboSum / seen, logLikelihoodSum / seen, klSum / seen);
            ElboSummary validationSummary = validation == null ? null : model.evaluate(validation, VALIDATION_SEED);
            EpochRecord record = new EpochRecord(epoch, iteration, trainSummary, validationSummary, seconds);
            history.add(record);
            logEpoch(record, config.objective().isLowerBound());
            for (TrainingListener l : listeners) {
                l.epochDone(record, model);
            }
        }
        return new TrainingResult(model, new TrainingHistory(history));
    }

    private void checkData(ImageDataset data, String what) {
        if (data.shape().size() != config.inputSize()) {
            throw new IllegalArgumentException(what + " has " + data.shape().size() + " features per example ("
                    + data.shape() + ") but VaeConfig.inputSize is " + config.inputSize());
        }
        if (data.size() == 0) {
            throw new IllegalArgumentException(what + " is empty");
        }
        config.likelihood().checkData(data.features(), what);
    }

    private static Map<String, GradientUpdater<?>> createUpdaters(SameDiff sd, IUpdater updater) {
        Map<String, GradientUpdater<?>> updaters = new LinkedHashMap<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() != VariableType.VARIABLE) {
                continue;
            }
            INDArray param = v.getArr();
            long stateSize = updater.stateSize(param.length());
            INDArray state = stateSize == 0 ? null : Nd4j.zeros(param.dataType(), 1, stateSize);
            updaters.put(v.name(), updater.instantiate(state, true));
        }
        return updaters;
    }

    /** Turns each gradient into an update in place (the optimizer's rule) and subtracts it from its parameter. */
    private static void applyUpdates(SameDiff sd, Map<String, GradientUpdater<?>> updaters,
            Map<String, INDArray> gradients, int iteration, int epoch) {
        for (Map.Entry<String, GradientUpdater<?>> e : updaters.entrySet()) {
            INDArray gradient = gradients.get(e.getKey());
            if (gradient == null) {
                continue; // the loss does not depend on this parameter
            }
            e.getValue().applyUpdater(gradient, iteration, epoch);
            sd.getArrForVarName(e.getKey()).subi(gradient);
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
