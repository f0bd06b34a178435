package org.vae4j.console;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.vae4j.Evaluation;
import org.vae4j.Vae;
import org.vae4j.anomaly.AnomalyScorer;
import org.vae4j.data.Dataset;
import org.vae4j.data.ImageDataset;

/** Scoring a model on a set of images while showing how far the estimate has come, and printing its figures. */
public final class Evaluations {

    private Evaluations() {
    }

    /**
     * {@link Vae#evaluate(ImageDataset, int, long, org.vae4j.EvaluationProgress)} with a progress bar (or a log line
     * every 10 s) while the importance-sampled estimate runs: for k = 5000 on the 10,000 MNIST test images it takes
     * many minutes.
     *
     * @param vae the model
     * @param data the images, {@code [n, inputSize]}
     * @param k importance samples per image, or 0 to skip the estimate
     * @param seed seeds every draw
     * @param progress where progress is shown
     * @return the figures, the same as {@code vae.evaluate(data, k, seed)}'s
     */
    public static Evaluation evaluate(Vae vae, Dataset data, int k, long seed, Progress progress) {
        if (k == 0) {
            return vae.evaluate(data, 0, seed);
        }
        try (Progress.Task task = progress.start("log p(x), k=" + k, data.size(), "images")) {
            int[] shown = {0};
            return vae.evaluate(data, k, seed, (done, total, mean) -> {
                task.step(done - shown[0], String.format(Locale.ROOT, "mean %.2f", mean));
                shown[0] = done;
            });
        }
    }

    /**
     * {@link AnomalyScorer#score(Dataset, AnomalyScorer.Progress)} with a progress bar (or a log line every 10 s)
     * showing the examples scored and their mean score.
     *
     * @param scorer the score
     * @param data the examples, {@code [n, inputSize]}
     * @param unit what an example is, for the progress line (e.g. {@code images})
     * @param progress where progress is shown
     * @return one score per example, nats, {@code [n]}
     * @throws IllegalArgumentException as {@link AnomalyScorer#score(Dataset)}
     */
    public static double[] score(AnomalyScorer scorer, Dataset data, String unit, Progress progress) {
        try (Progress.Task task = progress.start(scorer.toString(), data.size(), unit)) {
            int[] shown = {0};
            return scorer.score(data, (done, total, mean) -> {
                task.step(done - shown[0], String.format(Locale.ROOT, "mean %.2f", mean));
                shown[0] = done;
            });
        }
    }

    /**
     * A figure per latent dimension, such as the KL of each in nats, with two decimals: to print joined by spaces
     * ({@code 0.12 3.45}) or as the list ({@code [0.12, 3.45]}).
     *
     * @param values one per dimension
     * @return each as {@code %.2f}
     */
    public static List<String> perDimension(double[] values) {
        return Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, "%.2f", v)).toList();
    }
}
