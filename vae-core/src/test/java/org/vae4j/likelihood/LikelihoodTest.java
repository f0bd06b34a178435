package org.vae4j.likelihood;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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

    private static MixedLikelihood mixed(double minVariance) {
        return new MixedLikelihood(List.of(new MixedLikelihood.Group("a", MixedLikelihood.Kind.GAUSSIAN, 0, 1),
                new MixedLikelihood.Group("b", MixedLikelihood.Kind.BERNOULLI, 1, 1),
                new MixedLikelihood.Group("c", MixedLikelihood.Kind.CATEGORICAL, 2, 3),
                new MixedLikelihood.Group("d", MixedLikelihood.Kind.GAUSSIAN, 5, 1)), minVariance);
    }

    private static double gaussian(double x, double mu, double variance) {
        return -0.5 * (Math.log(2 * Math.PI * variance) + (x - mu) * (x - mu) / variance);
    }

    @Test
    void mixedLikelihoodIsTheSumOfItsGroupsClosedForms() {
        MixedLikelihood likelihood = mixed(0.01);
        assertEquals(8, likelihood.parameterSize(6));
        assertEquals(List.of("continuous", "binary", "categorical"), likelihood.termNames());
        // two examples; params: mu_a, logit_b, logits_c (3), mu_d, s_a, s_d
        double[] x = {0.3, 1, 0, 1, 0, -1.2, /**/ -2.0, 0, 0, 0, 1, 0.5};
        double[] params = {0.1, 0.7, 0.2, 1.5, -0.4, -0.5, 0.3, -1.0, /**/ 0.0, -3.0, 2.0, 0.0, 1.0, -9.0, 2.0,
            -30.0};
        double lse1 = Math.log(Math.exp(0.2) + Math.exp(1.5) + Math.exp(-0.4));
        double lse2 = Math.log(Math.exp(2.0) + Math.exp(0.0) + Math.exp(1.0));
        double[] continuous = {gaussian(0.3, 0.1, Math.exp(0.3) + 0.01)
                + gaussian(-1.2, -0.5, Math.exp(-1.0) + 0.01),
            gaussian(-2.0, 0.0, Math.exp(2.0) + 0.01) + gaussian(0.5, -9.0, Math.exp(-30.0) + 0.01)};
        double[] binary = {0.7 - softplus(0.7), -softplus(-3.0)};
        double[] categorical = {1.5 - lse1, 1.0 - lse2};

        GraphProbe p = new GraphProbe();
        var xv = p.input("x", 2, x);
        var pv = p.input("p", 2, params);
        Likelihood.Distribution d = likelihood.define(p.ctx, 6);
        var terms = d.logProbabilityTerms(xv, pv);
        assertArrayEquals(continuous, p.eval(terms.get("continuous")), 1e-9);
        assertArrayEquals(binary, p.eval(terms.get("binary")), 1e-12);
        assertArrayEquals(categorical, p.eval(terms.get("categorical")), 1e-12);
        assertArrayEquals(new double[] {continuous[0] + binary[0] + categorical[0],
            continuous[1] + binary[1] + categorical[1]}, p.eval(d.logProbability(xv, pv)), 1e-9);
        // the mean: mu, sigmoid(l), softmax(l)
        double e1 = Math.exp(0.2) + Math.exp(1.5) + Math.exp(-0.4);
        assertArrayEquals(new double[] {0.1, 1 / (1 + Math.exp(-0.7)), Math.exp(0.2) / e1, Math.exp(1.5) / e1,
            Math.exp(-0.4) / e1, -0.5}, java.util.Arrays.copyOf(p.eval(d.mean(pv).reshape(-1)), 6), 1e-12);
    }

    @Test
    void mixedLikelihoodWithoutAVarianceFloorUsesTheLogVarianceAsItIs() {
        double[] lp = logProb(new MixedLikelihood(List.of(new MixedLikelihood.Group("a", MixedLikelihood.Kind.GAUSSIAN,
                0, 1)), 0), 1, new double[] {0.5}, new double[] {0.2, -2.0});
        assertArrayEquals(new double[] {gaussian(0.5, 0.2, Math.exp(-2.0))}, lp, 1e-12);
    }

    @Test
    void mixedLikelihoodRejectsGapsAndWrongSizesAndBadData() {
        assertThrows(IllegalArgumentException.class, () -> new MixedLikelihood(List.of(
                new MixedLikelihood.Group("a", MixedLikelihood.Kind.GAUSSIAN, 0, 1),
                new MixedLikelihood.Group("b", MixedLikelihood.Kind.BERNOULLI, 2, 1)), 0.01));
        assertThrows(IllegalArgumentException.class,
                () -> new MixedLikelihood.Group("a", MixedLikelihood.Kind.BERNOULLI, 0, 2));
        var e = assertThrows(IllegalArgumentException.class, () -> mixed(0.01).parameterSize(7));
        assertTrue(e.getMessage().contains("6 features") && e.getMessage().contains("7"), e.getMessage());
        var bad = assertThrows(IllegalArgumentException.class, () -> mixed(0.01).checkData(
                GraphProbe.matrix(1, 5.0, 1.0, 0, 2.0, 0, -7.0), "test set"));
        assertTrue(bad.getMessage().contains("group 'c'") && bad.getMessage().contains("2.0"), bad.getMessage());
        mixed(0.01).checkData(GraphProbe.matrix(1, 5.0, 1.0, 0, 1.0, 0, -7.0), "test set");
    }
}
