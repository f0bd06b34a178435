package org.vae4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.vae4j.GraphProbe;

/** The reparameterized sample, its log-density in the graph and on the host, and sample-major tiling. */
class DiagonalGaussianVariablesTest {
    private static final double[] MEAN = {0.5, -1.0, 2.0, 0.0};
    private static final double[] LOG_VAR = {Math.log(4.0), 0.0, Math.log(0.25), -1.0};
    private static final double[] EPS = {1.0, -0.5, 2.0, 0.3};

    @Test
    void sampleIsMeanPlusStandardDeviationTimesNoise() {
        GraphProbe p = new GraphProbe();
        DiagonalGaussianVariables q = new DiagonalGaussianVariables(p.input("m", 2, MEAN), p.input("lv", 2, LOG_VAR));
        double[] z = p.eval(q.sample(p.input("eps", 2, EPS)).reshape(-1));
        assertArrayEquals(new double[] {0.5 + 2 * 1.0, -1.0 - 0.5, 2.0 + 0.5 * 2.0, Math.exp(-0.5) * 0.3}, z, 1e-12);
    }

    @Test
    void logDensityOfSampleIsTheNormalDensityAtTheSampleInTheGraphAndOnTheHost() {
        GraphProbe p = new GraphProbe();
        DiagonalGaussianVariables q = new DiagonalGaussianVariables(p.input("m", 2, MEAN), p.input("lv", 2, LOG_VAR));
        SDVariable eps = p.input("eps", 2, EPS);
        double[] z = p.eval(q.sample(eps).reshape(-1));
        double[] graph = p.eval(q.logDensityOfSample(eps));
        for (int i = 0; i < 2; i++) {
            double direct = 0; // log N(z; m, s^2) from z itself
            double logVarSum = 0;
            double epsSquaredSum = 0;
            for (int j = 0; j < 2; j++) {
                int v = 2 * i + j;
                double variance = Math.exp(LOG_VAR[v]);
                direct += -0.5 * Math.log(2 * Math.PI * variance) - Math.pow(z[v] - MEAN[v], 2) / (2 * variance);
                logVarSum += LOG_VAR[v];
                epsSquaredSum += EPS[v] * EPS[v];
            }
            assertEquals(direct, graph[i], 1e-12);
            assertEquals(direct, DiagonalGaussianVariables.logDensityOfSample(logVarSum, epsSquaredSum, 2), 1e-12);
        }
    }

    @Test
    void tileRepeatsTheRowsSampleMajor() {
        GraphProbe p = new GraphProbe();
        DiagonalGaussianVariables q = new DiagonalGaussianVariables(p.input("m", 2, MEAN), p.input("lv", 2, LOG_VAR));
        DiagonalGaussianVariables tiled = q.tile(3);
        double[] expectedMean = new double[12];
        double[] expectedLogVar = new double[12];
        for (int s = 0; s < 3; s++) {
            System.arraycopy(MEAN, 0, expectedMean, 4 * s, 4);
            System.arraycopy(LOG_VAR, 0, expectedLogVar, 4 * s, 4);
        }
        assertArrayEquals(expectedMean, p.eval(tiled.mean().reshape(-1)), 0);
        assertArrayEquals(expectedLogVar, p.eval(tiled.logVariance().reshape(-1)), 0);
    }
}
