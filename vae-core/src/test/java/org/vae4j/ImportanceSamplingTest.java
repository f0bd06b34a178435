package org.vae4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.ImageShape;
import org.vae4j.exec.ImportanceSampling;
import org.vae4j.likelihood.GaussianLikelihood;
import org.vae4j.nn.Activation;
import org.vae4j.nn.MlpDecoder;
import org.vae4j.nn.MlpEncoder;
import org.vae4j.prior.DiagonalGaussianPrior;
import org.vae4j.prior.Gaussians;

/**
 * The importance-sampled log-likelihood on a linear Gaussian model, where log p(x) is known in closed form:
 * z ~ N(m, diag(s^2)), x | z ~ N(z W + b, v I) gives x ~ N(m W + b, W^T diag(s^2) W + v I).
 */
class ImportanceSamplingTest {
    private static final int INPUT = 4;
    private static final int LATENT = 2;
    private static final double VARIANCE = 0.3;
    private static final double[] PRIOR_MEAN = {0.5, -1.0};
    private static final double[] PRIOR_STD = {1.5, 0.7};
    private static Vae vae;
    private static INDArray x;
    private static double[] exact;

    @BeforeAll
    static void linearGaussianModel() {
        VaeConfig config = VaeConfig.builder(INPUT, LATENT)
                .encoder(new MlpEncoder(List.of(), Activation.IDENTITY))
                .decoder(new MlpDecoder(List.of(), Activation.IDENTITY))
                .likelihood(GaussianLikelihood.fixedVariance(VARIANCE))
                .prior(new DiagonalGaussianPrior(PRIOR_MEAN, PRIOR_STD))
                .dataType(DataType.DOUBLE).epochs(0).seed(3).build();
        SplittableRandom random = new SplittableRandom(11);
        ImageShape shape = new ImageShape(1, 1, INPUT);
        // an untrained model: the decoder is an arbitrary linear map
        vae = new VaeTrainer(config).fit(ImageDataset.of(Nd4j.zeros(DataType.FLOAT, 1, INPUT), null, shape)).model();
        INDArray w = vae.graph().getArrForVarName("decoder/output/W");   // [LATENT, INPUT]
        INDArray b = vae.graph().getArrForVarName("decoder/output/b");   // [1, INPUT]
        w.muli(2.0);

        // data drawn from the model itself
        INDArray z = new DiagonalGaussianPrior(PRIOR_MEAN, PRIOR_STD).sample(200, LATENT, random, DataType.DOUBLE);
        x = z.mmul(w).addiRowVector(b).addi(Gaussians.sample(200, INPUT, random, DataType.DOUBLE)
                .muli(Math.sqrt(VARIANCE)));

        INDArray m = Nd4j.create(PRIOR_MEAN, new long[] {1, LATENT}, DataType.DOUBLE);
        INDArray s2 = Nd4j.diag(Nd4j.create(new double[] {PRIOR_STD[0] * PRIOR_STD[0],
                PRIOR_STD[1] * PRIOR_STD[1]}, new long[] {LATENT}, DataType.DOUBLE));
        INDArray mu = m.mmul(w).addi(b);
        INDArray cov = w.transpose().mmul(s2).mmul(w).addi(Nd4j.eye(INPUT).castTo(DataType.DOUBLE).muli(VARIANCE));
        // the encoder: the exact posterior's mean, and a diagonal variance (the true posterior is correlated, so
        // q != p(z|x) and the ELBO stays strictly below log p(x)) inflated by exp(0.3) for heavier tails.
        // Posterior precision P = S^-1 + W W^T / v; mean = (x - b) W^T P^-1 / v + m S^-1 P^-1.
        INDArray sInv = org.nd4j.linalg.inverse.InvertMatrix.invert(s2, false);
        INDArray post = org.nd4j.linalg.inverse.InvertMatrix.invert(sInv.add(w.mmul(w.transpose()).divi(VARIANCE)),
                false);
        INDArray a = w.transpose().mmul(post).divi(VARIANCE);
        INDArray c = m.mmul(sInv).mmul(post).subi(b.mmul(a));
        vae.graph().getArrForVarName("encoder/mean/W").assign(a);
        vae.graph().getArrForVarName("encoder/mean/b").assign(c);
        vae.graph().getArrForVarName("encoder/log_var/W").assign(0);
        vae.graph().getArrForVarName("encoder/log_var/b").assign(
                Nd4j.math().log(Nd4j.diag(post)).addi(0.3).reshape(1, LATENT));

        exact = new double[200];
        for (int i = 0; i < 200; i++) {
            exact[i] = logNormal(x.getRow(i).sub(mu.getRow(0)).toDoubleVector(), cov.toDoubleMatrix());
        }
    }

    @Test
    void estimateConvergesToTheExactLogLikelihoodAndStaysBelowIt() {
        double exactMean = mean(exact);
        double elbo = vae.elbo(x, 1).summary().elbo();
        double previous = Double.NEGATIVE_INFINITY;
        StringBuilder table = new StringBuilder("k, mean estimate, exact " + exactMean + "\n");
        for (int k : new int[] {1, 10, 100, 1000, 10000}) {
            double estimate = vae.logLikelihood(x, k, 5).meanNumber().doubleValue();
            table.append(k).append(", ").append(estimate).append('\n');
            assertTrue(estimate > previous - 0.02, "non-decreasing in k on average:\n" + table);
            assertTrue(estimate < exactMean + 0.01, "a lower bound in expectation:\n" + table);
            previous = estimate;
        }
        System.out.print(table);
        assertTrue(exactMean - elbo > 0.05, "the diagonal posterior leaves a gap: ELBO " + elbo + " vs " + exactMean);
        assertEquals(exactMean, previous, 0.02, "k = 10000 should be within 0.02 nats:\n" + table);
        INDArray perExample = vae.logLikelihood(x, 10000, 6);
        for (int i = 0; i < 200; i++) {
            assertEquals(exact[i], perExample.getDouble(i), 0.1, "example " + i);
        }
    }

    @Test
    void atKEqualsOneItIsTheElboInExpectation() {
        INDArray many = Nd4j.tile(x, 50, 1); // 10,000 rows
        INDArray l1 = vae.logLikelihood(many, 1, 8);
        double mean = l1.meanNumber().doubleValue();
        double se = l1.stdNumber().doubleValue() / Math.sqrt(l1.length());
        double elbo = vae.elbo(many, 9).summary().elbo();
        assertEquals(elbo, mean, 4 * se + 0.05, "single-sample estimate vs analytic-KL ELBO");
    }

    @Test
    void resultsDoNotDependOnBatchingAndRepeatBySeed() {
        INDArray all = vae.logLikelihood(x, 100, 4); // 20,000 pairs: three graph executions
        INDArray firstTen = vae.logLikelihood(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 10),
                org.nd4j.linalg.indexing.NDArrayIndex.all()), 100, 4);
        for (int i = 0; i < 10; i++) {
            assertEquals(all.getDouble(i), firstTen.getDouble(i), 1e-9);
        }
        assertEquals(all, vae.logLikelihood(x, 100, 4));
        assertThrows(IllegalArgumentException.class, () -> vae.logLikelihood(x, 0, 1));
    }

    @Test
    void evaluateReportsProgressUpToTheMeanItReturns() {
        ImageDataset data = ImageDataset.of(x, null, new ImageShape(1, 1, INPUT));
        java.util.List<double[]> updates = new java.util.ArrayList<>();
        // k = 100 on 200 examples: batches of the 81 examples' pairs that fit in ImportanceSampling.ROWS, completing
        // 81, 162, 200
        Evaluation withProgress = vae.evaluate(data, 100, 7,
                (done, total, mean) -> updates.add(new double[] {done, total, mean}));
        Evaluation without = vae.evaluate(data, 100, 7);
        assertEquals(without.logLikelihood(), withProgress.logLikelihood(), 0.0);
        assertEquals(3, updates.size(), "one update per batch of pairs");
        int expectedDone = ImportanceSampling.ROWS / 100;
        assertEquals(expectedDone, updates.get(0)[0]);
        assertEquals(2 * expectedDone, updates.get(1)[0]);
        double[] last = updates.get(2);
        assertEquals(200, last[0]);
        assertEquals(200, last[1]);
        assertEquals(withProgress.logLikelihood(), last[2], 1e-9);
        // the first update's mean is that of the first examples' estimates
        INDArray perExample = vae.logLikelihood(data.features(), 100, new SplittableRandom(7).split().nextLong());
        double firstMean = perExample.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, expectedDone))
                .meanNumber().doubleValue();
        assertEquals(firstMean, updates.get(0)[2], 1e-9);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }

    /** log N(d; 0, cov) by Cholesky decomposition. */
    private static double logNormal(double[] d, double[][] cov) {
        int n = d.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = cov[i][j];
                for (int p = 0; p < j; p++) {
                    s -= l[i][p] * l[j][p];
                }
                l[i][j] = i == j ? Math.sqrt(s) : s / l[j][j];
            }
        }
        double[] y = new double[n]; // solve L y = d
        double logDet = 0;
        double quad = 0;
        for (int i = 0; i < n; i++) {
            double s = d[i];
            for (int p = 0; p < i; p++) {
                s -= l[i][p] * y[p];
            }
            y[i] = s / l[i][i];
            quad += y[i] * y[i];
            logDet += 2 * Math.log(l[i][i]);
        }
        return -0.5 * (n * Math.log(2 * Math.PI) + logDet + quad);
    }
}
