package org.vae4j.quality;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.OneHot;
import org.vae4j.exec.ExecutionPlan;
import org.vae4j.graph.VaeGraph;
import org.vae4j.train.Optimizer;
import org.vae4j.train.TrainingDivergedException;

/**
 * How {@link MnistClassifier} is trained: Adam (vae4j's host-side {@link Optimizer}) on the mean cross-entropy of
 * mini-batches drawn without replacement in a seeded random order, from a seeded initialization; the learning rate
 * is multiplied by {@value #DECAY} after every epoch. Equal settings and data give equal weights; the settings also
 * name the cache file ({@link #fileName()}).
 *
 * @param trainSize the first {@code trainSize} training images are used (all of them if the set is smaller),
 *     {@code > 0}
 * @param epochs passes over those images, {@code > 0}
 * @param batchSize images per update, {@code > 0}
 * @param learningRate Adam's step size in the first epoch, {@code > 0}
 * @param seed seeds the initialization and the order
 */
public record ClassifierTraining(int trainSize, int epochs, int batchSize, double learningRate, long seed) {
    private static final Logger LOG = LoggerFactory.getLogger(ClassifierTraining.class);

    /** Factor applied to the learning rate after every epoch. */
    public static final double DECAY = 0.7;

    /** The settings of the cached classifier: all 60,000 images, 5 epochs, batch 64, Adam from 1e-3, seed 42. */
    public static final ClassifierTraining DEFAULT = new ClassifierTraining(60_000, 5, 64, 1e-3, 42);

    /**
     * @param trainSize training images used, {@code > 0}
     * @param epochs passes over them, {@code > 0}
     * @param batchSize images per update, {@code > 0}
     * @param learningRate Adam's step size in the first epoch, {@code > 0}
     * @param seed seeds the initialization and the order
     * @throws IllegalArgumentException naming the field if a value is out of range
     */
    public ClassifierTraining {
        if (trainSize <= 0) {
            throw new IllegalArgumentException("ClassifierTraining.trainSize must be > 0, got " + trainSize);
        }
        if (epochs <= 0) {
            throw new IllegalArgumentException("ClassifierTraining.epochs must be > 0, got " + epochs);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("ClassifierTraining.batchSize must be > 0, got " + batchSize);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("ClassifierTraining.learningRate must be finite and > 0, got "
                    + learningRate);
        }
    }

    /**
     * @param size the training set size
     * @return these settings with another training set size
     * @throws IllegalArgumentException if {@code size <= 0}
     */
    public ClassifierTraining withTrainSize(int size) {
        return new ClassifierTraining(size, epochs, batchSize, learningRate, seed);
    }

    /**
     * @param count the epochs
     * @return these settings with another number of epochs
     * @throws IllegalArgumentException if {@code count <= 0}
     */
    public ClassifierTraining withEpochs(int count) {
        return new ClassifierTraining(trainSize, count, batchSize, learningRate, seed);
    }

    /**
     * @return the cache file name of a classifier trained with these settings, e.g.
     *     {@code mnist-classifier-v1-n60000-e5-b64-lr0.001-s42.npz}; the {@code v1} names the architecture
     */
    public String fileName() {
        return String.format(Locale.ROOT, "mnist-classifier-%s-n%d-e%d-b%d-lr%s-s%d.npz", MnistClassifier.VERSION,
                trainSize, epochs, batchSize, Double.toString(learningRate), seed);
    }

    /**
     * Trains the graph's parameters in place.
     *
     * @param sd the classifier's graph ({@link MnistClassifier}'s names), without a gradient function yet
     * @param train labelled images {@code [n, 784]}
     * @throws TrainingDivergedException if the loss becomes NaN or infinite
     */
    void train(SameDiff sd, ImageDataset train) {
        VaeGraph.createGradientFunction(sd);
        Optimizer optimizer = Optimizer.create(sd,
                new Adam(new ExponentialSchedule(ScheduleType.EPOCH, learningRate, DECAY)), null);
        Map<String, String> gradientNames = new LinkedHashMap<>();
        for (String p : optimizer.parameterNames()) {
            SDVariable g = sd.getVariable(p).getGradient();
            if (g != null) {
                gradientNames.put(p, g.name());
            }
        }
        List<String> outputs = new ArrayList<>(List.of(MnistClassifier.LOSS));
        outputs.addAll(gradientNames.values());
        ExecutionPlan plan = new ExecutionPlan(sd.getFunction("grad"), outputs, MnistClassifier.IMAGES);
        int n = Math.min(trainSize, train.size());
        int[] labels = train.labels();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        long iteration = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int i = n - 1; i > 0; i--) { // Fisher-Yates
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            long started = System.nanoTime();
            double lossSum = 0;
            for (int from = 0; from < n; from += batchSize) {
                int b = Math.min(batchSize, n - from);
                int[] idx = new int[b];
                int[] y = new int[b];
                for (int k = 0; k < b; k++) {
                    idx[k] = order[from + k];
                    y[k] = labels[idx[k]];
                }
                Map<String, INDArray> out = plan.execute(Map.of(MnistClassifier.IMAGES, train.gather(idx, null),
                        MnistClassifier.LABELS, OneHot.encode(y, MnistClassifier.CLASSES)));
                double loss = out.get(MnistClassifier.LOSS).getDouble(0);
                if (!Double.isFinite(loss)) {
                    throw new TrainingDivergedException(epoch + 1, iteration, "the classifier's cross-entropy", loss,
                            "a learning rate too large for these settings (" + learningRate + ")");
                }
                lossSum += loss * b;
                Map<String, INDArray> gradients = new LinkedHashMap<>();
                gradientNames.forEach((p, g) -> gradients.put(p, out.get(g)));
                optimizer.apply(sd, gradients, iteration++, epoch);
            }
            LOG.info("MNIST classifier epoch {}/{}: training cross-entropy {} nats per image ({} s)", epoch + 1,
                    epochs, String.format(Locale.ROOT, "%.4f", lossSum / n),
                    String.format(Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9));
        }
    }
}
