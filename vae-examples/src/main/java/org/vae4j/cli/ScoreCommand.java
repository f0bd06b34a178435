package org.vae4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.Vae;
import org.vae4j.anomaly.AnomalyMetrics;
import org.vae4j.anomaly.AnomalyScorer;
import org.vae4j.anomaly.AnomalyThreshold;
import org.vae4j.console.Evaluations;
import org.vae4j.console.OutputFiles;
import org.vae4j.console.Progress;
import org.vae4j.data.Dataset;
import org.vae4j.data.table.TableDataset;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vae4j score}: an anomaly score per example ({@link AnomalyScorer}), in nats, higher for examples less like
 * the training data, on the inputs {@code evaluate} takes (MNIST, IDX files, {@code --image-folder}, or a
 * {@code --csv} table read with the model's preprocessing): -log p(x) importance-sampled with {@code -k} samples
 * (the default), or with {@code --reconstruction} the cheaper -log p(x | z = posterior mean). Writes
 * {@code id,score,flag[,label]} ({@link ScoresCsv}) atomically; an example is flagged when its score is above the
 * threshold: {@code --threshold}, or the {@code --threshold-quantile} of the scores in {@code --threshold-scores} (a
 * file this command wrote for the training or a validation set), or of the scored inputs themselves. With labels and
 * {@code --anomaly-labels} (the labels that mark anomalies; a table's label values) it prints ROC AUC and average
 * precision ({@link AnomalyMetrics}) and the precision and recall of the flags. {@code --pca N --fit-csv FILE}
 * scores a table by the PCA baseline instead ({@link PcaScoring}).
 */
@Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Anomaly scores per example, -log p(x) (importance-sampled) or the reconstruction score, to"
                + " a CSV of id, score, flag (and label); with --anomaly-labels, ROC AUC and PR AUC.",
                "--pca N --fit-csv TRAIN.csv scores a --csv table by the baseline instead: the squared reconstruction"
                        + " error of PCA with N components, fitted on TRAIN.csv's rows as the model's preprocessing"
                        + " reads them (standardized numeric, one-hot categorical columns)."},
        footer = {"", "Examples:",
                "  vae4j score -m runs/mnist/model.vae --split train -o runs/mnist/train.csv",
                "  vae4j score -m runs/mnist/model.vae -o runs/mnist/test.csv \\",
                "      --threshold-quantile 0.99 --threshold-scores runs/mnist/train.csv \\",
                "      --anomaly-labels 1,7",
                "  vae4j score -m runs/wdbc/model.vae --csv test.csv --anomaly-labels malignant",
                "  vae4j score -m runs/wdbc/model.vae --csv test.csv --pca 4 --fit-csv train.csv \\",
                "      --anomaly-labels malignant -o runs/wdbc/pca-scores.csv"})
public final class ScoreCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ScoreCommand.class);

    @Mixin
    ModelOptions model;

    @Mixin
    ModelInputs inputs;

    @Option(names = "-k", defaultValue = "100", paramLabel = "K",
            description = "Importance samples per example for -log p(x) (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--reconstruction",
            description = "Score by -log p(x | z = posterior mean) instead: one decoder pass per example.")
    boolean reconstruction;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "SEED",
            description = "Seed of the samples (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "The CSV file (default: scores.csv beside the model).")
    Path output;

    @ArgGroup(exclusive = true)
    Threshold threshold = new Threshold();

    /** How the threshold is chosen. */
    static final class Threshold {
        @Option(names = "--threshold", paramLabel = "NATS", description = "Flag scores above this value.")
        Double value;

        @Option(names = "--threshold-quantile", paramLabel = "Q", description = "Flag scores above the Q-quantile"
                + " (0 < Q <= 1) of the --threshold-scores, or of the inputs' own scores (default: 0.99).")
        Double quantile;
    }

    @Option(names = "--threshold-scores", paramLabel = "FILE", description = "A CSV written by 'vae4j score' on"
            + " normal data (the training or a validation set) whose scores give the --threshold-quantile.")
    Path thresholdScores;

    @Option(names = "--anomaly-labels", split = ",", paramLabel = "LABEL",
            description = "The labels that mark anomalies (e.g. 1,7; for a --csv table, values of its label column"
                    + " such as malignant): prints ROC AUC and PR AUC; needs labels.")
    List<String> anomalyLabels;

    @Option(names = "--pca", paramLabel = "COMPONENTS", description = "Score by the squared reconstruction error"
            + " of PCA with this many components (the baseline) instead of the model; the PCA is fitted on"
            + " --fit-csv, read like --csv with the model's preprocessing.")
    Integer pca;

    @Option(names = "--fit-csv", paramLabel = "FILE",
            description = "--pca: the table to fit the PCA on (the model's training table, e.g. train.csv).")
    Path fitCsv;

    @CommandLine.ParentCommand
    Vae4jCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!reconstruction && k < 1) {
            throw new IllegalArgumentException("-k must be >= 1, got " + k);
        }
        if (thresholdScores != null && threshold.value != null) {
            throw new IllegalArgumentException("--threshold-scores goes with --threshold-quantile, not --threshold");
        }
        double quantile = threshold.quantile != null ? threshold.quantile : 0.99;
        if (threshold.value == null && !(quantile > 0 && quantile <= 1)) {
            throw new IllegalArgumentException("--threshold-quantile must be in (0, 1], got " + quantile);
        }
        PcaScoring.check(this);
        double[] reference = thresholdScores != null ? ScoresCsv.readScores(thresholdScores) : null;
        Vae vae = model.load();
        Dataset data = inputs.load(vae);
        String source = inputs.description();
        // the training table's label values, then those only this table has (an anomaly class left out of training)
        List<String> labelNames = data instanceof TableDataset t ? t.labelNames().orElse(null) : null;
        boolean[] anomaly = anomalies(data, source, labelNames);

        Object scorer;
        double[] scores;
        if (pca != null) {
            PcaScoring.Result result = PcaScoring.score(pca, fitCsv, vae, data);
            scorer = result.description();
            scores = result.scores();
        } else {
            AnomalyScorer vaeScorer = reconstruction ? AnomalyScorer.reconstruction(vae)
                    : AnomalyScorer.importanceSampling(vae, k, seed);
            scorer = vaeScorer;
            scores = Evaluations.score(vaeScorer, data, "examples", parent != null ? parent.progress()
                    : Progress.of(Progress.Mode.auto));
        }
        AnomalyThreshold t = threshold.value != null ? AnomalyThreshold.of(threshold.value)
                : AnomalyThreshold.fromQuantile(reference != null ? reference : scores, quantile);
        Path csv = model.output(output, "scores.csv");
        OutputFiles.wrote(ScoresCsv.write(csv, scores, t, data.hasLabels() ? data.labels() : null, labelNames));

        boolean[] flags = t.flags(scores);
        int flagged = 0;
        for (boolean f : flags) {
            flagged += f ? 1 : 0;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s on %s (%,d examples), %s per example: mean %.2f%n", scorer, source,
                scores.length, pca != null ? "squared error" : "nats",
                java.util.Arrays.stream(scores).average().orElse(Double.NaN));
        out.printf(Locale.ROOT, "  threshold %s%s: %,d flagged (%.2f%%)%n", t, threshold.value != null ? ""
                : reference != null ? " of " + thresholdScores : " of these scores", flagged,
                100.0 * flagged / scores.length);
        if (anomaly != null) {
            AnomalyMetrics metrics = AnomalyMetrics.of(scores, anomaly);
            int truePositives = 0;
            for (int i = 0; i < flags.length; i++) {
                truePositives += flags[i] && anomaly[i] ? 1 : 0;
            }
            out.printf(Locale.ROOT, "  anomalies (labels %s): %,d of %,d%n", anomalyLabels, metrics.anomalies(),
                    scores.length);
            out.printf(Locale.ROOT, "  ROC AUC %.4f   PR AUC (average precision) %.4f%n", metrics.rocAuc(),
                    metrics.averagePrecision());
            out.printf(Locale.ROOT, "  flags: precision %.4f, recall %.4f%n",
                    flagged > 0 ? (double) truePositives / flagged : Double.NaN,
                    (double) truePositives / metrics.anomalies());
        }
        out.flush();
        return 0;
    }

    /**
     * Which examples are anomalies by {@code --anomaly-labels}, or null if it is not given.
     *
     * @param labelNames the values of a table's label column (label i is value i), or null for integer labels
     */
    private boolean[] anomalies(Dataset data, String source, List<String> labelNames) {
        if (anomalyLabels == null) {
            return null;
        }
        if (!data.hasLabels()) {
            throw new IllegalArgumentException("--anomaly-labels needs labelled inputs, but " + source
                    + " has no labels");
        }
        Set<Integer> marked = new HashSet<>();
        for (String label : anomalyLabels) {
            String value = label.strip();
            if (labelNames != null && labelNames.contains(value)) {
                marked.add(labelNames.indexOf(value));
                continue;
            }
            try {
                marked.add(Integer.parseInt(value));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--anomaly-labels: '" + value + "' is not "
                        + (labelNames != null ? "a value of the label column " + labelNames : "an integer label"));
            }
        }
        int[] labels = data.labels();
        boolean[] anomaly = new boolean[labels.length];
        for (int i = 0; i < labels.length; i++) {
            anomaly[i] = marked.contains(labels[i]);
        }
        log.info("--anomaly-labels {}: {} anomalies", anomalyLabels, java.util.stream.IntStream.range(0,
                labels.length).filter(i -> anomaly[i]).count());
        return anomaly;
    }
}
