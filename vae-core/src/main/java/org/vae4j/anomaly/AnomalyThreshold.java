package org.vae4j.anomaly;

import java.util.Locale;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * The score above which an example is flagged as an anomaly: given directly, or the q-quantile of the scores of
 * data known to be (mostly) normal, such as the training or a validation set, so that a fraction of about
 * {@code 1 - q} of such data is flagged.
 *
 * <p>The quantile is the linear interpolation between order statistics of Hyndman &amp; Fan (1996, "Sample
 * quantiles in statistical packages", definition 7; R's and NumPy's default): with the n scores sorted,
 * {@code h = (n - 1) q}, the quantile is {@code s[floor h] + (h - floor h) (s[floor h + 1] - s[floor h])}
 * (Commons Math {@link Percentile} with {@link Percentile.EstimationType#R_7}).
 *
 * @param value the threshold, in the scores' unit (nats per example for {@link AnomalyScorer})
 * @param quantile the quantile it was taken at, or NaN if it was given directly
 */
public record AnomalyThreshold(double value, double quantile) {

    /**
     * @param value the threshold
     * @param quantile the quantile it was taken at, or NaN
     * @throws IllegalArgumentException if {@code value} is NaN
     */
    public AnomalyThreshold {
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("threshold must be a number, got NaN");
        }
    }

    /**
     * A threshold given directly.
     *
     * @param value the threshold
     * @return it
     * @throws IllegalArgumentException if {@code value} is NaN
     */
    public static AnomalyThreshold of(double value) {
        return new AnomalyThreshold(value, Double.NaN);
    }

    /**
     * The q-quantile of scores of normal data.
     *
     * @param scores the scores, at least one, none NaN
     * @param quantile q in {@code (0, 1]}, e.g. 0.99 to flag about 1% of data like {@code scores}
     * @return the threshold
     * @throws IllegalArgumentException if {@code scores} is empty, a score is NaN (naming its index) or
     *     {@code quantile} is outside {@code (0, 1]}
     */
    public static AnomalyThreshold fromQuantile(double[] scores, double quantile) {
        if (!(quantile > 0 && quantile <= 1)) {
            throw new IllegalArgumentException("quantile must be in (0, 1], got " + quantile);
        }
        if (scores.length == 0) {
            throw new IllegalArgumentException("a threshold needs at least one score, got none");
        }
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("score " + i + " is NaN");
            }
        }
        Percentile percentile = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        return new AnomalyThreshold(percentile.evaluate(scores, quantile * 100), quantile);
    }

    /**
     * @param score a score
     * @return whether it is above the threshold (a score equal to it is normal)
     */
    public boolean isAnomaly(double score) {
        return score > value;
    }

    /**
     * @param scores scores
     * @return {@link #isAnomaly} of each
     */
    public boolean[] flags(double[] scores) {
        boolean[] flags = new boolean[scores.length];
        for (int i = 0; i < scores.length; i++) {
            flags[i] = isAnomaly(scores[i]);
        }
        return flags;
    }

    @Override
    public String toString() {
        return Double.isNaN(quantile) ? String.format(Locale.ROOT, "%.4f", value)
                : String.format(Locale.ROOT, "%.4f (the %s-quantile)", value, quantile);
    }
}
