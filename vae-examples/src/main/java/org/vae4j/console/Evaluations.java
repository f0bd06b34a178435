package org.vae4j.console;

import java.util.Locale;
import org.vae4j.Evaluation;
import org.vae4j.Vae;
import org.vae4j.data.ImageDataset;

/** Scoring a model on a set of images while showing how far the estimate has come. */
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
    public static Evaluation evaluate(Vae vae, ImageDataset data, int k, long seed, Progress progress) {
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
}
