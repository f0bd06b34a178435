package org.vae4j.anomaly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Quantile thresholds against the linear interpolation of order statistics (Hyndman and Fan's type 7). */
class AnomalyThresholdTest {
    /** 1..10, shuffled. */
    private static final double[] SCORES = {7, 3, 10, 1, 5, 9, 2, 8, 6, 4};

    @Test
    void quantilesInterpolateBetweenOrderStatistics() {
        // h = (n - 1) q; s[floor h] + frac(h) (s[floor h + 1] - s[floor h]) on the sorted scores 1..10
        assertEquals(9.1, AnomalyThreshold.fromQuantile(SCORES, 0.9).value(), 1e-12); // h = 8.1
        assertEquals(5.5, AnomalyThreshold.fromQuantile(SCORES, 0.5).value(), 1e-12); // h = 4.5
        assertEquals(9.91, AnomalyThreshold.fromQuantile(SCORES, 0.99).value(), 1e-12); // h = 8.91
        assertEquals(10, AnomalyThreshold.fromQuantile(SCORES, 1).value(), 1e-12);
        assertEquals(0.9, AnomalyThreshold.fromQuantile(SCORES, 0.9).quantile());
        assertEquals(4, AnomalyThreshold.fromQuantile(new double[] {4}, 0.99).value());
    }

    @Test
    void scoresAboveTheThresholdAreFlagged() {
        AnomalyThreshold t = AnomalyThreshold.fromQuantile(SCORES, 0.75); // h = 6.75: 7.75
        assertArrayEquals(new boolean[] {false, false, true, false, false, true, false, true, false, false},
                t.flags(SCORES));
        AnomalyThreshold given = AnomalyThreshold.of(5);
        assertFalse(given.isAnomaly(5), "equal is normal");
        assertTrue(given.isAnomaly(5.0001));
        assertTrue(Double.isNaN(given.quantile()));
    }

    @Test
    void badInputIsRefused() {
        assertEquals("quantile must be in (0, 1], got 0.0", assertThrows(IllegalArgumentException.class,
                () -> AnomalyThreshold.fromQuantile(SCORES, 0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> AnomalyThreshold.fromQuantile(SCORES, 1.01));
        assertThrows(IllegalArgumentException.class, () -> AnomalyThreshold.fromQuantile(SCORES, Double.NaN));
        assertEquals("a threshold needs at least one score, got none", assertThrows(IllegalArgumentException.class,
                () -> AnomalyThreshold.fromQuantile(new double[0], 0.5)).getMessage());
        assertEquals("score 2 is NaN", assertThrows(IllegalArgumentException.class,
                () -> AnomalyThreshold.fromQuantile(new double[] {1, 2, Double.NaN}, 0.5)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> AnomalyThreshold.of(Double.NaN));
    }
}
