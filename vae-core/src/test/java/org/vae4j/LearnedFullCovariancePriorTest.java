package org.vae4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.MultivariateNormalDistribution;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.nn.CholeskyGaussianVariables;
import org.vae4j.nn.DiagonalGaussianVariables;
import org.vae4j.nn.GraphContext;
import org.vae4j.nn.PosteriorFamily;
import org.vae4j.prior.FullCovarianceGaussianPrior;
import org.vae4j.prior.LearnedFullCovarianceGaussianPrior;
import org.vae4j.prior.Prior;

/**
 * The learned full-covariance prior with its parameters set to a given N(m*, S*) (d = 5, so that the inverse of
 * its Cholesky factor takes two squarings): the closed-form KL equals the fixed prior's for a diagonal posterior and
 * the host's Gaussian KL for a full-covariance one; the log-density, the marginals and the samples are N(m*, S*)'s.
 */
class LearnedFullCovariancePriorTest {
    private static final int D = 5;
    private static final int BATCH = 4;

    private static double[][] randomSpd(SplittableRandom random) {
        RealMatrix a = MatrixUtils.createRealMatrix(D, D);
        for (int i = 0; i < D; i++) {
            for (int j = 0; j < D; j++) {
                a.setEntry(i, j, random.nextGaussian());
            }
        }
        double[][] s = a.multiply(a.transpose()).add(MatrixUtils.createRealIdentityMatrix(D).scalarMultiply(0.5))
                .getData();
        for (int i = 0; i < D; i++) {
            for (int j = 0; j < i; j++) {
                s[i][j] = s[j][i];
            }
        }
        return s;
    }

    private static INDArray gaussian(SplittableRandom random, double scale, long... shape) {
        return org.vae4j.prior.Gaussians.sample(1, (int) java.util.Arrays.stream(shape).reduce(1, (x, y) -> x * y),
                random, DataType.DOUBLE).muli(scale).reshape(shape);
    }

    @Test
    void setToAGivenGaussianItIsThatGaussian() {
        SplittableRandom random = new SplittableRandom(17);
        double[] m = gaussian(random, 1.0, D).toDoubleVector();
        double[][] s = randomSpd(random);
        RealMatrix l = new CholeskyDecomposition(MatrixUtils.createRealMatrix(s)).getL();

        SameDiff sd = SameDiff.create();
        GraphContext ctx = new GraphContext(sd, DataType.DOUBLE, new SplittableRandom(1));
        Prior.Distribution learned;
        try (var ignored = sd.withNameScope("prior")) {
            learned = new LearnedFullCovarianceGaussianPrior(D).define(ctx, D);
        }
        Prior.Distribution fixed;
        try (var ignored = sd.withNameScope("fixed")) {
            fixed = new FullCovarianceGaussianPrior(m, s).define(ctx, D);
        }
        double[] logDiagonal = new double[D];
        double[] lower = new double[D * D];
        for (int i = 0; i < D; i++) {
            logDiagonal[i] = Math.log(l.getEntry(i, i));
            for (int j = 0; j < D; j++) {
                lower[i * D + j] = l.getEntry(i, j) + (j >= i ? 7.0 : 0); // entries on and above are ignored
            }
        }
        sd.getArrForVarName("prior/mean").assign(Nd4j.create(m, new long[] {1, D}, DataType.DOUBLE));
        sd.getArrForVarName("prior/log_diagonal").assign(Nd4j.create(logDiagonal, new long[] {1, D},
                DataType.DOUBLE));
        sd.getArrForVarName("prior/lower").assign(Nd4j.create(lower, new long[] {D, D}, DataType.DOUBLE));

        SDVariable mu = sd.placeHolder("mu", DataType.DOUBLE, -1, D);
        SDVariable logVar = sd.placeHolder("logvar", DataType.DOUBLE, -1, D);
        SDVariable qLower = sd.placeHolder("qlower", DataType.DOUBLE, -1, D, D);
        SDVariable z = sd.placeHolder("zz", DataType.DOUBLE, -1, D);
        SDVariable eps = sd.placeHolder("noise", DataType.DOUBLE, -1, D);
        DiagonalGaussianVariables q = new DiagonalGaussianVariables(mu, logVar);
        learned.klDivergencePerDimension(q).rename("learned_terms");
        fixed.klDivergencePerDimension(q).rename("fixed_terms");
        learned.klDivergence(new CholeskyGaussianVariables(q, qLower)).rename("full_kl");
        fixed.klDivergence(new CholeskyGaussianVariables(q, qLower)).rename("fixed_full_kl");
        learned.logDensity(z).rename("log_density");
        learned.marginalLogDensities(z).rename("marginals");
        learned.sample(eps, sd.placeHolder("u", DataType.DOUBLE, -1, 1)).rename("sample");

        INDArray muArr = gaussian(random, 1.0, BATCH, D);
        INDArray logVarArr = gaussian(random, 0.5, BATCH, D);
        INDArray qLowerArr = gaussian(random, 0.6, BATCH, D, D);
        for (int b = 0; b < BATCH; b++) {
            for (int i = 0; i < D; i++) {
                for (int j = i; j < D; j++) {
                    qLowerArr.putScalar(new long[] {b, i, j}, 0);
                }
            }
        }
        INDArray zArr = gaussian(random, 1.5, BATCH, D);
        INDArray epsArr = gaussian(random, 1.0, BATCH, D);
        Map<String, INDArray> out = sd.output(Map.of("mu", muArr, "logvar", logVarArr, "qlower", qLowerArr, "zz", zArr,
                "noise", epsArr, "u", Nd4j.ones(DataType.DOUBLE, BATCH, 1)),
                "learned_terms", "fixed_terms", "full_kl", "fixed_full_kl", "log_density", "marginals", "sample");

        // the diagonal posterior: term by term the fixed prior's (precision by Commons Math on the host)
        assertEquals(0, out.get("learned_terms").sub(out.get("fixed_terms")).amaxNumber().doubleValue(), 1e-10);
        assertTrue(out.get("fixed_terms").sumNumber().doubleValue() > 1, "a non-trivial KL");

        MultivariateNormalDistribution prior = new MultivariateNormalDistribution(m, s);
        RealMatrix sInverse = new LUDecomposition(MatrixUtils.createRealMatrix(s)).getSolver().getInverse();
        double logDetPrior = Math.log(new LUDecomposition(MatrixUtils.createRealMatrix(s)).getDeterminant());
        for (int b = 0; b < BATCH; b++) {
            // the full-covariance posterior: the Gaussian KL on the host
            RealMatrix lq = MatrixUtils.createRealMatrix(D, D);
            double[] diff = new double[D];
            for (int i = 0; i < D; i++) {
                diff[i] = m[i] - muArr.getDouble(b, i);
                lq.setEntry(i, i, Math.exp(0.5 * logVarArr.getDouble(b, i)));
                for (int j = 0; j < i; j++) {
                    lq.setEntry(i, j, qLowerArr.getDouble(b, i, j));
                }
            }
            RealMatrix sq = lq.multiply(lq.transpose());
            double kl = 0.5 * (sInverse.multiply(sq).getTrace() + MatrixUtils.createRealVector(diff)
                    .dotProduct(sInverse.operate(MatrixUtils.createRealVector(diff))) - D + logDetPrior
                    - Math.log(new LUDecomposition(sq).getDeterminant()));
            assertEquals(kl, out.get("full_kl").getDouble(b), 1e-9, "KL from the full-covariance posterior " + b);
            assertEquals(kl, out.get("fixed_full_kl").getDouble(b), 1e-9, "the fixed prior's KL " + b);
            assertTrue(kl > 0.5, "a non-trivial KL " + kl);

            double[] zb = zArr.getRow(b).toDoubleVector();
            assertEquals(Math.log(prior.density(zb)), out.get("log_density").getDouble(b), 1e-9, "log p(z)");
            for (int j = 0; j < D; j++) {
                double marginal = new org.apache.commons.math3.distribution.NormalDistribution(m[j],
                        Math.sqrt(s[j][j])).logDensity(zb[j]);
                assertEquals(marginal, out.get("marginals").getDouble(b, j), 1e-9, "log p(z_j)");
            }
            double[] expected = l.operate(epsArr.getRow(b).toDoubleVector());
            for (int j = 0; j < D; j++) {
                expected[j] += m[j];
            }
            assertArrayEquals(expected, out.get("sample").getRow(b).toDoubleVector(), 1e-10, "z = m* + L* eps");
        }
    }

    /**
     * With the full-covariance posterior and {@code CLOSED_FORM}, a whole linear model's KL output is the host's
     * Gaussian KL for every example, whatever the noise; the model trains.
     */
    @Test
    void aModelWithTheFullCovariancePosteriorUsesTheClosedForm() {
        int d = 3;
        int input = 4;
        SplittableRandom random = new SplittableRandom(23);
        VaeConfig config = VaeConfig.builder(input, d).encoder(new org.vae4j.nn.MlpEncoder(java.util.List.of(),
                        org.vae4j.nn.Activation.IDENTITY))
                .decoder(new org.vae4j.nn.MlpDecoder(java.util.List.of(), org.vae4j.nn.Activation.IDENTITY))
                .likelihood(org.vae4j.likelihood.GaussianLikelihood.fixedVariance(0.3))
                .prior(new LearnedFullCovarianceGaussianPrior(d)).posterior(PosteriorFamily.FULL_COVARIANCE)
                .klEstimator(org.vae4j.prior.KlEstimator.CLOSED_FORM).dataType(DataType.DOUBLE).epochs(0).seed(3)
                .build();
        org.vae4j.data.ImageShape shape = new org.vae4j.data.ImageShape(1, 1, input);
        Vae vae = new VaeTrainer(config).fit(org.vae4j.data.ImageDataset.of(Nd4j.zeros(DataType.FLOAT, 1, input),
                null, shape)).model();
        double[] m = {0.4, -0.7, 1.1};
        double[][] s = {{1.6, 0.5, -0.3}, {0.5, 0.9, 0.2}, {-0.3, 0.2, 0.7}};
        RealMatrix l = new CholeskyDecomposition(MatrixUtils.createRealMatrix(s)).getL();
        double[] logVar = {0.3, -0.5, 0.1};
        double[] qLower = new double[d * d];
        qLower[3] = 0.6; // L_10
        qLower[6] = -0.4; // L_20
        qLower[7] = 0.8; // L_21
        SameDiff graph = vae.graph();
        graph.getArrForVarName("prior/mean").assign(Nd4j.create(m, new long[] {1, d}, DataType.DOUBLE));
        for (int i = 0; i < d; i++) {
            graph.getArrForVarName("prior/log_diagonal").putScalar(0, i, Math.log(l.getEntry(i, i)));
            for (int j = 0; j < i; j++) {
                graph.getArrForVarName("prior/lower").putScalar(i, j, l.getEntry(i, j));
            }
        }
        graph.getArrForVarName("encoder/log_var/W").assign(0);
        graph.getArrForVarName("encoder/log_var/b").assign(Nd4j.create(logVar, new long[] {1, d}, DataType.DOUBLE));
        graph.getArrForVarName("encoder/cholesky/W").assign(0);
        graph.getArrForVarName("encoder/cholesky/b").assign(Nd4j.create(qLower, new long[] {1, d * d},
                DataType.DOUBLE));
        INDArray x = gaussian(random, 1.0, 6, input);
        double[][] mu = vae.encode(x).mean().toDoubleMatrix();
        RealMatrix lq = MatrixUtils.createRealMatrix(d, d);
        for (int i = 0; i < d; i++) {
            lq.setEntry(i, i, Math.exp(0.5 * logVar[i]));
            for (int j = 0; j < i; j++) {
                lq.setEntry(i, j, qLower[i * d + j]);
            }
        }
        RealMatrix sq = lq.multiply(lq.transpose());
        RealMatrix sInverse = new LUDecomposition(MatrixUtils.createRealMatrix(s)).getSolver().getInverse();
        double logDets = Math.log(new LUDecomposition(MatrixUtils.createRealMatrix(s)).getDeterminant())
                - Math.log(new LUDecomposition(sq).getDeterminant());
        INDArray kl = vae.elbo(x, 1).kl();
        assertEquals(kl, vae.elbo(x, 2).kl(), "no noise in the closed form");
        for (int b = 0; b < mu.length; b++) {
            org.apache.commons.math3.linear.RealVector diff = MatrixUtils.createRealVector(m)
                    .subtract(MatrixUtils.createRealVector(mu[b]));
            double expected = 0.5 * (sInverse.multiply(sq).getTrace() + diff.dotProduct(sInverse.operate(diff)) - d
                    + logDets);
            assertEquals(expected, kl.getDouble(b), 1e-9, "example " + b);
        }

        INDArray data = gaussian(random, 1.0, 500, d).mmul(gaussian(random, 1.0, d, input)).addi(0.5);
        VaeConfig train = config.toBuilder().epochs(3).batchSize(50).build();
        Vae trained = new VaeTrainer(train).fit(org.vae4j.data.ImageDataset.of(data, null, shape)).model();
        double before = vae.logLikelihood(data, 20, 1).meanNumber().doubleValue();
        double after = trained.logLikelihood(data, 20, 1).meanNumber().doubleValue();
        assertTrue(after > before + 0.5, before + " -> " + after);
        assertTrue(trained.graph().getArrForVarName("prior/lower").sub(graph.getArrForVarName("prior/lower"))
                .norm2Number().doubleValue() > 1e-3, "the prior's factor is trained");
    }

    @Test
    void badInputNamesTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VaeConfig.builder(4, 3).prior(new LearnedFullCovarianceGaussianPrior(2)).build());
        assertTrue(e.getMessage().contains("LearnedFullCovarianceGaussianPrior.latentSize is 2 but the model's"
                + " latentSize is 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LearnedFullCovarianceGaussianPrior(0));
        assertTrue(e.getMessage().contains("LearnedFullCovarianceGaussianPrior.latentSize must be >= 1, got 0"),
                e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> new LearnedFullCovarianceGaussianPrior(2)
                .sample(3, 2, new SplittableRandom(1), DataType.DOUBLE));
        e = assertThrows(IllegalArgumentException.class, () -> VaeConfig.builder(4, 2)
                .prior(new LearnedFullCovarianceGaussianPrior(2)).posterior(PosteriorFamily.FULL_COVARIANCE)
                .klEstimator(org.vae4j.prior.KlEstimator.CLOSED_FORM)
                .objective(org.vae4j.objective.ElboObjective.withFreeBits(0.5)).build());
        assertTrue(e.getMessage().contains("VaeConfig.objective has free bits (0.5), which need the per-dimension KL"
                + " of a diagonal posterior"), e.getMessage());
        VaeConfig full = VaeConfig.builder(4, 2).prior(new LearnedFullCovarianceGaussianPrior(2))
                .posterior(PosteriorFamily.FULL_COVARIANCE).build();
        assertEquals(org.vae4j.prior.KlEstimator.MONTE_CARLO, full.klEstimator(), "the default for this posterior");
        assertEquals(full, ConfigJson.read(ConfigJson.write(full)));
        VaeConfig config = VaeConfig.builder(4, 2).prior(new LearnedFullCovarianceGaussianPrior(2)).build();
        assertEquals(org.vae4j.prior.KlEstimator.CLOSED_FORM, config.klEstimator());
        assertEquals(config, ConfigJson.read(ConfigJson.write(config)));
    }
}
