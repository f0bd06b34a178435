package org.vae4j.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InceptionScoreTest {

    @Test
    void uniformPredictionsScoreOne() {
        double[][] p = new double[50][10];
        for (double[] row : p) {
            java.util.Arrays.fill(row, 0.1);
        }
        assertEquals(1, InceptionScore.of(p), 1e-12);
    }

    @Test
    void confidentBalancedPredictionsScoreTheNumberOfClasses() {
        double[][] p = new double[70][7];
        for (int i = 0; i < p.length; i++) {
            p[i][i % 7] = 1;
        }
        assertEquals(7, InceptionScore.of(p), 1e-12);
        InceptionScore s = InceptionScore.overSplits(p, 10);
        assertEquals(7, s.mean(), 1e-12);
        assertEquals(0, s.standardDeviation(), 1e-12);
        assertEquals(10, s.splits());
    }

    @Test
    void confidentPredictionsOfOneClassScoreOne() {
        double[][] p = new double[20][3];
        for (double[] row : p) {
            row[1] = 1;
        }
        assertEquals(1, InceptionScore.of(p), 1e-12);
    }

    @Test
    void aTwoClassCaseMatchesTheDefinition() {
        // half the samples (0.9, 0.1), half (0.1, 0.9): p(y) = (0.5, 0.5), KL = 0.9 ln 1.8 + 0.1 ln 0.2 for each
        double[][] p = {{0.9, 0.1}, {0.1, 0.9}, {0.9, 0.1}, {0.1, 0.9}};
        assertEquals(Math.exp(0.9 * Math.log(1.8) + 0.1 * Math.log(0.2)), InceptionScore.of(p), 1e-12);
        assertEquals(1.44493, InceptionScore.of(p), 1e-5);
    }

    @Test
    void splitsGiveTheMeanAndStandardDeviationOfTheParts() {
        // first half: two classes, confident (score 2); second half: uniform (score 1)
        double[][] p = {{1, 0}, {0, 1}, {0.5, 0.5}, {0.5, 0.5}};
        InceptionScore s = InceptionScore.overSplits(p, 2);
        assertEquals(1.5, s.mean(), 1e-12);
        assertEquals(0.5, s.standardDeviation(), 1e-12); // np.std of {2, 1}, divisor 2
    }

    @Test
    void splitsUseEverySampleAsThePapersCodeDoes() {
        // n = 5, 2 splits: [0, 2) and [2, 5) (floor(s n / splits)); leaving the last sample out would make the
        // second split two uniform rows with score 1 (mean 1.5); with it the second split scores above 1
        double[][] p = {{1, 0}, {0, 1}, {0.5, 0.5}, {0.5, 0.5}, {1, 0}};
        InceptionScore s = InceptionScore.overSplits(p, 2);
        double second = InceptionScore.of(new double[][] {{0.5, 0.5}, {0.5, 0.5}, {1, 0}});
        assertTrue(second > 1.01, "the fifth sample changes the second split's score: " + second);
        assertEquals((2 + second) / 2, s.mean(), 1e-12);
        assertEquals(Math.abs(2 - second) / 2, s.standardDeviation(), 1e-12);
    }

    @Test
    void badInputIsNamed() {
        IllegalArgumentException sum = assertThrows(IllegalArgumentException.class,
                () -> InceptionScore.of(new double[][] {{0.5, 0.5}, {0.5, 0.6}}));
        assertTrue(sum.getMessage().contains("row 1 sums to"), sum.getMessage());
        IllegalArgumentException splits = assertThrows(IllegalArgumentException.class,
                () -> InceptionScore.overSplits(new double[][] {{1, 0}}, 2));
        assertTrue(splits.getMessage().startsWith("splits"), splits.getMessage());
    }
}
