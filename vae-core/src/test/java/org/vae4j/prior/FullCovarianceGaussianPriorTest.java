package org.vae4j.prior;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.vae4j.GraphProbe;
import org.vae4j.nn.DiagonalGaussianVariables;

/**
 * The full-covariance Gaussian prior: its closed-form KL from a diagonal posterior against the diagonal formula, a
 * 1e6-sample Monte Carlo estimate and its gradients; its log-density and samples.
 */
class FullCovarianceGaussianPriorTest {
    private static final double[] M = {0.5, -1.0, 0.3};
    /** S* = A A^T + 0.5 I for a fixed A: symmetric positive definite, clearly correlated. */
    private static final double[][] S = {{1.5, 0.6, -0.4}, {0.6, 2.0, 0.3}, {-0.4, 0.3, 0.8}};
    private static final double[] MU = {0.2, 0.4, -1.0};
    private static final double[] SIGMA2 = {0.64, 1.21, 0.09};

    private static double[] logVar(double[] var) {
        double[] lv = new double[var.length];
        for (int j = 0; j < var.length; j++) {
            lv[j] = Math.log(var[j]);
        }
        return lv;
    }

    private static double[] kl(Prior prior, double[] mu, double[] lv, boolean perDimension) {
        GraphProbe p = new GraphProbe();
        DiagonalGaussianVariables q = new DiagonalGaussianVariables(p.input("mu", 1, mu), p.input("lv", 1, lv));
        Prior.Distribution d = prior.define(p.ctx, mu.length);
        return p.eval(perDimension ? d.klDivergencePerDimension(q) : d.klDivergence(q));
    }

    /** KL(N(mu, Sq) || N(m, S)) with full matrices, on the host: the formula of the issue. */
    static double klFormula(double[] m, double[][] s, double[] mu, double[][] sq) {
        RealMatrix sInv = MatrixUtils.inverse(MatrixUtils.createRealMatrix(s));
        RealVector diff = MatrixUtils.createRealVector(m).subtract(MatrixUtils.createRealVector(mu));
        double logDet = Math.log(new org.apache.commons.math3.linear.LUDecomposition(
                MatrixUtils.createRealMatrix(s)).getDeterminant() / new org.apache.commons.math3.linear.LUDecomposition(
                MatrixUtils.createRealMatrix(sq)).getDeterminant());
        return 0.5 * (sInv.multiply(MatrixUtils.createRealMatrix(sq)).getTrace() + diff.dotProduct(sInv.operate(diff))
                - m.length + logDet);
    }

    @Test
    void klMatchesTheFullCovarianceFormulaAndItsTermsSumToIt() {
        FullCovarianceGaussianPrior prior = new FullCovarianceGaussianPrior(M, S);
        double[] kl = kl(prior, MU, logVar(SIGMA2), false);
        double expected = klFormula(M, S, MU, MatrixUtils.createRealDiagonalMatrix(SIGMA2).getData());
        assertEquals(expected, kl[0], 1e-12);
        double[] terms = kl(prior, MU, logVar(SIGMA2), true);
        assertEquals(expected, terms[0] + terms[1] + terms[2], 1e-12);
        assertTrue(expected > 1.0, "a sizeable KL: " + expected);
    }

    @Test
    void withADiagonalCovarianceItIsTheDiagonalPriorsKlPerDimension() {
        double[] s = {1.5, 0.7, 2.0};
        double[][] cov = {{2.25, 0, 0}, {0, 0.49, 0}, {0, 0, 4.0}};
        double[] full = kl(new FullCovarianceGaussianPrior(M, cov), MU, logVar(SIGMA2), true);
        double[] diagonal = kl(new DiagonalGaussianPrior(M, s), MU, logVar(SIGMA2), true);
        assertArrayEquals(diagonal, full, 1e-12);
    }

    @Test
    void klMatchesAMillionSampleMonteCarloEstimate() {
        FullCovarianceGaussianPrior prior = new FullCovarianceGaussianPrior(M, S);
        double closedForm = kl(prior, MU, logVar(SIGMA2), false)[0];
        int n = 1_000_000;
        INDArray eps = Gaussians.sample(n, 3, new SplittableRandom(17), DataType.DOUBLE);
        INDArray sigma = Transforms.sqrt(Nd4j.createFromArray(SIGMA2).reshape(1, 3));
        INDArray z = eps.mulRowVector(sigma).addiRowVector(Nd4j.createFromArray(MU).reshape(1, 3));
        // log q(z) - log p(z): q diagonal from the noise, p through the inverse covariance
        INDArray logQ = eps.mul(eps).sum(1).addi(Transforms.log(sigma.mul(sigma)).sumNumber().doubleValue())
                .addi(3 * Math.log(2 * Math.PI)).muli(-0.5);
        RealMatrix sInv = MatrixUtils.inverse(MatrixUtils.createRealMatrix(S));
        INDArray p = Nd4j.create(sInv.getData()).castTo(DataType.DOUBLE);
        INDArray diff = z.subRowVector(Nd4j.createFromArray(M).reshape(1, 3));
        double logDet = Math.log(new org.apache.commons.math3.linear.LUDecomposition(
                MatrixUtils.createRealMatrix(S)).getDeterminant());
        INDArray logP = diff.mmul(p).muli(diff).sum(1).addi(3 * Math.log(2 * Math.PI) + logDet).muli(-0.5);
        INDArray v = logQ.sub(logP);
        double mean = v.meanNumber().doubleValue();
        double standardError = v.stdNumber().doubleValue() / Math.sqrt(n);
        assertEquals(closedForm, mean, 3 * standardError,
                "closed form " + closedForm + " vs Monte Carlo " + mean + " +- " + standardError);
        assertTrue(standardError < 0.005, "the estimate is precise: " + standardError);
    }

    /** The KL's gradients against d/dmu = -S*^-1 (mu* - mu), d/dS = 1/2 (S*^-1 - S^-1) and central differences. */
    @Test
    void gradientsMatchTheFormulasAndCentralDifferences() {
        FullCovarianceGaussianPrior prior = new FullCovarianceGaussianPrior(M, S);
        double[] lv = logVar(SIGMA2);
        SameDiff sd = SameDiff.create();
        org.vae4j.nn.GraphContext ctx = new org.vae4j.nn.GraphContext(sd, DataType.DOUBLE, new SplittableRandom(1));
        SDVariable mu = sd.var("mu", Nd4j.create(MU, new long[] {1, 3}, DataType.DOUBLE));
        SDVariable logVariance = sd.var("lv", Nd4j.create(lv, new long[] {1, 3}, DataType.DOUBLE));
        SDVariable kl = prior.define(ctx, 3).klDivergence(new DiagonalGaussianVariables(mu, logVariance)).sum()
                .rename("loss");
        sd.setLossVariables("loss");
        Map<String, INDArray> g = sd.calculateGradients(Map.of(), "mu", "lv");
        double[] dMu = g.get("mu").toDoubleVector();
        double[] dLv = g.get("lv").toDoubleVector();

        RealMatrix sInv = MatrixUtils.inverse(MatrixUtils.createRealMatrix(S));
        RealVector diff = MatrixUtils.createRealVector(M).subtract(MatrixUtils.createRealVector(MU));
        double[] expectedMu = sInv.operate(diff).mapMultiply(-1).toArray();
        assertArrayEquals(expectedMu, dMu, 1e-12);
        for (int j = 0; j < 3; j++) {
            // d/dS_jj = 1/2 (S*^-1_jj - 1 / sigma_j^2); by the chain rule d/dlogVar_j = sigma_j^2 d/dS_jj
            double dS = 0.5 * (sInv.getEntry(j, j) - 1 / SIGMA2[j]);
            assertEquals(SIGMA2[j] * dS, dLv[j], 1e-12, "log-variance " + j);
        }
        double h = 1e-6;
        for (int j = 0; j < 3; j++) {
            assertEquals(centralDifference(prior, MU, lv, j, h, true), dMu[j], 1e-7, "mean " + j);
            assertEquals(centralDifference(prior, MU, lv, j, h, false), dLv[j], 1e-7, "log-variance " + j);
        }
        // the off-diagonal entries of d/dS, for a full posterior covariance, by central differences of the formula
        double[][] sq = {{0.64, 0.1, 0}, {0.1, 1.21, 0.05}, {0, 0.05, 0.09}};
        RealMatrix sqInv = MatrixUtils.inverse(MatrixUtils.createRealMatrix(sq));
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                double[][] plus = copy(sq);
                double[][] minus = copy(sq);
                plus[a][b] += h;
                minus[a][b] -= h;
                double numeric = (klFormula(M, S, MU, plus) - klFormula(M, S, MU, minus)) / (2 * h);
                double formula = 0.5 * (sInv.getEntry(b, a) - sqInv.getEntry(b, a));
                assertEquals(formula, numeric, 1e-7, "d/dS[" + a + "][" + b + "]");
            }
        }
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    private static double centralDifference(Prior prior, double[] mu, double[] lv, int j, double h, boolean mean) {
        double[] up = (mean ? mu : lv).clone();
        double[] down = (mean ? mu : lv).clone();
        up[j] += h;
        down[j] -= h;
        double plus = mean ? kl(prior, up, lv, false)[0] : kl(prior, mu, up, false)[0];
        double minus = mean ? kl(prior, down, lv, false)[0] : kl(prior, mu, down, false)[0];
        return (plus - minus) / (2 * h);
    }

    @Test
    void logDensityIsTheMultivariateNormalAndSamplesHaveItsMoments() {
        FullCovarianceGaussianPrior prior = new FullCovarianceGaussianPrior(M, S);
        double[] z = {0.1, 0.2, 0.3, -1.0, 2.0, 0.5};
        GraphProbe p = new GraphProbe();
        double[] logP = p.eval(prior.define(p.ctx, 3).logDensity(p.input("z", 2, z)));
        var normal = new org.apache.commons.math3.distribution.MultivariateNormalDistribution(M, S);
        assertEquals(Math.log(normal.density(new double[] {0.1, 0.2, 0.3})), logP[0], 1e-12);
        assertEquals(Math.log(normal.density(new double[] {-1.0, 2.0, 0.5})), logP[1], 1e-12);

        INDArray samples = prior.sample(200_000, 3, new SplittableRandom(5), DataType.DOUBLE);
        assertArrayEquals(M, samples.mean(0).toDoubleVector(), 0.02);
        INDArray centred = samples.subRowVector(samples.mean(0));
        double[][] cov = centred.transpose().mmul(centred).divi(200_000).toDoubleMatrix();
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(S[i], cov[i], 0.03, "covariance row " + i);
        }
    }

    @Test
    void invalidCovariancesNameTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FullCovarianceGaussianPrior(new double[] {0, 0}, new double[][] {{1, 2}, {2, 1}}));
        assertTrue(e.getMessage().contains("covariance is not positive definite"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new FullCovarianceGaussianPrior(new double[] {0, 0}, new double[][] {{1, 0.5}, {0.2, 1}}));
        assertTrue(e.getMessage().contains("covariance is not symmetric"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new FullCovarianceGaussianPrior(new double[] {0, 0}, new double[][] {{1, 0}}));
        assertTrue(e.getMessage().contains("covariance has 1 rows"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new FullCovarianceGaussianPrior(M, S).checkLatentSize(2));
        assertTrue(e.getMessage().contains("FullCovarianceGaussianPrior.mean has 3 dimensions but latentSize is 2"),
                e.getMessage());
    }
}
