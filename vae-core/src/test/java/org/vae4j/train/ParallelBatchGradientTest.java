package org.vae4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.VaeConfig;
import org.vae4j.exec.ThreadTeam;
import org.vae4j.graph.VaeGraph;
import org.vae4j.nn.MlpDecoder;
import org.vae4j.nn.MlpEncoder;
import org.vae4j.objective.ElboObjective;
import org.vae4j.objective.IwaeObjective;
import org.vae4j.prior.Gaussians;

/**
 * A batch computed in parts on several threads gives the whole batch's loss, sums and gradient: in double precision
 * to rounding (the parts weighted by their rows), for the ELBO, the importance-weighted bound (noise rows taken per
 * sample) and a conditional VAE (condition rows); an objective whose loss is not a batch mean is not split.
 */
class ParallelBatchGradientTest {

    private static Map<String, INDArray> feed(VaeConfig config, int batch, SplittableRandom random) {
        Map<String, INDArray> feed = new HashMap<>();
        feed.put(VaeGraph.INPUT, Nd4j.rand(DataType.DOUBLE, batch, config.inputSize()));
        feed.put(VaeGraph.NOISE, Gaussians.sample(config.objective().samplesPerExample() * batch,
                config.latentSize(), random, DataType.DOUBLE));
        feed.put(VaeGraph.BETA, Nd4j.scalar(DataType.DOUBLE, 0.8));
        feed.put(VaeGraph.CAPACITY, Nd4j.scalar(DataType.DOUBLE, 0.0));
        if (config.conditional()) {
            INDArray condition = Nd4j.zeros(DataType.DOUBLE, batch, config.conditionSize());
            for (int i = 0; i < batch; i++) {
                condition.putScalar(i, random.nextInt(config.conditionSize()), 1.0);
            }
            feed.put(VaeGraph.CONDITION, condition);
        }
        return feed;
    }

    private static BatchGradient.Result compute(SameDiff sd, VaeConfig config, int threads,
            Map<String, INDArray> feed) {
        return checked(sd, config, threads, feed).result();
    }

    /** The batch's result with copies of the gradients, and the check's finding. */
    private static ParallelBatchGradient.Checked checked(SameDiff sd, VaeConfig config, int threads,
            Map<String, INDArray> feed) {
        List<String> names = Optimizer.parameters(sd).stream().map(SDVariable::name).toList();
        try (ThreadTeam team = new ThreadTeam(threads)) {
            ParallelBatchGradient g = new ParallelBatchGradient(sd, names, team,
                    config.objective().lossIsBatchMean(), config.objective().samplesPerExample(), 128);
            ParallelBatchGradient.Checked c = g.compute(feed);
            BatchGradient.Result r = c.result();
            Map<String, INDArray> copies = new HashMap<>();
            r.gradients().forEach((k, v) -> copies.put(k, v.dup()));
            return new ParallelBatchGradient.Checked(new BatchGradient.Result(r.elboSum(), r.logLikelihoodSum(),
                    r.klSum(), r.loss(), copies), c.nonFinite());
        }
    }

    /**
     * A NaN in one example reaches the gradients of one part only; the check of the combined gradients (chunk by
     * chunk, on both threads: the model has more than {@link ThreadTeam#MIN_SPLIT} values) names the same parameter
     * as the check of the whole batch's, one whose gradient holds a NaN; a clean batch passes.
     */
    @Test
    void aNanInOnePartIsFoundAsInTheWholeBatch() {
        VaeConfig config = VaeConfig.builder(784, 4).encoder(MlpEncoder.relu(64)).decoder(MlpDecoder.relu(64))
                .build();
        SameDiff sd = VaeGraph.build(config, DataType.DOUBLE, new SplittableRandom(4));
        Map<String, INDArray> feed = feed(config, 128, new SplittableRandom(5));
        assertEquals(null, checked(sd, config, 2, feed).nonFinite());
        assertEquals(null, checked(sd, config, 1, feed).nonFinite());
        feed.get(VaeGraph.INPUT).putScalar(100, 3, Double.NaN); // row 100: the second part
        ParallelBatchGradient.Checked whole = checked(sd, config, 1, feed);
        ParallelBatchGradient.Checked parts = checked(sd, config, 2, feed);
        assertTrue(whole.nonFinite() != null, "the whole batch's check finds the NaN");
        assertEquals(whole.nonFinite(), parts.nonFinite());
        assertTrue(Double.isNaN(parts.result().gradients().get(parts.nonFinite()).sumNumber().doubleValue()));
    }

    @Test
    void partsOnSeveralThreadsGiveTheWholeBatchsLossAndGradient() {
        for (VaeConfig config : List.of(
                VaeConfig.builder(12, 3).encoder(MlpEncoder.relu(8)).decoder(MlpDecoder.relu(7)).build(),
                VaeConfig.builder(12, 3).objective(new IwaeObjective(3)).encoder(MlpEncoder.relu(8))
                        .decoder(MlpDecoder.relu(7)).build(),
                VaeConfig.builder(12, 3).conditionSize(4).encoder(MlpEncoder.relu(8)).decoder(MlpDecoder.relu(7))
                        .build())) {
            SameDiff sd = VaeGraph.build(config, DataType.DOUBLE, new SplittableRandom(4));
            for (int batch : new int[] {100, 64, 97}) {
                Map<String, INDArray> feed = feed(config, batch, new SplittableRandom(batch));
                BatchGradient.Result whole = compute(sd, config, 1, feed);
                for (int threads : new int[] {2, 3}) {
                    String what = config.objective() + " batch " + batch + " threads " + threads;
                    BatchGradient.Result parts = compute(sd, config, threads, feed);
                    assertEquals(whole.loss(), parts.loss(), 1e-12 * Math.abs(whole.loss()), what + " loss");
                    assertEquals(whole.elboSum(), parts.elboSum(), 1e-10 * Math.abs(whole.elboSum()), what);
                    assertEquals(whole.klSum(), parts.klSum(), 1e-10 * Math.abs(whole.klSum()) + 1e-12, what);
                    assertEquals(whole.gradients().keySet(), parts.gradients().keySet(), what);
                    for (Map.Entry<String, INDArray> g : whole.gradients().entrySet()) {
                        INDArray expected = g.getValue();
                        double scale = expected.amaxNumber().doubleValue();
                        assertTrue(scale > 0, what + " " + g.getKey());
                        double gap = expected.sub(parts.gradients().get(g.getKey())).amaxNumber().doubleValue();
                        assertTrue(gap <= 1e-12 * scale, what + " " + g.getKey() + ": " + gap + " of " + scale);
                    }
                }
            }
        }
    }

    @Test
    void aLossThatIsNotABatchMeanIsComputedInOnePart() {
        // one latent dimension, free bits at the batch's mean KL: a split batch's parts lie on either side of it
        VaeConfig plain = VaeConfig.builder(12, 1).encoder(MlpEncoder.relu(8)).decoder(MlpDecoder.relu(7)).build();
        Map<String, INDArray> feed = feed(plain, 100, new SplittableRandom(2));
        double lambda = compute(VaeGraph.build(plain, DataType.DOUBLE, new SplittableRandom(4)), plain, 1, feed)
                .klSum() / 100;
        VaeConfig config = plain.toBuilder().objective(new ElboObjective(lambda)).build();
        assertTrue(!config.objective().lossIsBatchMean());
        SameDiff sd = VaeGraph.build(config, DataType.DOUBLE, new SplittableRandom(4));
        BatchGradient.Result whole = compute(sd, config, 1, feed);
        BatchGradient.Result threads = compute(sd, config, 3, feed);
        assertEquals(whole.loss(), threads.loss(), 0.0);
        for (Map.Entry<String, INDArray> g : whole.gradients().entrySet()) {
            assertEquals(g.getValue(), threads.gradients().get(g.getKey()), g.getKey());
        }
        // split in halves anyway, each half's mean KL is clamped on its own: a different loss
        List<String> names = Optimizer.parameters(sd).stream().map(SDVariable::name).toList();
        try (ThreadTeam team = new ThreadTeam(2)) {
            ParallelBatchGradient forced = new ParallelBatchGradient(sd, names, team, true, 1, 100);
            double gap = Math.abs(forced.compute(feed).result().loss() - whole.loss());
            assertTrue(gap > 1e-9, "the free bits must bind differently on the halves: " + gap);
        }
    }

    @Test
    void partsHaveAtLeastMinRowsAndAtMostOnePerThread() {
        assertEquals(1, ParallelBatchGradient.partsFor(63, 2, 2));
        assertEquals(2, ParallelBatchGradient.partsFor(64, 2, 2));
        assertEquals(2, ParallelBatchGradient.partsFor(128, 2, 8));
        assertEquals(4, ParallelBatchGradient.partsFor(128, 8, 8));
        assertEquals(1, ParallelBatchGradient.partsFor(128, 8, 1));
        assertEquals(1, ParallelBatchGradient.partsFor(5, 4, 4));
    }
}
