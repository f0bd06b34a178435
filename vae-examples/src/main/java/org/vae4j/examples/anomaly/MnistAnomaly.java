package org.vae4j.examples.anomaly;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.Vae;
import org.vae4j.VaeConfig;
import org.vae4j.VaeTrainer;
import org.vae4j.anomaly.AnomalyMetrics;
import org.vae4j.anomaly.AnomalyScorer;
import org.vae4j.anomaly.PcaBaseline;
import org.vae4j.console.CommandLines;
import org.vae4j.console.Evaluations;
import org.vae4j.console.Progress;
import org.vae4j.console.RunOptions;
import org.vae4j.console.TrainingProgress;
import org.vae4j.data.Dataset;
import org.vae4j.data.ImageDataset;
import org.vae4j.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Anomaly detection on MNIST, one digit at a time: for each held-out digit, trains the reference VAE (MLP
 * 784-512-16, Bernoulli likelihood) on the training images of the nine other digits, scores the 10,000 test images,
 * and measures how well each score ranks the held-out digit (the anomalies, about 10% of the test set) above the
 * others: ROC AUC and average precision (PR AUC) of
 * <ul>
 *   <li>the VAE's -log p(x), importance-sampled with {@code --k} samples
 *       ({@link AnomalyScorer#importanceSampling});</li>
 *   <li>the VAE's reconstruction score -log p(x | z = posterior mean) ({@link AnomalyScorer#reconstruction});</li>
 *   <li>the PCA reconstruction error with as many components as latent dimensions, fitted on the same training
 *       images ({@link PcaBaseline}).</li>
 * </ul>
 * Prints the table (also written to {@code anomaly-auc.md} in the output folder) and the time each scoring took;
 * with {@code --save-models}, writes each model ({@code model-without-D.vae}) for {@code vae4j score}.
 *
 * <pre>
 * java -Xmx3g -cp "vae-examples/target/vae-examples.jar:vae-examples/target/lib/*" \
 *     org.vae4j.examples.anomaly.MnistAnomaly --epochs 5
 * </pre>
 */
@Command(name = "mnist-anomaly", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Trains a VAE on all MNIST digits but one and scores the test set, the held-out digit being"
                + " the anomaly class, for each digit; prints the ROC AUC of -log p(x), the reconstruction score"
                + " and PCA.")
public final class MnistAnomaly implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(MnistAnomaly.class);

    @Option(names = "--k", defaultValue = "100", paramLabel = "K",
            description = "Importance samples per image for -log p(x) (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--digits", split = ",", paramLabel = "D", defaultValue = "0,1,2,3,4,5,6,7,8,9",
            description = "The digits to hold out, one run each (default: ${DEFAULT-VALUE}).")
    List<Integer> digits;

    @Option(names = "--pca-components", paramLabel = "M",
            description = "Principal components of the PCA baseline (default: the latent size).")
    Integer pcaComponents;

    @Option(names = "--save-models", description = "Write each model to model-without-D.vae in the output folder"
            + " (for 'vae4j score').")
    boolean saveModels;

    @Mixin
    RunOptions options = new RunOptions(16, 5);

    /** The figures of one held-out digit. */
    record Row(int digit, int anomalies, AnomalyMetrics logPx, AnomalyMetrics reconstruction, AnomalyMetrics pca,
            double logPxSeconds) {
    }

    @Override
    public Integer call() throws Exception {
        if (k < 1) {
            throw new IllegalArgumentException("--k must be >= 1, got " + k);
        }
        for (int digit : digits) {
            if (digit < 0 || digit > 9) {
                throw new IllegalArgumentException("--digits must be in 0..9, got " + digit);
            }
        }
        int components = pcaComponents != null ? pcaComponents : options.latentSize();
        Path out = options.start("mnist-anomaly");
        RunOptions.Data data = options.load();
        ImageDataset test = data.test();
        int[] testLabels = test.labels();
        VaeConfig config = options.config().build();
        List<Row> rows = new ArrayList<>();
        for (int digit : digits) {
            ImageDataset normal = without(data.train(), digit);
            log.info("Digit {} held out: training on {} images of the other digits", digit, normal.size());
            Vae vae;
            try (TrainingProgress bar = new TrainingProgress(Progress.of(Progress.Mode.auto), config.epochs(),
                    normal.size(), config.batchSize(), true)) {
                vae = new VaeTrainer(config).withListeners(bar).fit(normal).model();
            }
            if (saveModels) {
                Path file = out.resolve("model-without-" + digit + ".vae");
                vae.save(file);
                log.info("Wrote {}", file);
            }
            boolean[] anomaly = new boolean[testLabels.length];
            for (int i = 0; i < anomaly.length; i++) {
                anomaly[i] = testLabels[i] == digit;
            }
            long started = System.nanoTime();
            double[] logPx = score(AnomalyScorer.importanceSampling(vae, k, options.seed()), test);
            double seconds = (System.nanoTime() - started) / 1e9;
            log.info(String.format(Locale.ROOT, "Scored %,d test images with -log p(x), k=%d, in %.1f s", test.size(),
                    k, seconds));
            double[] reconstruction = score(AnomalyScorer.reconstruction(vae), test);
            PcaBaseline pca = PcaBaseline.fit(normal, components);
            log.info(String.format(Locale.ROOT, "PCA: %d components explain %.1f%% of the variance", components,
                    100 * pca.explainedVariance()));
            Row row = new Row(digit, IntStream.range(0, anomaly.length).map(i -> anomaly[i] ? 1 : 0).sum(),
                    AnomalyMetrics.of(logPx, anomaly), AnomalyMetrics.of(reconstruction, anomaly),
                    AnomalyMetrics.of(pca.score(test), anomaly), seconds);
            rows.add(row);
            log.info("Held-out digit {}: ROC AUC -log p(x) {}, reconstruction {}, PCA {}", digit,
                    f(row.logPx().rocAuc()), f(row.reconstruction().rocAuc()), f(row.pca().rocAuc()));
        }
        String table = table(rows, k, components);
        System.out.println(table);
        Path file = out.resolve("anomaly-auc.md");
        AtomicFiles.write(file, stream -> stream.write(table.getBytes(StandardCharsets.UTF_8)));
        log.info("Wrote {}", file);
        return 0;
    }

    private static double[] score(AnomalyScorer scorer, Dataset data) {
        return Evaluations.score(scorer, data, "images", Progress.of(Progress.Mode.auto));
    }

    /** The training images of every digit but one. */
    static ImageDataset without(ImageDataset train, int digit) {
        int[] labels = train.labels();
        int[] kept = IntStream.range(0, labels.length).filter(i -> labels[i] != digit).toArray();
        int[] keptLabels = IntStream.of(kept).map(i -> labels[i]).toArray();
        return ImageDataset.of(train.gather(kept, null), keptLabels, train.shape());
    }

    /** The Markdown table: one row per held-out digit, then the mean. */
    static String table(List<Row> rows, int k, int components) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "| held-out digit | anomalies | ROC AUC -log p(x), k=%d | ROC AUC"
                + " reconstruction | ROC AUC PCA (%d) | PR AUC -log p(x) | PR AUC reconstruction | PR AUC PCA |%n",
                k, components));
        s.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        double[] sums = new double[6];
        for (Row r : rows) {
            double[] v = {r.logPx().rocAuc(), r.reconstruction().rocAuc(), r.pca().rocAuc(),
                r.logPx().averagePrecision(), r.reconstruction().averagePrecision(), r.pca().averagePrecision()};
            s.append(String.format(Locale.ROOT, "| %d | %,d |", r.digit(), r.anomalies()));
            for (int i = 0; i < v.length; i++) {
                sums[i] += v[i];
                s.append(' ').append(f(v[i])).append(" |");
            }
            s.append('\n');
        }
        s.append("| mean | |");
        for (double sum : sums) {
            s.append(' ').append(f(sum / rows.size())).append(" |");
        }
        s.append('\n');
        return s.toString();
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /**
     * Runs the example.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        CommandLines.run(new MnistAnomaly(), args);
    }
}
