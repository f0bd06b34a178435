package org.vae4j.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.data.ImageShape;
import org.vae4j.exec.ExecutionPlan;
import org.vae4j.exec.GraphRunner;
import org.vae4j.prior.Gaussians;
import org.vae4j.train.Optimizer;

/**
 * Central-difference gradient checks in DOUBLE of what training uses: the discriminator loss's gradient with respect
 * to the discriminator's parameters (weights fed (1, 0)) and the generator loss's with respect to the generator's
 * (weights (0, 1)), computed by the same compiled plans as training, for every loss (WGAN-GP with its gradient
 * penalty on the MLP critic) and for the DCGAN networks.
 */
class GanGradientCheckTest {
    private static final double H = 1e-6;

    private static GanConfig mlp(GanLoss loss) {
        return GanConfig.builder(ImageShape.vector(4), 2).generatorLayers(3).discriminatorLayers(3, 2).loss(loss)
                .dataType(DataType.DOUBLE).build();
    }

    @ParameterizedTest
    @EnumSource(GanLoss.class)
    void mlpGradientsMatchCentralDifferences(GanLoss loss) {
        check(mlp(loss), 3);
    }

    @ParameterizedTest
    @EnumSource(GanLoss.class)
    void dcganGradientsMatchCentralDifferences(GanLoss loss) {
        check(dcgan(loss), 2);
    }

    static GanConfig dcgan(GanLoss loss) {
        return GanConfig.builder(ImageShape.grayscale(8, 8), 3).architecture(GanArchitecture.DCGAN)
                .generatorLayers(3, 2).discriminatorLayers(2, 3).normalization(true).loss(loss)
                .dataType(DataType.DOUBLE).build();
    }

    /**
     * The critic's input gradient that WGAN-GP's penalty is built on (written out as forward ops) against central
     * differences of the critic's logit, for the MLP and the convolutional critic (layer normalization included).
     */
    @ParameterizedTest
    @EnumSource(GanArchitecture.class)
    void theCriticsInputGradientMatchesCentralDifferences(GanArchitecture architecture) {
        GanConfig config = architecture == GanArchitecture.MLP ? mlp(GanLoss.WGAN_GP) : dcgan(GanLoss.WGAN_GP);
        SameDiff sd = GanGraph.build(config, new SplittableRandom(5), Long.MAX_VALUE);
        GraphRunner runner = new GraphRunner(sd, DataType.DOUBLE);
        int batch = 2;
        INDArray x = Nd4j.rand(DataType.DOUBLE, batch, config.pixels());
        Map<String, INDArray> feed = new HashMap<>();
        feed.put(GanGraph.REAL, x);
        feed.put(GanGraph.NOISE, Nd4j.zeros(DataType.DOUBLE, batch, config.latentSize()));
        feed.put(GanGraph.MIX, Nd4j.ones(DataType.DOUBLE, batch, 1)); // xhat = x
        INDArray g = runner.execute(feed, GanGraph.REAL, GanGraph.INPUT_GRADIENT).get(GanGraph.INPUT_GRADIENT);
        double norm = 0;
        for (int j = 0; j < config.pixels(); j++) {
            double original = x.getDouble(1, j);
            x.putScalar(1, j, original + H);
            double up = runner.execute(Map.of(GanGraph.REAL, x), GanGraph.REAL, GanGraph.REAL_LOGIT)
                    .get(GanGraph.REAL_LOGIT).getDouble(1);
            x.putScalar(1, j, original - H);
            double down = runner.execute(Map.of(GanGraph.REAL, x), GanGraph.REAL, GanGraph.REAL_LOGIT)
                    .get(GanGraph.REAL_LOGIT).getDouble(1);
            x.putScalar(1, j, original);
            double numeric = (up - down) / (2 * H);
            assertEquals(numeric, g.getDouble(1, j), 1e-7 + 1e-5 * Math.abs(numeric), "pixel " + j);
            norm += numeric * numeric;
        }
        assertTrue(norm > 1e-6, "a gradient that is not trivially 0: " + norm);
    }

    private static void check(GanConfig config, int batch) {
        SameDiff sd = GanGraph.build(config, new SplittableRandom(5), Long.MAX_VALUE);
        SplittableRandom random = new SplittableRandom(9);
        Map<String, INDArray> feed = new HashMap<>();
        double[] x = new double[batch * config.pixels()];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextDouble();
        }
        feed.put(GanGraph.REAL, Nd4j.create(x, new long[] {batch, config.pixels()}, DataType.DOUBLE));
        feed.put(GanGraph.NOISE, Gaussians.sample(batch, config.latentSize(), random, DataType.DOUBLE));
        if (config.loss().isWasserstein()) {
            feed.put(GanGraph.MIX, Nd4j.rand(DataType.DOUBLE, batch, 1));
        }
        int checked = 0;
        for (boolean generator : new boolean[] {false, true}) {
            feed.put(GanGraph.DISCRIMINATOR_WEIGHT, Nd4j.scalar(generator ? 0.0 : 1.0));
            feed.put(GanGraph.GENERATOR_WEIGHT, Nd4j.scalar(generator ? 1.0 : 0.0));
            String lossName = generator ? GanGraph.GENERATOR_LOSS : GanGraph.DISCRIMINATOR_LOSS;
            List<String> params = new ArrayList<>();
            List<String> outputs = new ArrayList<>();
            for (SDVariable v : Optimizer.parameters(sd)) {
                if (generator == GanGraph.isGenerator(v.name()) && v.getGradient() != null) {
                    params.add(v.name());
                    outputs.add(v.getGradient().name());
                }
            }
            assertFalse(params.isEmpty());
            ExecutionPlan plan = new ExecutionPlan(sd.getFunction("grad"), outputs, GanGraph.REAL);
            Map<String, INDArray> analytic = new HashMap<>();
            plan.execute(feed).forEach((k, v) -> analytic.put(k, v.dup()));
            GraphRunner runner = new GraphRunner(sd, DataType.DOUBLE);
            for (int p = 0; p < params.size(); p++) {
                INDArray param = sd.getArrForVarName(params.get(p));
                INDArray grad = analytic.get(outputs.get(p));
                long n = param.length();
                for (long i = 0; i < n; i += Math.max(1, n / 7)) {
                    double original = param.getDouble(i);
                    param.putScalar(i, original + H);
                    double up = runner.execute(feed, GanGraph.REAL, lossName).get(lossName).getDouble(0);
                    param.putScalar(i, original - H);
                    double down = runner.execute(feed, GanGraph.REAL, lossName).get(lossName).getDouble(0);
                    param.putScalar(i, original);
                    double numeric = (up - down) / (2 * H);
                    double a = grad.getDouble(i);
                    assertEquals(numeric, a, 1e-6 + 1e-4 * Math.abs(numeric), config.loss() + " " + lossName + " d/d "
                            + params.get(p) + "[" + i + "]");
                    checked++;
                }
            }
        }
        assertTrue(checked > 10, "checked " + checked);
    }
}
