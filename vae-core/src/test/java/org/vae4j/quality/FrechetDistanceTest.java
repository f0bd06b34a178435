package org.vae4j.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FrechetDistanceTest {

    @Test
    void diagonalCovariancesMatchTheClosedForm() {
        double[] mu1 = {1, -2, 0.5};
        double[] mu2 = {0, 1, 0.5};
        double[] a = {4, 0.25, 9};
        double[] b = {1, 1, 16};
        // ||mu1 - mu2||^2 + sum (sqrt(a) - sqrt(b))^2 = (1 + 9 + 0) + (1 + 0.25 + 1) = 12.25
        assertEquals(12.25, FrechetDistance.of(mu1, diag(a), mu2, diag(b)), 1e-10);
    }

    @Test
    void nonDiagonal2x2MatchesTheTraceFormulaOfA2x2SquareRoot() {
        // For a 2x2 matrix M with non-negative eigenvalues, tr(M^(1/2)) = sqrt(tr M + 2 sqrt(det M)); with
        // M = S1 S2: tr M = tr(S1 S2), det M = det S1 det S2. An independent computation of the cross term.
        double[][] s1 = {{2, 0.8}, {0.8, 1}};
        double[][] s2 = {{1.5, -0.6}, {-0.6, 3}};
        double trProduct = s1[0][0] * s2[0][0] + s1[0][1] * s2[1][0] + s1[1][0] * s2[0][1] + s1[1][1] * s2[1][1];
        double det1 = s1[0][0] * s1[1][1] - s1[0][1] * s1[1][0];
        double det2 = s2[0][0] * s2[1][1] - s2[0][1] * s2[1][0];
        double crossTrace = Math.sqrt(trProduct + 2 * Math.sqrt(det1 * det2));
        double[] mu1 = {0.3, -1};
        double[] mu2 = {-0.2, 0.5};
        double expected = 0.25 + 2.25 + (2 + 1) + (1.5 + 3) - 2 * crossTrace;
        assertEquals(expected, FrechetDistance.of(mu1, s1, mu2, s2), 1e-10);
        // the figure itself, from scipy.linalg.sqrtm: 0.25 + 2.25 + trace(s1 + s2 - 2 sqrtm(s1 @ s2))
        assertEquals(3.7435816047874644, expected, 1e-12);
    }

    @Test
    void commutingCovariancesInARotatedBasisMatchTheDiagonalFormula() {
        // S1 = Q diag(a) Q^T, S2 = Q diag(b) Q^T share eigenvectors: d = sum (sqrt(a) - sqrt(b))^2
        double t = 0.7;
        double[][] q = {{Math.cos(t), -Math.sin(t), 0}, {Math.sin(t), Math.cos(t), 0}, {0, 0, 1}};
        double[] a = {5, 0.5, 2};
        double[] b = {0.2, 3, 2};
        double expected = 0;
        for (int i = 0; i < 3; i++) {
            expected += Math.pow(Math.sqrt(a[i]) - Math.sqrt(b[i]), 2);
        }
        double[] mu = {0, 0, 0};
        assertEquals(expected, FrechetDistance.of(mu, rotate(q, a), mu, rotate(q, b)), 1e-9);
    }

    @Test
    void symmetricAndZeroForIdenticalGaussians() {
        double[][] s1 = {{2, 0.8, 0.1}, {0.8, 1, -0.3}, {0.1, -0.3, 0.7}};
        double[][] s2 = {{1, 0.2, 0}, {0.2, 2, 0.4}, {0, 0.4, 1.2}};
        double[] mu1 = {1, 2, 3};
        double[] mu2 = {0, 2.5, 3};
        double d12 = FrechetDistance.of(mu1, s1, mu2, s2);
        assertEquals(d12, FrechetDistance.of(mu2, s2, mu1, s1), 1e-10);
        assertTrue(d12 > 0.1, "distinct Gaussians are apart: " + d12);
        assertEquals(0, FrechetDistance.of(mu1, s1, mu1, s1), 1e-10);
    }

    @Test
    void singularCovariancesAreHandled() {
        // a dimension that never varies (a dead feature): eigenvalue 0, possibly -1e-17 after rounding
        double[][] s1 = {{1, 1}, {1, 1}};
        double[][] s2 = {{1, 1}, {1, 1}};
        assertEquals(0, FrechetDistance.of(new double[2], s1, new double[2], s2), 1e-10);
        double[][] zero = {{0, 0}, {0, 0}};
        assertEquals(2, FrechetDistance.of(new double[2], s1, new double[2], zero), 1e-10);
    }

    @Test
    void samplesOfOneGaussianAreNearZeroAndShiftedOnesNearTheSquaredShift() {
        SplittableRandom rng = new SplittableRandom(7);
        double[][] l = {{1, 0, 0}, {0.5, 0.8, 0}, {-0.3, 0.2, 0.6}}; // S = L L^T
        double[] shift = {1, -2, 0.5};
        double[][] x1 = gaussian(rng, 20_000, l, new double[3]);
        double[][] x2 = gaussian(rng, 20_000, l, new double[3]);
        double[][] x3 = gaussian(rng, 20_000, l, shift);
        double same = FrechetDistance.ofSamples(x1, x2);
        double shifted = FrechetDistance.ofSamples(x1, x3);
        assertTrue(same < 0.01, "same Gaussian: " + same);
        assertEquals(1 + 4 + 0.25, shifted, 0.1);
    }

    @Test
    void badArgumentsAreNamed() {
        double[][] s = {{1, 0}, {0, 1}};
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> FrechetDistance.of(new double[2], s, new double[3], s));
        assertTrue(size.getMessage().contains("mu2"), size.getMessage());
        IllegalArgumentException asym = assertThrows(IllegalArgumentException.class,
                () -> FrechetDistance.of(new double[2], new double[][] {{1, 0.5}, {0, 1}}, new double[2], s));
        assertTrue(asym.getMessage().contains("s1 is not symmetric"), asym.getMessage());
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
                () -> FrechetDistance.ofSamples(new double[][] {{1, 2}}, new double[][] {{1, 2}, {3, 4}}));
        assertTrue(one.getMessage().contains("x1 needs at least 2 rows"), one.getMessage());
    }

    private static double[][] diag(double[] d) {
        double[][] m = new double[d.length][d.length];
        for (int i = 0; i < d.length; i++) {
            m[i][i] = d[i];
        }
        return m;
    }

    private static double[][] rotate(double[][] q, double[] d) {
        int n = d.length;
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    m[i][j] += q[i][k] * d[k] * q[j][k];
                }
            }
        }
        return m;
    }

    private static double[][] gaussian(SplittableRandom rng, int n, double[][] l, double[] mean) {
        int d = mean.length;
        double[][] x = new double[n][d];
        double[] z = new double[d];
        for (int r = 0; r < n; r++) {
            for (int k = 0; k < d; k++) {
                z[k] = gauss(rng);
            }
            for (int i = 0; i < d; i++) {
                double v = mean[i];
                for (int k = 0; k <= i; k++) {
                    v += l[i][k] * z[k];
                }
                x[r][i] = v;
            }
        }
        return x;
    }

    private static double gauss(SplittableRandom rng) {
        // Box-Muller
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
