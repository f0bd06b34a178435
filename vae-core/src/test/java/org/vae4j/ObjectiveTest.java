package org.vae4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.ImageShape;
import org.vae4j.graph.VaeGraph;
import org.vae4j.nn.MlpDecoder;
import org.vae4j.nn.MlpEncoder;
import org.vae4j.objective.AutoencoderObjective;
import org.vae4j.objective.ElboObjective;
import org.vae4j.prior.Gaussians;

/**
 * The two objectives in one graph: what the decoder sees, what the outputs hold, what the loss is; and the
 * autoencoder trained end to end by the same trainer.
 */
class ObjectiveTest {
    private static final int INPUT = 6;
    private static final int LATENT = 3;
    private static final int BATCH = 5;

    private static VaeConfig config(org.vae4j.objective.Objective objective) {
        return VaeConfig.builder(INPUT, LATENT).encoder(MlpEncoder.relu(8)).decoder(MlpDecoder.relu(8))
                .objective(objective).beta(0.7).dataType(DataType.DOUBLE).seed(3).build();
    }

    private static Map<String, INDArray> run(SameDiff sd, INDArray x, INDArray eps) {
        Map<String, INDArray> feed = new HashMap<>();
        feed.put(VaeGraph.INPUT, x);
        if (eps != null) {
            feed.put(VaeGraph.NOISE, eps);
        }
        feed.put(VaeGraph.BETA, Nd4j.scalar(DataType.DOUBLE, 0.7));
        return sd.output(feed, VaeGraph.POSTERIOR_MEAN, VaeGraph.Z, VaeGraph.RECONSTRUCTION, VaeGraph.LOG_LIKELIHOOD,
                VaeGraph.KL, VaeGraph.ELBO, VaeGraph.LOSS);
    }

    private static INDArray data() {
        return Nd4j.rand(DataType.DOUBLE, BATCH, INPUT); // Bernoulli data in [0, 1]
    }

    /** Bernoulli log p(x|z) = sum_i x_i log r_i + (1 - x_i) log(1 - r_i), from the reconstruction r. */
    private static double[] bernoulliLogLikelihood(INDArray x, INDArray r) {
        double[] out = new double[(int) x.rows()];
        for (int n = 0; n < out.length; n++) {
            for (int i = 0; i < x.columns(); i++) {
                double xi = x.getDouble(n, i);
                double ri = r.getDouble(n, i);
                out[n] += xi * Math.log(ri) + (1 - xi) * Math.log(1 - ri);
            }
        }
        return out;
    }

    @Test
    void theAutoencoderDecodesTheMeanAndItsLossIsTheReconstructionTermAlone() {
        SameDiff sd = VaeGraph.build(config(new AutoencoderObjective()), DataType.DOUBLE, new SplittableRandom(1));
        INDArray x = data();
        Map<String, INDArray> out = run(sd, x, null); // no noise needed
        assertEquals(out.get(VaeGraph.POSTERIOR_MEAN), out.get(VaeGraph.Z));
        double[] ll = out.get(VaeGraph.LOG_LIKELIHOOD).toDoubleVector();
        assertArrayEquals(bernoulliLogLikelihood(x, out.get(VaeGraph.RECONSTRUCTION)), ll, 1e-9);
        assertArrayEquals(new double[BATCH], out.get(VaeGraph.KL).toDoubleVector(), 0.0);
        assertArrayEquals(ll, out.get(VaeGraph.ELBO).toDoubleVector(), 0.0);
        double meanLl = java.util.Arrays.stream(ll).average().orElseThrow();
        assertEquals(-meanLl, out.get(VaeGraph.LOSS).getDouble(0), 1e-9);
        assertTrue(meanLl < -1, "a Bernoulli log-likelihood of 6 random pixels is well below 0: " + meanLl);
        // noise, if fed, changes nothing
        Map<String, INDArray> noisy = run(sd, x, Gaussians.sample(BATCH, LATENT, new SplittableRandom(2),
                DataType.DOUBLE).muli(5));
        assertEquals(out.get(VaeGraph.LOSS), noisy.get(VaeGraph.LOSS));
    }

    @Test
    void theElboSamplesAroundTheMeanAndWeightsTheKlByBeta() {
        SameDiff sd = VaeGraph.build(config(new ElboObjective()), DataType.DOUBLE, new SplittableRandom(1));
        INDArray x = data();
        Map<String, INDArray> atMean = run(sd, x, Nd4j.zeros(DataType.DOUBLE, BATCH, LATENT));
        assertEquals(atMean.get(VaeGraph.POSTERIOR_MEAN), atMean.get(VaeGraph.Z));
        Map<String, INDArray> out = run(sd, x, Gaussians.sample(BATCH, LATENT, new SplittableRandom(2),
                DataType.DOUBLE));
        assertTrue(out.get(VaeGraph.Z).distance2(out.get(VaeGraph.POSTERIOR_MEAN)) > 0.1);
        double[] ll = out.get(VaeGraph.LOG_LIKELIHOOD).toDoubleVector();
        double[] kl = out.get(VaeGraph.KL).toDoubleVector();
        assertArrayEquals(bernoulliLogLikelihood(x, out.get(VaeGraph.RECONSTRUCTION)), ll, 1e-9);
        double loss = 0;
        for (int n = 0; n < BATCH; n++) {
            assertTrue(kl[n] > 0, "KL of an untrained posterior is positive");
            assertEquals(ll[n] - kl[n], out.get(VaeGraph.ELBO).getDouble(n), 1e-9);
            loss += (0.7 * kl[n] - ll[n]) / BATCH;
        }
        assertEquals(loss, out.get(VaeGraph.LOSS).getDouble(0), 1e-9);
    }

    @Test
    void theSameTrainerFitsTheAutoencoderAndLeavesTheVarianceHeadAlone() {
        ImageShape shape = new ImageShape(1, 4, 4);
        SplittableRandom random = new SplittableRandom(42);
        float[] pixels = new float[400 * shape.size()];
        for (int i = 0; i < 400; i++) {
            int stripe = random.nextInt(4);
            for (int j = 0; j < shape.size(); j++) {
                pixels[i * shape.size() + j] = (j / 4 == stripe) ? 0.95f : 0.05f;
            }
        }
        ImageDataset data = ImageDataset.of(Nd4j.create(pixels, new long[] {400, shape.size()}), null, shape);
        VaeConfig ae = VaeConfig.builder(shape.size(), 2).encoder(MlpEncoder.relu(16)).decoder(MlpDecoder.relu(16))
                .objective(new AutoencoderObjective()).updater(new org.nd4j.linalg.learning.config.Adam(1e-2))
                .batchSize(32).epochs(0).seed(5).build();
        Vae untrained = new VaeTrainer(ae).fit(data).model();
        double before = untrained.reconstructionLogLikelihood(data.features()).meanNumber().doubleValue();
        INDArray logVarHead = untrained.graph().getArrForVarName("encoder/log_var/W").dup();

        TrainingResult result = new VaeTrainer(ae.toBuilder().epochs(10).build()).fit(data, data.first(100));
        Vae trained = result.model();
        double after = trained.reconstructionLogLikelihood(data.features()).meanNumber().doubleValue();
        // 16 pixels at 0.95/0.05: the best possible log-likelihood is 16 * (0.95 ln 0.95 + 0.05 ln 0.05) = -3.18
        assertTrue(before < -10, "untrained: " + before);
        assertTrue(after > -3.3, "four stripes fit in a 2-D code; reconstruction log-likelihood " + after);
        assertEquals(logVarHead, trained.graph().getArrForVarName("encoder/log_var/W"));
        EpochRecord last = result.history().last();
        assertEquals(0.0, last.train().kl());
        assertEquals(last.train().logLikelihood(), last.train().elbo(), 1e-9);
        assertEquals(after, trained.evaluate(data, 0, 1).elbo().logLikelihood(), 1e-4, "no sampling: any seed gives the mean");
        assertEquals(trained.encode(data.features()).mean(), trained.sampleLatent(data.features(), 9));
    }

    @Test
    void reconstructionLogLikelihoodScoresTheDecodedPosteriorMean() {
        SplittableRandom random = new SplittableRandom(8);
        INDArray x = Nd4j.rand(DataType.FLOAT, 7, INPUT);
        VaeConfig vae = VaeConfig.builder(INPUT, LATENT).encoder(MlpEncoder.relu(8)).decoder(MlpDecoder.relu(8))
                .epochs(0).seed(random.nextLong()).build();
        Vae model = new VaeTrainer(vae).fit(ImageDataset.of(x, null, new ImageShape(1, 2, 3))).model();
        double[] expected = bernoulliLogLikelihood(x.castTo(DataType.DOUBLE),
                model.reconstruct(x).castTo(DataType.DOUBLE));
        assertArrayEquals(expected, model.reconstructionLogLikelihood(x).castTo(DataType.DOUBLE).toDoubleVector(),
                1e-3);
        assertEquals(List.of(7L), List.of(model.reconstructionLogLikelihood(x).length()));
    }
}
