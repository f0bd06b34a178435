package org.vae4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.MultivariateNormalDistribution;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.ImageShape;
import org.vae4j.likelihood.GaussianLikelihood;
import org.vae4j.nn.Activation;
import org.vae4j.nn.MlpDecoder;
import org.vae4j.nn.MlpEncoder;
import org.vae4j.nn.PosteriorFamily;
import org.vae4j.objective.ElboObjective;
import org.vae4j.objective.IwaeObjective;
import org.vae4j.objective.Objective;
import org.vae4j.prior.FullCovarianceGaussianPrior;
import org.vae4j.prior.Gaussians;
import org.vae4j.prior.KlEstimator;

/**
 * The full-covariance Gaussian posterior z = mu + L eps on the linear Gaussian model z ~ N(m, S),
 * x | z ~ N(z W + b, v I), whose exact posterior is Gaussian with covariance (S^-1 + W W^T / v)^-1: with the encoder
 * set to it, every importance weight equals p(x), so the one-sample ELBO and L_1 are log p(x) exactly, which no
 * diagonal posterior reaches when the posterior is correlated.
 */
class FullCovariancePosteriorTest {
    private static final int INPUT = 4;
    private static final int LATENT = 3;
    private static final double VARIANCE = 0.3;
    private static final double[] MEAN = {0.5, -1.0, 0.2};
    private static final double[][] COVARIANCE = {{2.0, 0.8, 0.1}, {0.8, 0.7, -0.2}, {0.1, -0.2, 1.0}};

    private static Vae model(Objective objective) {
        VaeConfig config = VaeConfig.builder(INPUT, LATENT)
                .encoder(new MlpEncoder(List.of(), Activation.IDENTITY))
                .decoder(new MlpDecoder(List.of(), Activation.IDENTITY))
                .likelihood(GaussianLikelihood.fixedVariance(VARIANCE))
                .prior(new FullCovarianceGaussianPrior(MEAN, COVARIANCE)).posterior(PosteriorFamily.FULL_COVARIANCE)
                .objective(objective).dataType(DataType.DOUBLE).epochs(0).seed(3).build();
        Vae vae = new VaeTrainer(config).fit(ImageDataset.of(Nd4j.zeros(DataType.FLOAT, 1, INPUT), null,
                new ImageShape(1, 1, INPUT))).model();
        vae.graph().getArrForVarName("decoder/output/W").muli(2.0);
        return vae;
    }

    /** Sets the encoder to the exact posterior: mean as in ImportanceSamplingTest, L its Cholesky factor. */
    private static RealMatrix exactPosterior(Vae vae) {
        INDArray w = vae.graph().getArrForVarName("decoder/output/W");
        INDArray b = vae.graph().getArrForVarName("decoder/output/b");
        INDArray sInv = Nd4j.create(MatrixUtils.inverse(MatrixUtils.createRealMatrix(COVARIANCE)).getData())
                .castTo(DataType.DOUBLE);
        INDArray post = org.nd4j.linalg.inverse.InvertMatrix.invert(sInv.add(w.mmul(w.transpose()).divi(VARIANCE)),
                false);
        INDArray a = w.transpose().mmul(post).divi(VARIANCE);
        INDArray c = Nd4j.create(MEAN, new long[] {1, LATENT}, DataType.DOUBLE).mmul(sInv).mmul(post).subi(b.mmul(a));
        vae.graph().getArrForVarName("encoder/mean/W").assign(a);
        vae.graph().getArrForVarName("encoder/mean/b").assign(c);
        double[][] p = post.toDoubleMatrix();
        for (int i = 0; i < LATENT; i++) {
            for (int j = 0; j < i; j++) {
                p[i][j] = p[j][i] = 0.5 * (p[i][j] + p[j][i]);
            }
        }
        RealMatrix l = new CholeskyDecomposition(MatrixUtils.createRealMatrix(p)).getL();
        double[] logVar = new double[LATENT];
        double[] lower = new double[LATENT * LATENT];
        for (int i = 0; i < LATENT; i++) {
            logVar[i] = 2 * Math.log(l.getEntry(i, i));
            for (int j = 0; j < i; j++) {
                lower[i * LATENT + j] = l.getEntry(i, j);
            }
        }
        vae.graph().getArrForVarName("encoder/log_var/W").assign(0);
        vae.graph().getArrForVarName("encoder/log_var/b").assign(Nd4j.create(logVar, new long[] {1, LATENT},
                DataType.DOUBLE));
        vae.graph().getArrForVarName("encoder/cholesky/W").assign(0);
        vae.graph().getArrForVarName("encoder/cholesky/b").assign(Nd4j.create(lower, new long[] {1, LATENT * LATENT},
                DataType.DOUBLE));
        return MatrixUtils.createRealMatrix(p);
    }

    private static INDArray data(Vae vae, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        INDArray z = new FullCovarianceGaussianPrior(MEAN, COVARIANCE).sample(n, LATENT, random, DataType.DOUBLE);
        return z.mmul(vae.graph().getArrForVarName("decoder/output/W"))
                .addiRowVector(vae.graph().getArrForVarName("decoder/output/b"))
                .addi(Gaussians.sample(n, INPUT, random, DataType.DOUBLE).muli(Math.sqrt(VARIANCE)));
    }

    private static double[] exactLogLikelihood(Vae vae, INDArray x) {
        RealMatrix w = MatrixUtils.createRealMatrix(vae.graph().getArrForVarName("decoder/output/W").toDoubleMatrix());
        double[] b = vae.graph().getArrForVarName("decoder/output/b").toDoubleVector();
        double[] mean = w.preMultiply(MEAN);
        for (int i = 0; i < INPUT; i++) {
            mean[i] += b[i];
        }
        double[][] cov = w.transpose().multiply(MatrixUtils.createRealMatrix(COVARIANCE)).multiply(w)
                .add(MatrixUtils.createRealIdentityMatrix(INPUT).scalarMultiply(VARIANCE)).getData();
        for (int i = 0; i < INPUT; i++) {
            for (int j = 0; j < i; j++) {
                cov[i][j] = cov[j][i] = 0.5 * (cov[i][j] + cov[j][i]);
            }
        }
        MultivariateNormalDistribution px = new MultivariateNormalDistribution(mean, cov);
        double[] exact = new double[(int) x.rows()];
        for (int i = 0; i < exact.length; i++) {
            exact[i] = Math.log(px.density(x.getRow(i).toDoubleVector()));
        }
        return exact;
    }

    @Test
    void withTheExactPosteriorEveryImportanceWeightIsTheLikelihood() {
        Vae vae = model(new ElboObjective());
        assertEquals(KlEstimator.MONTE_CARLO, vae.config().klEstimator(), "the builder's default for this posterior");
        RealMatrix posterior = exactPosterior(vae);
        INDArray x = data(vae, 50, 7);
        double[] exact = exactLogLikelihood(vae, x);
        for (long seed : new long[] {1, 2}) {
            assertArrayEquals(exact, vae.elbo(x, seed).elbo().toDoubleVector(), 1e-8, "graph: one-sample ELBO");
            assertArrayEquals(exact, vae.logLikelihood(x, 1, seed).toDoubleVector(), 1e-8, "host: L_1");
        }
        // the samples of q(z|x) have the posterior's covariance
        INDArray z = vae.sampleLatent(Nd4j.tile(x.getRow(0).reshape(1, INPUT), 100_000, 1), 4);
        INDArray centred = z.subRowVector(z.mean(0));
        double[][] cov = centred.transpose().mmul(centred).divi(100_000).toDoubleMatrix();
        for (int i = 0; i < LATENT; i++) {
            assertArrayEquals(posterior.getRow(i), cov[i], 0.02, "covariance row " + i);
        }
        assertTrue(Math.abs(posterior.getEntry(0, 1)) > 0.05, "a correlated posterior: " + posterior);
        // the same model with the Cholesky head at 0 is the diagonal posterior, which leaves a gap
        vae.graph().getArrForVarName("encoder/cholesky/b").assign(0);
        double gap = mean(exact) - vae.elbo(x, 1).summary().elbo();
        assertTrue(gap > 0.01, "diagonal gap " + gap);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d / v.length;
        }
        return s;
    }

    @Test
    void itTrainsSavesAndLoads(@TempDir Path dir) throws Exception {
        for (Objective objective : List.of(new ElboObjective(), new IwaeObjective(3))) {
            Vae vae = model(objective);
            INDArray x = data(vae, 2000, 8);
            VaeConfig config = vae.config().toBuilder().epochs(3).batchSize(100).build();
            Vae trained = new VaeTrainer(config).fit(ImageDataset.of(x, null, new ImageShape(1, 1, INPUT))).model();
            assertTrue(trained.graph().getArrForVarName("encoder/cholesky/b").norm2Number().doubleValue() > 1e-3,
                    objective + ": the Cholesky head is trained");
            double before = model(objective).logLikelihood(x, 50, 1).meanNumber().doubleValue();
            double after = trained.logLikelihood(x, 50, 1).meanNumber().doubleValue();
            assertTrue(after > before + 0.2, objective + ": " + before + " -> " + after);
            Path file = dir.resolve("full.vae");
            trained.save(file);
            Vae loaded = Vae.load(file);
            assertEquals(PosteriorFamily.FULL_COVARIANCE, loaded.config().posterior());
            assertEquals(trained.logLikelihood(x, 10, 2), loaded.logLikelihood(x, 10, 2));
        }
    }

    @Test
    void configurationsCheckTheEstimatorAndRoundTrip() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VaeConfig.builder(4, 2)
                .posterior(PosteriorFamily.FULL_COVARIANCE).klEstimator(KlEstimator.CLOSED_FORM).build());
        assertTrue(e.getMessage().contains("VaeConfig.posterior FULL_COVARIANCE needs klEstimator MONTE_CARLO"),
                e.getMessage());
        VaeConfig config = VaeConfig.builder(4, 2).posterior(PosteriorFamily.FULL_COVARIANCE).build();
        assertEquals(config, ConfigJson.read(ConfigJson.write(config)));
        assertEquals(PosteriorFamily.DIAGONAL, VaeConfig.builder(4, 2).build().posterior());
    }
}
