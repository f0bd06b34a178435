package org.vae4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.MultivariateNormalDistribution;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.ImageShape;
import org.vae4j.likelihood.GaussianLikelihood;
import org.vae4j.nn.Activation;
import org.vae4j.nn.MlpDecoder;
import org.vae4j.nn.MlpEncoder;
import org.vae4j.objective.ElboObjective;
import org.vae4j.objective.IwaeObjective;
import org.vae4j.prior.FullCovarianceGaussianPrior;
import org.vae4j.prior.GaussianMixturePrior;
import org.vae4j.prior.Gaussians;
import org.vae4j.prior.KlEstimator;
import org.vae4j.prior.LearnedFullCovarianceGaussianPrior;
import org.vae4j.prior.LearnedGaussianMixturePrior;
import org.vae4j.prior.VampPrior;
import org.vae4j.prior.Prior;
import org.vae4j.prior.StandardNormalPrior;

/**
 * The new priors in a whole model: the Monte Carlo KL is unbiased, importance sampling is exact on a linear
 * Gaussian model whose marginal log p(x) has a closed form for each prior, configurations check the estimator and
 * round-trip through JSON.
 *
 * <p>Model: z ~ p(z), x | z ~ N(z W + b, v I). A Gaussian component N(m, S) gives x ~ N(m W + b, W^T S W + v I), so
 * p(x) is a Gaussian for the full-covariance prior and a mixture of Gaussians for the mixture prior.
 */
class PriorsTest {
    private static final int INPUT = 4;
    private static final int LATENT = 2;
    private static final double VARIANCE = 0.3;
    private static final double[] MEAN = {0.5, -1.0};
    private static final double[][] COVARIANCE = {{2.0, 0.8}, {0.8, 0.7}};
    private static final GaussianMixturePrior MIXTURE = new GaussianMixturePrior(new double[] {0.3, 0.7},
            new double[][] {{-1.5, 0.5}, {1.0, -0.5}}, new double[][] {{0.6, 0.8}, {0.7, 0.5}});

    /** An untrained linear model with the given prior; the decoder's W doubled, as in ImportanceSamplingTest. */
    private static Vae linearModel(Prior prior, KlEstimator estimator, org.vae4j.objective.Objective objective) {
        VaeConfig config = VaeConfig.builder(INPUT, LATENT)
                .encoder(new MlpEncoder(List.of(), Activation.IDENTITY))
                .decoder(new MlpDecoder(List.of(), Activation.IDENTITY))
                .likelihood(GaussianLikelihood.fixedVariance(VARIANCE))
                .prior(prior).klEstimator(estimator).objective(objective)
                .dataType(DataType.DOUBLE).epochs(0).seed(3).build();
        Vae vae = new VaeTrainer(config).fit(ImageDataset.of(Nd4j.zeros(DataType.FLOAT, 1, INPUT), null,
                new ImageShape(1, 1, INPUT))).model();
        vae.graph().getArrForVarName("decoder/output/W").muli(2.0);
        return vae;
    }

    /**
     * Sets the encoder to the exact posterior mean of the Gaussian prior N(m, S), with its diagonal variance
     * inflated by exp(inflation) (a proposal with heavier tails than the correlated posterior).
     */
    private static void posteriorEncoder(Vae vae, double[] m, double[][] s, double inflation) {
        INDArray w = vae.graph().getArrForVarName("decoder/output/W");
        INDArray b = vae.graph().getArrForVarName("decoder/output/b");
        INDArray sInv = Nd4j.create(MatrixUtils.inverse(MatrixUtils.createRealMatrix(s)).getData())
                .castTo(DataType.DOUBLE);
        INDArray post = org.nd4j.linalg.inverse.InvertMatrix.invert(sInv.add(w.mmul(w.transpose()).divi(VARIANCE)),
                false);
        INDArray a = w.transpose().mmul(post).divi(VARIANCE);
        INDArray c = Nd4j.create(m, new long[] {1, LATENT}, DataType.DOUBLE).mmul(sInv).mmul(post).subi(b.mmul(a));
        vae.graph().getArrForVarName("encoder/mean/W").assign(a);
        vae.graph().getArrForVarName("encoder/mean/b").assign(c);
        vae.graph().getArrForVarName("encoder/log_var/W").assign(0);
        vae.graph().getArrForVarName("encoder/log_var/b").assign(
                Nd4j.math().log(Nd4j.diag(post)).addi(inflation).reshape(1, LATENT));
    }

    /** The marginal N(m W + b, W^T S W + v I) of one Gaussian component of the prior. */
    private static MultivariateNormalDistribution marginal(Vae vae, double[] m, double[][] s) {
        RealMatrix w = MatrixUtils.createRealMatrix(vae.graph().getArrForVarName("decoder/output/W")
                .toDoubleMatrix());
        double[] b = vae.graph().getArrForVarName("decoder/output/b").toDoubleVector();
        double[] mean = w.preMultiply(m);
        for (int i = 0; i < INPUT; i++) {
            mean[i] += b[i];
        }
        RealMatrix cov = w.transpose().multiply(MatrixUtils.createRealMatrix(s)).multiply(w)
                .add(MatrixUtils.createRealIdentityMatrix(INPUT).scalarMultiply(VARIANCE));
        return new MultivariateNormalDistribution(mean, symmetric(cov.getData()));
    }

    private static double[][] symmetric(double[][] a) {
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < i; j++) {
                a[i][j] = a[j][i] = 0.5 * (a[i][j] + a[j][i]);
            }
        }
        return a;
    }

    /** x drawn from the model itself: z from the prior, x = z W + b + noise. */
    private static INDArray data(Vae vae, Prior prior, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        INDArray z = prior.sample(n, LATENT, random, DataType.DOUBLE);
        return z.mmul(vae.graph().getArrForVarName("decoder/output/W"))
                .addiRowVector(vae.graph().getArrForVarName("decoder/output/b"))
                .addi(Gaussians.sample(n, INPUT, random, DataType.DOUBLE).muli(Math.sqrt(VARIANCE)));
    }

    private static void assertImportanceSamplingExact(Vae vae, INDArray x, double[] exact, String what) {
        double exactMean = 0;
        for (double e : exact) {
            exactMean += e / exact.length;
        }
        double estimate = vae.logLikelihood(x, 10_000, 5).meanNumber().doubleValue();
        double elbo = vae.elbo(x, 1).summary().elbo();
        assertEquals(exactMean, estimate, 0.02, what + ": k = 10000 vs exact log p(x)");
        assertTrue(exactMean - elbo > 0.05, what + ": the ELBO " + elbo + " stays below log p(x) " + exactMean);
        INDArray perExample = vae.logLikelihood(x, 10_000, 6);
        for (int i = 0; i < exact.length; i++) {
            assertEquals(exact[i], perExample.getDouble(i), 0.1, what + ": example " + i);
        }
    }

    @Test
    void importanceSamplingIsExactWithAFullCovariancePrior() {
        FullCovarianceGaussianPrior prior = new FullCovarianceGaussianPrior(MEAN, COVARIANCE);
        Vae vae = linearModel(prior, null, new ElboObjective());
        posteriorEncoder(vae, MEAN, COVARIANCE, 0.8);
        INDArray x = data(vae, prior, 100, 11);
        assertImportanceSamplingExact(vae, x, exactLogLikelihoods(vae, x), "full covariance");
    }

    /** log p(x) of each row of x under the linear model's marginal with the prior N(MEAN, COVARIANCE). */
    private static double[] exactLogLikelihoods(Vae vae, INDArray x) {
        MultivariateNormalDistribution px = marginal(vae, MEAN, COVARIANCE);
        double[] exact = new double[(int) x.rows()];
        for (int i = 0; i < exact.length; i++) {
            exact[i] = Math.log(px.density(x.getRow(i).toDoubleVector()));
        }
        return exact;
    }

    /** Sets a learned full-covariance prior to N(m, S): the mean, the log of L's diagonal and L's lower part. */
    private static void setLearnedFull(Vae vae, double[] m, double[][] s) {
        RealMatrix l = new org.apache.commons.math3.linear.CholeskyDecomposition(MatrixUtils.createRealMatrix(s))
                .getL();
        vae.graph().getArrForVarName("prior/mean").assign(Nd4j.create(m, new long[] {1, LATENT}, DataType.DOUBLE));
        for (int i = 0; i < LATENT; i++) {
            vae.graph().getArrForVarName("prior/log_diagonal").putScalar(0, i, Math.log(l.getEntry(i, i)));
            for (int j = 0; j < i; j++) {
                vae.graph().getArrForVarName("prior/lower").putScalar(i, j, l.getEntry(i, j));
            }
        }
    }

    @Test
    void importanceSamplingIsExactWithALearnedFullCovariancePriorSetToTheFixedOne() {
        FullCovarianceGaussianPrior fixed = new FullCovarianceGaussianPrior(MEAN, COVARIANCE);
        for (org.vae4j.objective.Objective objective : List.<org.vae4j.objective.Objective>of(new ElboObjective(),
                new IwaeObjective(2))) {
            Vae vae = linearModel(new LearnedFullCovarianceGaussianPrior(LATENT), null, objective);
            setLearnedFull(vae, MEAN, COVARIANCE);
            posteriorEncoder(vae, MEAN, COVARIANCE, 0.8);
            INDArray x = data(vae, fixed, 100, 11);
            assertImportanceSamplingExact(vae, x, exactLogLikelihoods(vae, x), "learned full covariance, " + objective);
            Vae same = linearModel(fixed, null, objective);
            same.graph().getArrForVarName("decoder/output/W").assign(vae.graph().getArrForVarName("decoder/output/W"));
            posteriorEncoder(same, MEAN, COVARIANCE, 0.8);
            assertEquals(same.elbo(x, 1).summary().elbo(), vae.elbo(x, 1).summary().elbo(), 1e-9,
                    "the same ELBO as the fixed prior's");
        }
        // its samples, drawn in the graph, have mean m and covariance S
        Vae vae = linearModel(new LearnedFullCovarianceGaussianPrior(LATENT), null, new ElboObjective());
        setLearnedFull(vae, MEAN, COVARIANCE);
        INDArray z = vae.samplePrior(100_000, 3);
        INDArray centred = z.subRowVector(z.mean(0));
        double[][] cov = centred.transpose().mmul(centred).divi(100_000).toDoubleMatrix();
        for (int i = 0; i < LATENT; i++) {
            assertEquals(MEAN[i], z.getColumn(i).meanNumber().doubleValue(), 0.02);
            org.junit.jupiter.api.Assertions.assertArrayEquals(COVARIANCE[i], cov[i], 0.03);
        }
    }

    @Test
    void importanceSamplingIsExactWithAMixturePrior() {
        Vae vae = linearModel(MIXTURE, null, new ElboObjective());
        // the proposal: the posterior of the mixture's moment-matched Gaussian, widened
        double[][] broad = {{1.6, -0.6}, {-0.6, 1.0}};
        posteriorEncoder(vae, new double[] {0.25, -0.2}, broad, 1.0);
        INDArray x = data(vae, MIXTURE, 100, 12);
        double[] w = MIXTURE.weights();
        MultivariateNormalDistribution[] components = new MultivariateNormalDistribution[2];
        for (int c = 0; c < 2; c++) {
            double[] s = MIXTURE.standardDeviations()[c];
            components[c] = marginal(vae, MIXTURE.means()[c], new double[][] {{s[0] * s[0], 0}, {0, s[1] * s[1]}});
        }
        double[] exact = new double[100];
        for (int i = 0; i < 100; i++) {
            double[] row = x.getRow(i).toDoubleVector();
            exact[i] = Math.log(w[0] * components[0].density(row) + w[1] * components[1].density(row));
        }
        assertImportanceSamplingExact(vae, x, exact, "mixture");
    }

    @Test
    void importanceSamplingIsExactWithALearnedMixturePriorSetToTheFixedOne() {
        Vae vae = linearModel(new LearnedGaussianMixturePrior(2, 1.0), null, new ElboObjective());
        double[] w = MIXTURE.weights();
        vae.graph().getArrForVarName("prior/logits").assign(Nd4j.createFromArray(Math.log(w[0]), Math.log(w[1]))
                .reshape(1, 2));
        vae.graph().getArrForVarName("prior/means").assign(Nd4j.create(MIXTURE.means()));
        vae.graph().getArrForVarName("prior/log_standard_deviations").assign(
                org.nd4j.linalg.ops.transforms.Transforms.log(Nd4j.create(MIXTURE.standardDeviations())));
        double[][] broad = {{1.6, -0.6}, {-0.6, 1.0}};
        posteriorEncoder(vae, new double[] {0.25, -0.2}, broad, 1.0);
        INDArray x = data(vae, MIXTURE, 100, 12);
        double[] exact = mixtureMarginal(vae, w, MIXTURE.means(), MIXTURE.standardDeviations(), x);
        assertImportanceSamplingExact(vae, x, exact, "learned mixture");
        // its samples, drawn in the graph, have the mixture's moments
        INDArray z = vae.samplePrior(100_000, 3);
        double mean0 = w[0] * MIXTURE.means()[0][0] + w[1] * MIXTURE.means()[1][0];
        assertEquals(mean0, z.getColumn(0).meanNumber().doubleValue(), 0.02);
        double second0 = w[0] * (0.36 + 2.25) + w[1] * (0.49 + 1.0);
        assertEquals(second0 - mean0 * mean0, z.getColumn(0).varNumber().doubleValue(), 0.03);
    }

    @Test
    void importanceSamplingIsExactWithAVampPrior() {
        Vae vae = linearModel(new VampPrior(3), null, new ElboObjective());
        double[][] broad = {{1.6, -0.6}, {-0.6, 1.0}};
        posteriorEncoder(vae, new double[] {0.25, -0.2}, broad, 1.0);
        INDArray pseudo = data(vae, MIXTURE, 3, 21);
        vae.graph().getArrForVarName("prior/pseudo_inputs").assign(pseudo);
        // the prior's components: the encoder's posteriors at the pseudo-inputs
        DiagonalGaussian q = vae.encode(pseudo);
        double[][] means = q.mean().toDoubleMatrix();
        double[][] std = org.nd4j.linalg.ops.transforms.Transforms.exp(q.logVariance().mul(0.5)).toDoubleMatrix();
        double[] w = {1.0 / 3, 1.0 / 3, 1.0 / 3};
        GaussianMixturePrior same = new GaussianMixturePrior(w, means, std);
        INDArray x = data(vae, same, 100, 13);
        assertImportanceSamplingExact(vae, x, mixtureMarginal(vae, w, means, std, x), "VampPrior");
        INDArray z = vae.samplePrior(100_000, 3);
        INDArray hostZ = same.sample(100_000, LATENT, new SplittableRandom(4), DataType.DOUBLE);
        assertEquals(hostZ.getColumn(1).meanNumber().doubleValue(), z.getColumn(1).meanNumber().doubleValue(), 0.02);
        assertEquals(hostZ.getColumn(1).varNumber().doubleValue(), z.getColumn(1).varNumber().doubleValue(), 0.03);
    }

    /** Training starts a VampPrior's pseudo-inputs at distinct training examples (all of them when K exceeds them). */
    @Test
    void vampPriorPseudoInputsStartAtTrainingExamples() {
        INDArray x = Nd4j.linspace(DataType.FLOAT, 1, 10 * INPUT, 1).reshape(10, INPUT);
        ImageDataset train = ImageDataset.of(x, null, new ImageShape(1, 1, INPUT));
        for (int k : new int[] {4, 10, 15}) {
            VaeConfig config = VaeConfig.builder(INPUT, LATENT).likelihood(GaussianLikelihood.fixedVariance(VARIANCE))
                    .prior(new VampPrior(k)).epochs(0).seed(k).build();
            double[][] pseudo = new VaeTrainer(config).fit(train).model().graph()
                    .getArrForVarName("prior/pseudo_inputs").toDoubleMatrix();
            java.util.Set<Integer> rows = new java.util.HashSet<>();
            for (double[] u : pseudo) {
                int row = (int) Math.round((u[0] - 1) / INPUT);
                assertTrue(row >= 0 && row < 10, "K = " + k + ": " + java.util.Arrays.toString(u));
                org.junit.jupiter.api.Assertions.assertArrayEquals(x.getRow(row).toDoubleVector(), u, 0.0);
                rows.add(row);
            }
            assertEquals(Math.min(k, 10), rows.size(), "K = " + k + ": every example once before any twice");
        }
        VaeConfig grey = VaeConfig.builder(INPUT, LATENT).likelihood(GaussianLikelihood.fixedVariance(VARIANCE))
                .prior(new VampPrior(4, false)).epochs(0).build();
        INDArray parameter = new VaeTrainer(grey).fit(train).model().graph().getArrForVarName("prior/pseudo_inputs");
        assertTrue(parameter.amaxNumber().doubleValue() <= 0.05, "not initialized from data: 0.5 + U(-0.05, 0.05)");
        String json = ConfigJson.write(VaeConfig.builder(INPUT, LATENT).prior(new VampPrior(4)).build());
        assertTrue(json.contains("\"initializeFromTrainingData\" : true"), json);
        assertEquals(new VampPrior(4, false), ConfigJson.read(json.replace("\"initializeFromTrainingData\" : true",
                "\"initializeFromTrainingData\" : false")).prior());
        String old = json.replaceAll(",\\s*\"initializeFromTrainingData\" : true", "");
        assertTrue(!old.contains("initializeFromTrainingData"), old);
        assertEquals(new VampPrior(4, false), ConfigJson.read(old).prior(), "a file written before the field");
    }

    @Test
    void learnedPriorsTrain() {
        for (Prior prior : List.of(new LearnedGaussianMixturePrior(3, 1.0), new VampPrior(4),
                new LearnedFullCovarianceGaussianPrior(LATENT))) {
            Vae vae = linearModel(prior, null, new ElboObjective());
            INDArray x = data(vae, MIXTURE, 2000, 4);
            String parameter = prior instanceof VampPrior ? "prior/pseudo_inputs"
                    : prior instanceof LearnedFullCovarianceGaussianPrior ? "prior/lower" : "prior/means";
            INDArray before = vae.graph().getArrForVarName(parameter).dup();
            VaeConfig config = vae.config().toBuilder().epochs(6).batchSize(100).build();
            Vae trained = new VaeTrainer(config).fit(ImageDataset.of(x, null, new ImageShape(1, 1, INPUT))).model();
            double after = trained.logLikelihood(x, 50, 1).meanNumber().doubleValue();
            double untrained = linearModel(prior, null, new ElboObjective()).logLikelihood(x, 50, 1).meanNumber()
                    .doubleValue();
            assertTrue(after > untrained + 0.2, prior + ": " + untrained + " -> " + after);
            assertTrue(trained.graph().getArrForVarName(parameter).sub(before).norm2Number().doubleValue() > 1e-3,
                    prior + ": its parameters are trained");
            assertEquals(INPUT, trained.generate(5, 1, GenerationMode.SAMPLE).columns());
        }
    }

    @Test
    void learnedPriorsSaveLoadAndResumeTraining(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        for (Prior prior : List.of(new LearnedGaussianMixturePrior(3, 1.0), new VampPrior(4),
                new FullCovarianceGaussianPrior(MEAN, COVARIANCE), MIXTURE,
                new LearnedFullCovarianceGaussianPrior(LATENT))) {
            Vae vae = linearModel(prior, null, new ElboObjective());
            INDArray x = data(vae, MIXTURE, 300, 4);
            VaeConfig config = vae.config().toBuilder().epochs(1).batchSize(100).build();
            ImageDataset train = ImageDataset.of(x, null, new ImageShape(1, 1, INPUT));
            Vae trained = new VaeTrainer(config).fit(train).model();
            java.nio.file.Path file = dir.resolve(prior.getClass().getSimpleName() + ".vae");
            trained.save(file);
            Vae loaded = Vae.load(file);
            assertEquals(trained.config(), loaded.config());
            assertEquals(trained.logLikelihood(x, 20, 1), loaded.logLikelihood(x, 20, 1), prior.toString());
            assertEquals(trained.samplePrior(50, 2), loaded.samplePrior(50, 2), prior.toString());
            VaeConfig longer = config.toBuilder().epochs(2).build();
            Vae resumed = new VaeTrainer(longer).resume(loaded, train, null).model();
            assertEquals(2, resumed.history().epochs().size(), prior.toString());
        }
    }

    private static double[] mixtureMarginal(Vae vae, double[] w, double[][] means, double[][] std, INDArray x) {
        MultivariateNormalDistribution[] components = new MultivariateNormalDistribution[w.length];
        for (int c = 0; c < w.length; c++) {
            double[] s = std[c];
            components[c] = marginal(vae, means[c], new double[][] {{s[0] * s[0], 0}, {0, s[1] * s[1]}});
        }
        double[] exact = new double[(int) x.rows()];
        for (int i = 0; i < exact.length; i++) {
            double[] row = x.getRow(i).toDoubleVector();
            double p = 0;
            for (int c = 0; c < w.length; c++) {
                p += w[c] * components[c].density(row);
            }
            exact[i] = Math.log(p);
        }
        return exact;
    }

    /** Mean over seeds of the Monte Carlo KL within 3 standard errors of the closed form, same model. */
    @Test
    void monteCarloKlIsUnbiased() {
        FullCovarianceGaussianPrior prior = new FullCovarianceGaussianPrior(MEAN, COVARIANCE);
        Vae closed = linearModel(prior, KlEstimator.CLOSED_FORM, new ElboObjective());
        Vae monteCarlo = linearModel(prior, KlEstimator.MONTE_CARLO, new ElboObjective());
        assertEquals(KlEstimator.CLOSED_FORM, closed.config().klEstimator());
        assertEquals(KlEstimator.MONTE_CARLO, monteCarlo.config().klEstimator());
        INDArray x = Nd4j.tile(data(closed, prior, 1, 2), 200, 1);
        double exact = closed.elbo(x, 1).kl().getDouble(0);
        int seeds = 50;
        double[] means = new double[seeds];
        for (int seed = 0; seed < seeds; seed++) {
            ElboTerms terms = monteCarlo.elbo(x, seed);
            means[seed] = terms.kl().meanNumber().doubleValue();
            assertEquals(0, terms.elbo().sub(terms.logLikelihood().sub(terms.kl())).norm2Number().doubleValue(), 1e-9);
        }
        double mean = 0;
        for (double m : means) {
            mean += m / seeds;
        }
        double var = 0;
        for (double m : means) {
            var += (m - mean) * (m - mean) / (seeds - 1);
        }
        double standardError = Math.sqrt(var / seeds);
        assertEquals(exact, mean, 3 * standardError, "closed form " + exact + " vs Monte Carlo " + mean + " +- "
                + standardError);
        assertTrue(standardError > 0 && standardError < 0.1 * exact, "a precise, non-trivial check: " + standardError);
        // the closed-form KL does not depend on the noise
        assertEquals(exact, closed.elbo(x, 99).kl().getDouble(5), 1e-12);
    }

    @Test
    void theIwaeObjectiveTrainsWithAMixturePrior() {
        Vae vae = linearModel(MIXTURE, null, new IwaeObjective(3));
        INDArray x = data(vae, MIXTURE, 2000, 4);
        VaeConfig config = vae.config().toBuilder().epochs(3).batchSize(100).build();
        Vae trained = new VaeTrainer(config).fit(ImageDataset.of(x, null, new ImageShape(1, 1, INPUT))).model();
        double before = linearModel(MIXTURE, null, new IwaeObjective(3)).logLikelihood(x, 50, 1).meanNumber()
                .doubleValue();
        double after = trained.logLikelihood(x, 50, 1).meanNumber().doubleValue();
        assertTrue(after > before + 1, "training raises log p(x): " + before + " -> " + after);
        assertEquals(KlEstimator.MONTE_CARLO, trained.config().klEstimator());
    }

    @Test
    void configurationsCheckTheEstimatorAndRoundTripThroughJson() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VaeConfig.builder(4, 2)
                .prior(MIXTURE).klEstimator(KlEstimator.CLOSED_FORM).build());
        assertTrue(e.getMessage().contains("VaeConfig.klEstimator is CLOSED_FORM"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> VaeConfig.builder(4, 2)
                .objective(ElboObjective.withFreeBits(0.5)).klEstimator(KlEstimator.MONTE_CARLO).build());
        assertTrue(e.getMessage().contains("free bits"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> VaeConfig.builder(4, 3).prior(MIXTURE).build());
        assertTrue(e.getMessage().contains("GaussianMixturePrior.means has 2 dimensions but latentSize is 3"),
                e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VaeConfig.builder(4, 2).conditionSize(2)
                .prior(new VampPrior(3)).build()).getMessage().contains("VampPrior does not support a conditional"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new VampPrior(0)).getMessage()
                .contains("VampPrior.components (K pseudo-inputs) must be >= 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LearnedGaussianMixturePrior(0, 1))
                .getMessage().contains("LearnedGaussianMixturePrior.components must be >= 1"));
        for (Prior prior : List.of(MIXTURE, new FullCovarianceGaussianPrior(MEAN, COVARIANCE),
                new StandardNormalPrior(), new VampPrior(5), new LearnedGaussianMixturePrior(4, 2.0),
                new LearnedFullCovarianceGaussianPrior(2))) {
            for (KlEstimator estimator : new KlEstimator[] {null, KlEstimator.MONTE_CARLO}) {
                VaeConfig config = VaeConfig.builder(4, 2).prior(prior).klEstimator(estimator).build();
                assertEquals(estimator == null ? prior.defaultKlEstimator() : estimator, config.klEstimator());
                assertEquals(config, ConfigJson.read(ConfigJson.write(config)));
            }
        }
    }
}
