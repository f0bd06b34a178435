package org.vae4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.data.Binarization;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.InvalidDataException;
import org.vae4j.graph.VaeGraph;
import org.vae4j.likelihood.GaussianLikelihood;
import org.vae4j.nn.MlpDecoder;
import org.vae4j.nn.MlpEncoder;
import org.vae4j.objective.CapacityObjective;
import org.vae4j.objective.ElboObjective;
import org.vae4j.objective.IwaeObjective;
import org.vae4j.objective.Objective;
import org.vae4j.prior.DiagonalGaussianPrior;
import org.vae4j.prior.Gaussians;
import org.vae4j.schedule.LinearWarmup;
import org.vae4j.schedule.StepUnit;

/**
 * The IWAE, free-bits and capacity objectives against their formulas computed on the host from the graph's own
 * intermediate outputs; beta schedules, dynamic binarization and the time limit in the trainer.
 */
class ObjectiveVariantsTest {
    private static final int INPUT = 6;
    private static final int LATENT = 3;
    private static final int BATCH = 5;
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private static VaeConfig config(Objective objective) {
        return VaeConfig.builder(INPUT, LATENT).encoder(MlpEncoder.relu(8)).decoder(MlpDecoder.relu(8))
                .prior(new DiagonalGaussianPrior(new double[] {0.3, 0, -0.2}, new double[] {1, 0.7, 1.3}))
                .objective(objective).beta(0.7).dataType(DataType.DOUBLE).seed(3).build();
    }

    private static Map<String, INDArray> feed(INDArray x, INDArray eps, double capacity) {
        Map<String, INDArray> feed = new HashMap<>();
        feed.put(VaeGraph.INPUT, x);
        feed.put(VaeGraph.NOISE, eps);
        feed.put(VaeGraph.BETA, Nd4j.scalar(DataType.DOUBLE, 0.7));
        feed.put(VaeGraph.CAPACITY, Nd4j.scalar(DataType.DOUBLE, capacity));
        return feed;
    }

    private static INDArray data() {
        SplittableRandom random = new SplittableRandom(7);
        double[] x = new double[BATCH * INPUT];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextDouble();
        }
        return Nd4j.create(x, new long[] {BATCH, INPUT}, DataType.DOUBLE);
    }

    /** log N(z; m, diag(s^2)) = -1/2 sum_j (log 2 pi + log s_j^2 + (z_j - m_j)^2 / s_j^2) per row, on the host. */
    private static double[] logPrior(DiagonalGaussianPrior prior, INDArray z) {
        double[] m = prior.mean();
        double[] s = prior.standardDeviation();
        double[] logP = new double[(int) z.rows()];
        for (int i = 0; i < logP.length; i++) {
            for (int j = 0; j < m.length; j++) {
                double d = (z.getDouble(i, j) - m[j]) / s[j];
                logP[i] += -0.5 * (LOG_2PI + 2 * Math.log(s[j]) + d * d);
            }
        }
        return logP;
    }

    @Test
    void iwaeLossIsMinusTheMeanLogSumExpOfTheImportanceWeights() {
        int k = 4;
        VaeConfig config = config(new IwaeObjective(k));
        SameDiff sd = VaeGraph.build(config, DataType.DOUBLE, new SplittableRandom(1));
        INDArray x = data();
        INDArray eps = Gaussians.sample(k * BATCH, LATENT, new SplittableRandom(2), DataType.DOUBLE);
        Map<String, INDArray> out = sd.output(feed(x, eps, 0), VaeGraph.POSTERIOR_MEAN,
                VaeGraph.POSTERIOR_LOG_VARIANCE, VaeGraph.LOSS, VaeGraph.LOG_LIKELIHOOD, VaeGraph.KL, VaeGraph.ELBO);
        INDArray mean = out.get(VaeGraph.POSTERIOR_MEAN);
        INDArray logVar = out.get(VaeGraph.POSTERIOR_LOG_VARIANCE);
        // on the host: z_s = mean + sigma * eps_s, log w_s = log p(x|z_s) + log p(z_s) - log q(z_s|x), sample-major
        INDArray z = Nd4j.create(DataType.DOUBLE, k * BATCH, LATENT);
        INDArray xs = Nd4j.create(DataType.DOUBLE, k * BATCH, INPUT);
        for (int s = 0; s < k; s++) {
            for (int i = 0; i < BATCH; i++) {
                int row = s * BATCH + i;
                for (int j = 0; j < LATENT; j++) {
                    z.putScalar(row, j, mean.getDouble(i, j)
                            + Math.exp(logVar.getDouble(i, j) / 2) * eps.getDouble(row, j));
                }
                xs.putRow(row, x.getRow(i));
            }
        }
        Map<String, INDArray> latentFeed = new HashMap<>(feed(xs, eps, 0));
        latentFeed.put(VaeGraph.LATENT, z);
        double[] ll = sd.output(latentFeed, VaeGraph.LATENT_LOG_LIKELIHOOD).get(VaeGraph.LATENT_LOG_LIKELIHOOD)
                .toDoubleVector();
        double[] logPrior = logPrior((DiagonalGaussianPrior) config.prior(), z);
        double loss = 0;
        double monteCarloElbo = 0;
        double[] meanLl = new double[BATCH];
        for (int i = 0; i < BATCH; i++) {
            double[] logW = new double[k];
            double max = Double.NEGATIVE_INFINITY;
            for (int s = 0; s < k; s++) {
                int row = s * BATCH + i;
                double logQ = 0;
                for (int j = 0; j < LATENT; j++) {
                    logQ += -0.5 * (LOG_2PI + logVar.getDouble(i, j) + Math.pow(eps.getDouble(row, j), 2));
                }
                logW[s] = ll[row] + logPrior[row] - logQ;
                monteCarloElbo += logW[s] / k / BATCH;
                max = Math.max(max, logW[s]);
                meanLl[i] += ll[row] / k;
            }
            double sum = 0;
            for (double w : logW) {
                sum += Math.exp(w - max);
            }
            loss -= (max + Math.log(sum / k)) / BATCH;
        }
        assertEquals(loss, out.get(VaeGraph.LOSS).getDouble(0), 1e-9);
        // reported figures: the ELBO with log p(x|z) averaged over the samples and the closed-form KL
        assertArrayEquals(meanLl, out.get(VaeGraph.LOG_LIKELIHOOD).toDoubleVector(), 1e-9);
        assertArrayEquals(out.get(VaeGraph.LOG_LIKELIHOOD).sub(out.get(VaeGraph.KL)).toDoubleVector(),
                out.get(VaeGraph.ELBO).toDoubleVector(), 1e-12);
        // on the same samples, L_k is above the Monte Carlo ELBO, the mean of log w (Jensen), and clearly different
        assertTrue(-loss > monteCarloElbo + 1e-3, "L_k " + (-loss) + " vs Monte Carlo ELBO " + monteCarloElbo);
    }

    @Test
    void freeBitsClampTheBatchMeanKlOfEachDimensionFromBelow() {
        SameDiff sd = VaeGraph.build(config(ElboObjective.withFreeBits(0.05)), DataType.DOUBLE,
                new SplittableRandom(1));
        INDArray x = data();
        INDArray eps = Gaussians.sample(BATCH, LATENT, new SplittableRandom(2), DataType.DOUBLE);
        Map<String, INDArray> out = sd.output(feed(x, eps, 0), VaeGraph.KL_PER_DIMENSION, VaeGraph.KL,
                VaeGraph.LOG_LIKELIHOOD, VaeGraph.LOSS);
        INDArray perDimension = out.get(VaeGraph.KL_PER_DIMENSION);
        assertArrayEquals(out.get(VaeGraph.KL).toDoubleVector(), perDimension.sum(1).toDoubleVector(), 1e-12);
        double[] batchMean = perDimension.mean(0).toDoubleVector();
        int clamped = 0;
        double expected = -out.get(VaeGraph.LOG_LIKELIHOOD).meanNumber().doubleValue();
        for (double kl : batchMean) {
            expected += 0.7 * Math.max(0.05, kl);
            clamped += kl < 0.05 ? 1 : 0;
        }
        assertEquals(expected, out.get(VaeGraph.LOSS).getDouble(0), 1e-9);
        // the test means something only if some dimensions are below lambda and some above
        assertTrue(clamped > 0 && clamped < LATENT, "dimensions below lambda: " + clamped + " of "
                + java.util.Arrays.toString(batchMean));
    }

    @Test
    void capacityLossIsGammaTimesTheGapBetweenKlAndTheFedCapacity() {
        CapacityObjective objective = CapacityObjective.linear(20, 25, 10);
        SameDiff sd = VaeGraph.build(config(objective), DataType.DOUBLE, new SplittableRandom(1));
        INDArray x = data();
        INDArray eps = Gaussians.sample(BATCH, LATENT, new SplittableRandom(2), DataType.DOUBLE);
        for (double c : new double[] {0.0, 0.4, 5.0}) {
            Map<String, INDArray> out = sd.output(feed(x, eps, c), VaeGraph.KL, VaeGraph.LOG_LIKELIHOOD,
                    VaeGraph.LOSS);
            double kl = out.get(VaeGraph.KL).meanNumber().doubleValue();
            double expected = 20 * Math.abs(kl - c) - out.get(VaeGraph.LOG_LIKELIHOOD).meanNumber().doubleValue();
            assertEquals(expected, out.get(VaeGraph.LOSS).getDouble(0), 1e-9, "C = " + c);
        }
        // C rises linearly from 0 to 25 nats over 10 epochs of 100 iterations, then stays
        assertEquals(0, objective.capacityAt(new org.vae4j.schedule.TrainingStep(1, 0, 100, 2000)), 0);
        assertEquals(12.5, objective.capacityAt(new org.vae4j.schedule.TrainingStep(6, 500, 100, 2000)), 1e-12);
        assertEquals(25, objective.capacityAt(new org.vae4j.schedule.TrainingStep(15, 1400, 100, 2000)), 0);
    }

    @Test
    void aBetaWarmupStartingAtZeroGivesTheFirstUpdateOfBetaZero() {
        ImageDataset data = TestModels.stripes(64, 1);
        double warm = firstLoss(TestModels.tiny(1).toBuilder()
                .beta(new LinearWarmup(0, 1, 2, StepUnit.EPOCHS)).build(), data);
        double zero = firstLoss(TestModels.tiny(1).toBuilder().beta(0).build(), data);
        double one = firstLoss(TestModels.tiny(1), data);
        assertEquals(zero, warm, 0.0);
        assertNotEquals(one, warm, "beta 0 and beta 1 give different losses at the first update");
        // and the run then uses beta > 0: the second update differs from the beta-0 run's
        assertNotEquals(secondLoss(TestModels.tiny(1).toBuilder().beta(0).build(), data),
                secondLoss(TestModels.tiny(1).toBuilder().beta(new LinearWarmup(0, 1, 2, StepUnit.EPOCHS)).build(),
                        data));
    }

    private static List<Double> losses(VaeConfig config, ImageDataset data) {
        List<Double> losses = new ArrayList<>();
        new VaeTrainer(config).withListeners(new TrainingListener() {
            @Override
            public void iterationDone(IterationRecord record) {
                losses.add(record.loss());
            }
        }).fit(data);
        return losses;
    }

    private static double firstLoss(VaeConfig config, ImageDataset data) {
        return losses(config, data).get(0);
    }

    private static double secondLoss(VaeConfig config, ImageDataset data) {
        return losses(config, data).get(1);
    }

    @Test
    void dynamicBinarizationDrawsBernoulliPixelsWithTheGivenMeans() {
        int n = 200_000;
        INDArray p = Nd4j.rand(DataType.FLOAT, n);
        INDArray out = Nd4j.create(DataType.FLOAT, n);
        Binarization.sample(p, out, new SplittableRandom(4), "test");
        float[] bits = out.toFloatVector();
        float[] probabilities = p.toFloatVector();
        double agreement = 0;
        for (int i = 0; i < n; i++) {
            assertTrue(bits[i] == 0f || bits[i] == 1f);
            agreement += bits[i] == 1f ? probabilities[i] : 1 - probabilities[i];
        }
        // E[x] = p: the mean of the bits is the mean of p within 4 standard errors
        double meanBits = out.meanNumber().doubleValue();
        assertEquals(p.meanNumber().doubleValue(), meanBits, 4 * Math.sqrt(0.25 / n));
        // a draw agrees with its own p more often than with a random one (E[p^2 + (1-p)^2] = 2/3 for uniform p)
        assertEquals(2.0 / 3, agreement / n, 0.01);
        // same seed, same bits; another seed, other bits
        INDArray again = Nd4j.create(DataType.FLOAT, n);
        assertEquals(out, Binarization.sample(p, again, new SplittableRandom(4), "test"));
        assertNotEquals(out, Binarization.sample(p, again, new SplittableRandom(5), "test"));
        INDArray bad = Nd4j.createFromArray(0.5f, 1.5f);
        InvalidDataException e = assertThrows(InvalidDataException.class,
                () -> Binarization.sample(bad, Nd4j.create(DataType.FLOAT, 2), new SplittableRandom(1), "my set"));
        assertTrue(e.getMessage().contains("my set") && e.getMessage().contains("1.5"), e.getMessage());
    }

    @Test
    void dynamicBinarizationNeedsABernoulliLikelihoodAndChangesTraining() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TestModels.tiny(1)
                .toBuilder().likelihood(GaussianLikelihood.fixedVariance(1)).dynamicBinarization(true).build());
        assertTrue(e.getMessage().contains("dynamicBinarization"), e.getMessage());
        ImageDataset data = TestModels.stripes(64, 1);
        List<Double> plain = losses(TestModels.tiny(2), data);
        VaeConfig binarized = TestModels.tiny(2).toBuilder().dynamicBinarization(true).build();
        List<Double> first = losses(binarized, data);
        assertNotEquals(plain.get(0), first.get(0));
        assertEquals(first, losses(binarized, data), "the draws are seeded: the same run twice is the same");
    }

    @Test
    void theTimeLimitStopsAfterTheEpochThatExhaustsIt() {
        ImageDataset data = TestModels.stripes(64, 1);
        TrainingResult result = new VaeTrainer(TestModels.tiny(5)).withTimeLimit(Duration.ofNanos(1)).fit(data);
        assertEquals(1, result.history().epochs().size());
        assertEquals(5, new VaeTrainer(TestModels.tiny(5)).withTimeLimit(Duration.ofHours(1)).fit(data).history()
                .epochs().size());
    }

    @Test
    void historiesRecordLatentDiagnosticsThatMatchTheEncoder() {
        ImageDataset data = TestModels.stripes(256, 2);
        TrainingResult result = new VaeTrainer(TestModels.tiny(3)).fit(data);
        LatentDiagnostics recorded = result.history().last().latent();
        Evaluation evaluation = result.model().evaluate(data, 0, VaeTrainer.VALIDATION_SEED);
        assertEquals(evaluation.latent(), recorded);
        // the activity statistic is the variance over examples of the posterior mean
        INDArray means = result.model().encode(data.features()).mean().castTo(DataType.DOUBLE);
        assertArrayEquals(means.var(false, 0).toDoubleVector(), recorded.meanVariance(), 1e-6);
        // KL per dimension sums to the mean KL
        assertEquals(evaluation.elbo().kl(), java.util.Arrays.stream(recorded.klPerDimension()).sum(), 1e-4);
        assertEquals((int) java.util.Arrays.stream(recorded.meanVariance()).filter(v -> v > 0.01).count(),
                recorded.activeUnits());
    }
}
