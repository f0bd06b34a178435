package org.vae4j.prior;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.GraphProbe;

/** The mixture-of-Gaussians prior: log-density and marginals against the host formula, samples, bad input. */
class GaussianMixturePriorTest {
    private static final GaussianMixturePrior PRIOR = new GaussianMixturePrior(new double[] {0.2, 0.5, 0.3},
            new double[][] {{-2, 0}, {1, 1}, {0, -3}}, new double[][] {{0.5, 1}, {1, 0.3}, {2, 0.7}});

    private static double logNormal(double z, double m, double s) {
        return -0.5 * Math.log(2 * Math.PI) - Math.log(s) - 0.5 * (z - m) * (z - m) / (s * s);
    }

    @Test
    void logDensityAndMarginalsMatchTheMixtureFormula() {
        double[] z = {0.3, -0.2, -2.5, 4.0, 30.0, -30.0};
        GraphProbe p = new GraphProbe();
        Prior.Distribution d = PRIOR.define(p.ctx, 2);
        var zIn = p.input("z", 3, z);
        double[] logP = p.eval(d.logDensity(zIn));
        double[] marginals = p.eval(d.marginalLogDensities(zIn).reshape(-1));
        double[] w = PRIOR.weights();
        double[][] m = PRIOR.means();
        double[][] s = PRIOR.standardDeviations();
        for (int i = 0; i < 3; i++) {
            double joint = 0;
            double[] marginal = new double[2];
            for (int c = 0; c < 3; c++) {
                joint += w[c] * Math.exp(logNormal(z[2 * i], m[c][0], s[c][0]) + logNormal(z[2 * i + 1], m[c][1],
                        s[c][1]));
                for (int j = 0; j < 2; j++) {
                    marginal[j] += w[c] * Math.exp(logNormal(z[2 * i + j], m[c][j], s[c][j]));
                }
            }
            if (i < 2) { // the third row is far in the tails, where the direct sum underflows; finite there
                assertEquals(Math.log(joint), logP[i], 1e-12, "row " + i);
                assertEquals(Math.log(marginal[0]), marginals[2 * i], 1e-12);
                assertEquals(Math.log(marginal[1]), marginals[2 * i + 1], 1e-12);
            }
        }
        assertTrue(Double.isFinite(logP[2]) && logP[2] < -500, "log-sum-exp stays finite: " + logP[2]);
        // one component with all the weight is that Gaussian
        GaussianMixturePrior one = new GaussianMixturePrior(new double[] {1}, new double[][] {{1, -1}},
                new double[][] {{2, 0.5}});
        GraphProbe q = new GraphProbe();
        assertEquals(logNormal(0, 1, 2) + logNormal(0, -1, 0.5),
                q.eval(one.define(q.ctx, 2).logDensity(q.input("z", 1, 0, 0)))[0], 1e-12);
    }

    @Test
    void samplesHaveTheMixturesMoments() {
        INDArray z = PRIOR.sample(200_000, 2, new SplittableRandom(9), DataType.DOUBLE);
        double[] w = PRIOR.weights();
        double[][] m = PRIOR.means();
        double[][] s = PRIOR.standardDeviations();
        for (int j = 0; j < 2; j++) {
            double mean = 0;
            double second = 0;
            for (int c = 0; c < 3; c++) {
                mean += w[c] * m[c][j];
                second += w[c] * (s[c][j] * s[c][j] + m[c][j] * m[c][j]);
            }
            assertEquals(mean, z.getColumn(j).meanNumber().doubleValue(), 0.02, "mean " + j);
            assertEquals(second - mean * mean, z.getColumn(j).varNumber().doubleValue(), 0.05, "variance " + j);
        }
    }

    @Test
    void theKlIsMonteCarloByDefault() {
        assertFalse(PRIOR.hasClosedFormKl());
        assertEquals(KlEstimator.MONTE_CARLO, PRIOR.defaultKlEstimator());
        assertEquals(KlEstimator.CLOSED_FORM, new StandardNormalPrior().defaultKlEstimator());
        GraphProbe p = new GraphProbe();
        Prior.Distribution d = PRIOR.define(p.ctx, 2);
        var q = new org.vae4j.nn.DiagonalGaussianVariables(p.input("mu", 1, 0, 0), p.input("lv", 1, 0, 0));
        assertThrows(UnsupportedOperationException.class, () -> d.klDivergence(q));
    }

    @Test
    void invalidMixturesNameTheField() {
        double[][] m = {{0, 0}, {1, 1}};
        double[][] s = {{1, 1}, {1, 1}};
        assertMessage("weights[1] must be finite and >= 0",
                () -> new GaussianMixturePrior(new double[] {1.5, -0.5}, m, s));
        assertMessage("weights must sum to 1, got 0.9",
                () -> new GaussianMixturePrior(new double[] {0.5, 0.4}, m, s));
        assertMessage("weights is empty: K must be >= 1",
                () -> new GaussianMixturePrior(new double[0], new double[0][], new double[0][]));
        assertMessage("standardDeviations[1][0] must be positive and finite",
                () -> new GaussianMixturePrior(new double[] {0.5, 0.5}, m, new double[][] {{1, 1}, {0, 1}}));
        assertMessage("means[1] has 1 values, expected 2",
                () -> new GaussianMixturePrior(new double[] {0.5, 0.5}, new double[][] {{0, 0}, {1}}, s));
        assertMessage("GaussianMixturePrior.means has 2 dimensions but latentSize is 3",
                () -> new GaussianMixturePrior(new double[] {0.5, 0.5}, m, s).checkLatentSize(3));
        assertMessage("K must be >= 1", () -> GaussianMixturePrior.random(0, 2, 1, 0));
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable body) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, body);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
