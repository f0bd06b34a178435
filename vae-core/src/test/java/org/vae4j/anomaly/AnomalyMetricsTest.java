package org.vae4j.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** ROC AUC and average precision against values computed by hand, with and without tied scores. */
class AnomalyMetricsTest {
    private static final boolean T = true;
    private static final boolean F = false;

    @Test
    void scikitLearnsDocumentedExample() {
        // roc_auc_score and average_precision_score of [0, 0, 1, 1] with these scores: 0.75 and 0.8333
        double[] scores = {0.1, 0.4, 0.35, 0.8};
        boolean[] anomaly = {F, F, T, T};
        // pairs (anomaly, normal) ranked right: (0.35, 0.1), (0.8, 0.1), (0.8, 0.4): 3 of 4
        assertEquals(0.75, AnomalyMetrics.rocAuc(scores, anomaly), 1e-12);
        // 0.8 (anomaly): P 1, R 1/2; 0.4: R unchanged; 0.35 (anomaly): P 2/3, R 1 -> 1/2 * 1 + 1/2 * 2/3
        assertEquals(5.0 / 6, AnomalyMetrics.averagePrecision(scores, anomaly), 1e-12);
        AnomalyMetrics m = AnomalyMetrics.of(scores, anomaly);
        assertEquals(2, m.anomalies());
        assertEquals(2, m.normal());
    }

    @Test
    void tiedScoresCountOneHalfAndFormOneThreshold() {
        double[] scores = {3, 2, 2, 1};
        boolean[] anomaly = {T, T, F, F};
        // (3,2) 1, (3,1) 1, (2,2) 1/2, (2,1) 1 -> 3.5 / 4
        assertEquals(0.875, AnomalyMetrics.rocAuc(scores, anomaly), 1e-12);
        // score 3: P 1, R 1/2; score 2 (one anomaly, one normal at once): P 2/3, R 1 -> 1/2 + 1/2 * 2/3
        assertEquals(5.0 / 6, AnomalyMetrics.averagePrecision(scores, anomaly), 1e-12);

        double[] allTied = {7, 7, 7, 7, 7};
        boolean[] twoOfFive = {T, F, F, T, F};
        assertEquals(0.5, AnomalyMetrics.rocAuc(allTied, twoOfFive), 1e-12);
        // one threshold flags everything: P 2/5 at R 1
        assertEquals(0.4, AnomalyMetrics.averagePrecision(allTied, twoOfFive), 1e-12);
    }

    @Test
    void perfectAndReversedRankings() {
        double[] scores = {1, 2, 3, 4};
        assertEquals(1.0, AnomalyMetrics.rocAuc(scores, new boolean[] {F, F, T, T}), 1e-12);
        assertEquals(1.0, AnomalyMetrics.averagePrecision(scores, new boolean[] {F, F, T, T}), 1e-12);
        assertEquals(0.0, AnomalyMetrics.rocAuc(scores, new boolean[] {T, T, F, F}), 1e-12);
        // 4, 3 normal (R 0), 2: P 1/3 at R 1/2, 1: P 2/4 at R 1 -> 1/2 * 1/3 + 1/2 * 1/2
        assertEquals(5.0 / 12, AnomalyMetrics.averagePrecision(scores, new boolean[] {T, T, F, F}), 1e-12);
    }

    @Test
    void rocAucIsTheProbabilityThatAnAnomalyScoresHigher() {
        SplittableRandom random = new SplittableRandom(5);
        int n = 400;
        double[] scores = new double[n];
        boolean[] anomaly = new boolean[n];
        for (int i = 0; i < n; i++) {
            anomaly[i] = random.nextInt(4) == 0;
            scores[i] = random.nextInt(20) + (anomaly[i] ? 4 : 0); // many ties
        }
        double wins = 0;
        double pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (anomaly[i] && !anomaly[j]) {
                    pairs++;
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }
        double auc = AnomalyMetrics.rocAuc(scores, anomaly);
        assertEquals(wins / pairs, auc, 1e-12);
        assertTrue(auc > 0.6 && auc < 0.8, "shifted by 4 of 20: " + auc);
    }

    @Test
    void badInputIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AnomalyMetrics.of(new double[] {1, 2}, new boolean[] {T}));
        assertEquals("2 scores but 1 labels", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> AnomalyMetrics.of(new double[] {1, Double.NaN}, new boolean[] {T, F}));
        assertEquals("score 1 is NaN", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> AnomalyMetrics.of(new double[] {1, 2}, new boolean[] {F, F}));
        assertTrue(e.getMessage().contains("got 0 anomalies and 2 normal"), e.getMessage());
    }
}
