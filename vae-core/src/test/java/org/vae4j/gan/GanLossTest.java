package org.vae4j.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.data.ImageShape;
import org.vae4j.exec.GraphRunner;

/**
 * Each GAN loss of the graph against values computed here by hand (plain Java) on a tiny network with known weights:
 * generator z (1) -&gt; sigmoid(z w + b) (2 pixels); discriminator 2 -&gt; leaky ReLU(0.2) 2 -&gt; 1 logit. The
 * WGAN-GP penalty's input-gradient norm is computed here by central differences of the hand-written critic.
 */
class GanLossTest {
    private static final double[] WG = {0.8, -1.3};
    private static final double[] BG = {0.1, 0.2};
    private static final double[][] WH = {{1.5, -0.7}, {-0.4, 0.9}};
    private static final double[] BH = {0.05, -0.3};
    private static final double[] WO = {1.1, -2.0};
    private static final double BO = 0.25;
    private static final double[][] X = {{0.9, 0.1}, {0.2, 0.6}, {0.5, 0.5}};
    private static final double[] Z = {0.3, -1.2, 2.0};
    private static final double[] E = {0.25, 0.6, 0.9};
    private static final double SLOPE = 0.2;

    private static GanConfig config(GanLoss loss) {
        return GanConfig.builder(ImageShape.vector(2), 1).generatorLayers().discriminatorLayers(2).loss(loss)
                .gradientPenalty(10).dataType(DataType.DOUBLE).build();
    }

    private static Map<String, INDArray> run(GanLoss loss) {
        SameDiff sd = GanGraph.build(config(loss), new SplittableRandom(1), Long.MAX_VALUE);
        sd.getArrForVarName("generator/out/W").assign(Nd4j.create(WG, new long[] {1, 2}));
        sd.getArrForVarName("generator/out/b").assign(Nd4j.create(BG, new long[] {1, 2}));
        sd.getArrForVarName("discriminator/hidden0/W").assign(Nd4j.create(WH));
        sd.getArrForVarName("discriminator/hidden0/b").assign(Nd4j.create(BH, new long[] {1, 2}));
        sd.getArrForVarName("discriminator/out/W").assign(Nd4j.create(WO, new long[] {2, 1}));
        sd.getArrForVarName("discriminator/out/b").assign(Nd4j.scalar(BO).reshape(1, 1));
        Map<String, INDArray> feed = new HashMap<>();
        feed.put(GanGraph.REAL, Nd4j.create(X));
        feed.put(GanGraph.NOISE, Nd4j.create(Z, new long[] {3, 1}));
        feed.put(GanGraph.DISCRIMINATOR_WEIGHT, Nd4j.scalar(1.0));
        feed.put(GanGraph.GENERATOR_WEIGHT, Nd4j.scalar(1.0));
        if (loss == GanLoss.WGAN_GP) {
            feed.put(GanGraph.MIX, Nd4j.create(E, new long[] {3, 1}));
            return new GraphRunner(sd, DataType.DOUBLE).execute(feed, GanGraph.REAL, GanGraph.DISCRIMINATOR_LOSS,
                    GanGraph.GENERATOR_LOSS, GanGraph.PENALTY, GanGraph.LOSS);
        }
        return new GraphRunner(sd, DataType.DOUBLE).execute(feed, GanGraph.REAL, GanGraph.DISCRIMINATOR_LOSS,
                GanGraph.GENERATOR_LOSS, GanGraph.LOSS);
    }

    private static double[] generate(double z) {
        return new double[] {sigmoid(z * WG[0] + BG[0]), sigmoid(z * WG[1] + BG[1])};
    }

    private static double logit(double[] v) {
        double out = BO;
        for (int j = 0; j < 2; j++) {
            double a = v[0] * WH[0][j] + v[1] * WH[1][j] + BH[j];
            out += (a > 0 ? a : SLOPE * a) * WO[j];
        }
        return out;
    }

    private static double sigmoid(double t) {
        return 1 / (1 + Math.exp(-t));
    }

    @Test
    void nonSaturatingAndMinimaxLossesAreTheHandComputedOnes() {
        double d = 0;
        double gNonSaturating = 0;
        double gMinimax = 0;
        for (int i = 0; i < 3; i++) {
            double real = sigmoid(logit(X[i]));
            double fake = sigmoid(logit(generate(Z[i])));
            d += -(Math.log(real) + Math.log(1 - fake)) / 3;
            gNonSaturating += -Math.log(fake) / 3;
            gMinimax += Math.log(1 - fake) / 3;
        }
        Map<String, INDArray> ns = run(GanLoss.NON_SATURATING);
        assertEquals(d, ns.get(GanGraph.DISCRIMINATOR_LOSS).getDouble(0), 1e-12);
        assertEquals(gNonSaturating, ns.get(GanGraph.GENERATOR_LOSS).getDouble(0), 1e-12);
        assertEquals(d + gNonSaturating, ns.get(GanGraph.LOSS).getDouble(0), 1e-12);
        Map<String, INDArray> mm = run(GanLoss.MINIMAX);
        assertEquals(d, mm.get(GanGraph.DISCRIMINATOR_LOSS).getDouble(0), 1e-12);
        assertEquals(gMinimax, mm.get(GanGraph.GENERATOR_LOSS).getDouble(0), 1e-12);
    }

    @Test
    void wganGpLossesAreTheHandComputedOnes() {
        double critic = 0;
        double penalty = 0;
        double generator = 0;
        double h = 1e-6;
        for (int i = 0; i < 3; i++) {
            double[] fake = generate(Z[i]);
            double[] mixed = {E[i] * X[i][0] + (1 - E[i]) * fake[0], E[i] * X[i][1] + (1 - E[i]) * fake[1]};
            double normSquared = 0;
            for (int k = 0; k < 2; k++) {
                double[] up = mixed.clone();
                double[] down = mixed.clone();
                up[k] += h;
                down[k] -= h;
                double g = (logit(up) - logit(down)) / (2 * h);
                normSquared += g * g;
            }
            double deviation = Math.sqrt(normSquared) - 1;
            penalty += 10 * deviation * deviation / 3;
            critic += (logit(fake) - logit(X[i])) / 3;
            generator += -logit(fake) / 3;
        }
        Map<String, INDArray> out = run(GanLoss.WGAN_GP);
        assertEquals(penalty, out.get(GanGraph.PENALTY).getDouble(0), 1e-7);
        assertEquals(critic + penalty, out.get(GanGraph.DISCRIMINATOR_LOSS).getDouble(0), 1e-7);
        assertEquals(generator, out.get(GanGraph.GENERATOR_LOSS).getDouble(0), 1e-12);
    }

    @Test
    void theStableSoftplusHoldsForLargeLogits() {
        // log sigmoid(l) = -softplus(-l): for l = -800, log D = -800 exactly, where log(sigmoid) would give -inf
        SameDiff sd = SameDiff.create();
        var t = sd.placeHolder("t", DataType.DOUBLE, 3);
        GanGraph.softplus(sd, t).rename("s");
        INDArray s = sd.output(Map.of("t", Nd4j.create(new double[] {800, -800, 0})), "s").get("s");
        assertEquals(800, s.getDouble(0), 1e-12);
        assertEquals(Math.exp(-800), s.getDouble(1), 1e-300);
        assertEquals(Math.log(2), s.getDouble(2), 1e-15);
    }
}
