package org.vae4j.prior;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.GraphProbe;
import org.vae4j.nn.DiagonalGaussianVariables;

/** Closed-form KL divergences against values computed by hand and by Monte Carlo. */
class KlDivergenceTest {

    private static double[] kl(Prior prior, int rows, double[] mean, double[] logVar) {
        GraphProbe p = new GraphProbe();
        SDVariable mu = p.input("mu", rows, mean);
        SDVariable lv = p.input("lv", rows, logVar);
        return p.eval(prior.define(p.ctx, mean.length / rows).klDivergence(new DiagonalGaussianVariables(mu, lv)));
    }

    @Test
    void klOfADistributionFromItselfIsZero() {
        double[] m = {0.3, -1.2, 2.0};
        double[] s = {0.5, 1.0, 3.0};
        double[] logVar = {Math.log(0.25), 0.0, Math.log(9.0)};
        double[] kl = kl(new DiagonalGaussianPrior(m, s), 1, m, logVar);
        assertEquals(0.0, kl[0], 1e-12);
        assertEquals(0.0, kl(new StandardNormalPrior(), 1, new double[] {0, 0}, new double[] {0, 0})[0], 1e-12);
    }

    @Test
    void equalVarianceGaussiansGiveSquaredDistanceOverTwoSigmaSquared() {
        double sigma = 1.7;
        double[] m = {0.0, 1.0};
        double[] mu = {0.5, -2.0};
        double logVar = Math.log(sigma * sigma);
        double[] kl = kl(new DiagonalGaussianPrior(m, new double[] {sigma, sigma}), 1, mu,
                new double[] {logVar, logVar});
        double expected = (0.25 + 9.0) / (2 * sigma * sigma);
        assertEquals(expected, kl[0], 1e-12);
    }

    @Test
    void standardNormalKlMatchesKingmaWellingAppendixB() {
        // two examples, two dimensions: KL = 1/2 sum(sigma^2 + mu^2 - 1 - log sigma^2)
        double[] mu = {0.5, -1.0, 0.0, 2.0};
        double[] var = {2.0, 0.5, 1.0, 0.1};
        double[] logVar = new double[4];
        for (int i = 0; i < 4; i++) {
            logVar[i] = Math.log(var[i]);
        }
        double[] kl = kl(new StandardNormalPrior(), 2, mu, logVar);
        double first = 0.5 * ((2.0 + 0.25 - 1 - Math.log(2.0)) + (0.5 + 1.0 - 1 - Math.log(0.5)));
        double second = 0.5 * ((1.0 + 0.0 - 1 - 0.0) + (0.1 + 4.0 - 1 - Math.log(0.1)));
        assertArrayEquals(new double[] {first, second}, kl, 1e-12);
    }

    @Test
    void diagonalGaussianPriorKlMatchesMonteCarloEstimate() {
        double[] m = {1.0, -0.5, 0.0};
        double[] s = {2.0, 0.7, 1.3};
        double[] mu = {0.2, 0.4, -1.0};
        double[] sigma = {0.8, 1.1, 0.3};
        double[] logVar = new double[3];
        for (int j = 0; j < 3; j++) {
            logVar[j] = Math.log(sigma[j] * sigma[j]);
        }
        double closedForm = kl(new DiagonalGaussianPrior(m, s), 1, mu, logVar)[0];

        // KL = E_q[log q(z) - log p(z)], estimated with 400k draws from q.
        SplittableRandom random = new SplittableRandom(7);
        int n = 400_000;
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            double v = 0;
            for (int j = 0; j < 3; j++) {
                double z = mu[j] + sigma[j] * random.nextGaussian();
                v += logNormal(z, mu[j], sigma[j]) - logNormal(z, m[j], s[j]);
            }
            sum += v;
            sumSq += v * v;
        }
        double mean = sum / n;
        double standardError = Math.sqrt((sumSq / n - mean * mean) / n);
        assertTrue(Math.abs(mean - closedForm) < 4 * standardError,
                "closed form " + closedForm + " vs Monte Carlo " + mean + " +- " + standardError);
        assertTrue(closedForm > 1.0, "the test case should have a sizeable KL, got " + closedForm);
    }

    @Test
    void priorSamplesHaveThePriorsMoments() {
        DiagonalGaussianPrior prior = new DiagonalGaussianPrior(new double[] {3.0, -1.0}, new double[] {0.5, 2.0});
        INDArray z = prior.sample(100_000, 2, new SplittableRandom(3), DataType.DOUBLE);
        assertArrayEquals(new double[] {3.0, -1.0}, z.mean(0).toDoubleVector(), 0.02);
        assertArrayEquals(new double[] {0.5, 2.0}, z.std(0).toDoubleVector(), 0.02);
    }

    private static double[] logDensity(Prior prior, double... z) {
        GraphProbe p = new GraphProbe();
        return p.eval(prior.define(p.ctx, 2).logDensity(p.input("z", z.length / 2, z)));
    }

    @Test
    void logDensitiesMatchTheNormalDensity() {
        double[] z = {0.0, 0.0, 1.0, -2.0};
        assertArrayEquals(new double[] {-Math.log(2 * Math.PI), -Math.log(2 * Math.PI) - 2.5},
                logDensity(new StandardNormalPrior(), z), 1e-12);
        DiagonalGaussianPrior p = new DiagonalGaussianPrior(new double[] {1.0, -1.0}, new double[] {2.0, 0.5});
        double expected = logNormal(0.0, 1.0, 2.0) + logNormal(0.0, -1.0, 0.5);
        assertEquals(expected, logDensity(p, z)[0], 1e-12);
    }

    @Test
    void invalidPriorsNameTheField() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new DiagonalGaussianPrior(new double[] {0, 0}, new double[] {1, -1}));
        assertTrue(e.getMessage().contains("standardDeviation[1]"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class,
                () -> new DiagonalGaussianPrior(new double[] {0}, new double[] {1, 1}));
        assertTrue(e2.getMessage().contains("mean"), e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class,
                () -> new DiagonalGaussianPrior(new double[] {0}, new double[] {1}).checkLatentSize(2));
        assertTrue(e3.getMessage().contains("latentSize"), e3.getMessage());
    }

    private static double logNormal(double z, double mean, double sd) {
        double d = (z - mean) / sd;
        return -0.5 * (Math.log(2 * Math.PI) + 2 * Math.log(sd) + d * d);
    }
}
