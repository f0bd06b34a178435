package org.vae4j.likelihood;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.vae4j.GraphProbe;

/** Log-likelihoods against values computed by hand. */
class LikelihoodTest {

    private static double[] logProb(Likelihood likelihood, int rows, double[] x, double[] params) {
        GraphProbe p = new GraphProbe();
        var xv = p.input("x", rows, x);
        var pv = p.input("p", rows, params);
        return p.eval(likelihood.define(p.ctx, x.length / rows).logProbability(xv, pv));
    }

    private static double softplus(double l) {
        return Math.max(l, 0) + Math.log1p(Math.exp(-Math.abs(l)));
    }

    @Test
    void bernoulliLogLikelihoodIsXTimesLogitMinusSoftplus() {
        double[] x = {1.0, 0.0, 0.5, 0.0, 1.0, 0.25};
        double[] logits = {2.0, -1.0, 0.0, 3.0, -0.5, 1.5};
        double first = (2.0 - softplus(2.0)) + (0 - softplus(-1.0)) + (0 - Math.log(2));
        double second = (0 - softplus(3.0)) + (-0.5 - softplus(-0.5)) + (0.375 - softplus(1.5));
        assertArrayEquals(new double[] {first, second}, logProb(new BernoulliLikelihood(), 2, x, logits), 1e-12);
        // log sigmoid(2) for x = 1 computed directly
        assertArrayEquals(new double[] {Math.log(1 / (1 + Math.exp(-2.0)))},
                logProb(new BernoulliLikelihood(), 1, new double[] {1.0}, new double[] {2.0}), 1e-12);
    }

    @Test
    void bernoulliIsStableForExtremeLogits() {
        double[] lp = logProb(new BernoulliLikelihood(), 1, new double[] {1.0, 0.0, 1.0}, new double[] {200, -200, -200});
        assertArrayEquals(new double[] {-200.0}, lp, 1e-9);
    }

    @Test
    void gaussianFixedVarianceMatchesTheDensity() {
        double var = 0.3;
        double[] x = {0.2, 0.9};
        double[] mu = {0.0, 1.4};
        double expected = 0;
        for (int j = 0; j < 2; j++) {
            expected += -0.5 * Math.log(2 * Math.PI * var) - (x[j] - mu[j]) * (x[j] - mu[j]) / (2 * var);
        }
        assertArrayEquals(new double[] {expected}, logProb(GaussianLikelihood.fixedVariance(var), 1, x, mu), 1e-12);
    }

    @Test
    void gaussianLearnedVarianceStartsAtVarianceOne() {
        double[] x = {0.2, 0.9, -1.0};
        double[] mu = {0.0, 1.4, 0.5};
        double[] fixed = logProb(GaussianLikelihood.fixedVariance(1.0), 1, x, mu);
        double[] learned = logProb(GaussianLikelihood.learnedVariance(), 1, x, mu);
        double expected = -1.5 * Math.log(2 * Math.PI) - 0.5 * (0.04 + 0.25 + 2.25);
        assertArrayEquals(new double[] {expected}, fixed, 1e-12);
        assertArrayEquals(fixed, learned, 1e-12);
    }

    @Test
    void bernoulliRejectsDataOutsideTheUnitInterval() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new BernoulliLikelihood().checkData(GraphProbe.matrix(1, 0.0, 1.5), "training set"));
        assertTrue(e.getMessage().contains("training set") && e.getMessage().contains("1.5"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> GaussianLikelihood.fixedVariance(1).checkData(GraphProbe.matrix(1, 0.0, Double.NaN), "x"));
        assertThrows(IllegalArgumentException.class, () -> GaussianLikelihood.fixedVariance(0));
    }
}
