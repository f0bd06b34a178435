package org.vae4j.anomaly;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * How well anomaly scores separate the anomalies from the normal examples, when labels say which are which; higher
 * scores are meant to be more anomalous.
 *
 * <ul>
 *   <li>ROC AUC: the area under the ROC curve (true positive rate against false positive rate over every threshold,
 *       joined linearly), which equals the probability that a random anomaly scores higher than a random normal
 *       example, ties counting one half: the Mann-Whitney statistic U / (n1 n0) (Hanley &amp; McNeil 1982, "The
 *       meaning and use of the area under a ROC curve", eq. 1-2). Computed from the ranks of the scores with ties
 *       given their average rank: {@code (R1 - n1 (n1 + 1) / 2) / (n1 n0)}, R1 the rank sum of the anomalies.
 *       0.5 is chance, 1 a perfect ranking.</li>
 *   <li>PR AUC as average precision: {@code AP = sum_t (R_t - R_(t-1)) P_t} over the distinct scores t from the
 *       highest down, with P_t and R_t the precision and recall of flagging every score {@code >= t} (the step-wise
 *       area under the precision-recall curve, without the optimistic linear interpolation; the definition of
 *       scikit-learn's {@code average_precision_score}). Chance is the fraction of anomalies.</li>
 * </ul>
 *
 * @param rocAuc the ROC AUC, in [0, 1]
 * @param averagePrecision the average precision, in (0, 1]
 * @param anomalies the number of anomalies
 * @param normal the number of normal examples
 */
public record AnomalyMetrics(double rocAuc, double averagePrecision, int anomalies, int normal) {

    /**
     * @param scores one score per example
     * @param anomaly whether each example is an anomaly
     * @return the ROC AUC and the average precision
     * @throws IllegalArgumentException if the arrays differ in length, a score is NaN, or there are no anomalies or
     *     no normal examples
     */
    public static AnomalyMetrics of(double[] scores, boolean[] anomaly) {
        return new AnomalyMetrics(rocAuc(scores, anomaly), averagePrecision(scores, anomaly), count(anomaly, true),
                count(anomaly, false));
    }

    /**
     * @param scores one score per example
     * @param anomaly whether each example is an anomaly
     * @return the area under the ROC curve, in [0, 1]
     * @throws IllegalArgumentException as {@link #of}
     */
    public static double rocAuc(double[] scores, boolean[] anomaly) {
        check(scores, anomaly);
        double[] ranks = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE).rank(scores);
        double rankSum = 0;
        for (int i = 0; i < ranks.length; i++) {
            if (anomaly[i]) {
                rankSum += ranks[i];
            }
        }
        double positives = count(anomaly, true);
        double negatives = count(anomaly, false);
        return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
    }

    /**
     * @param scores one score per example
     * @param anomaly whether each example is an anomaly
     * @return the average precision, in (0, 1]
     * @throws IllegalArgumentException as {@link #of}
     */
    public static double averagePrecision(double[] scores, boolean[] anomaly) {
        check(scores, anomaly);
        Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
        double positives = count(anomaly, true);
        int truePositives = 0;
        int flagged = 0;
        double recall = 0;
        double ap = 0;
        for (int start = 0; start < order.length;) {
            int end = start;
            while (end < order.length && scores[order[end]] == scores[order[start]]) {
                if (anomaly[order[end]]) {
                    truePositives++;
                }
                end++;
            }
            flagged = end;
            double newRecall = truePositives / positives;
            ap += (newRecall - recall) * truePositives / flagged;
            recall = newRecall;
            start = end;
        }
        return ap;
    }

    private static void check(double[] scores, boolean[] anomaly) {
        if (scores.length != anomaly.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + anomaly.length + " labels");
        }
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("score " + i + " is NaN");
            }
        }
        if (count(anomaly, true) == 0 || count(anomaly, false) == 0) {
            throw new IllegalArgumentException("ROC AUC and average precision need both anomalies and normal examples;"
                    + " got " + count(anomaly, true) + " anomalies and " + count(anomaly, false) + " normal");
        }
    }

    private static int count(boolean[] anomaly, boolean value) {
        int n = 0;
        for (boolean a : anomaly) {
            if (a == value) {
                n++;
            }
        }
        return n;
    }
}
