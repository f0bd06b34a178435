package org.vae4j.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.VaeConfig;
import org.vae4j.data.ImageShape;
import org.vae4j.graph.VaeGraph;
import org.vae4j.likelihood.GaussianLikelihood;
import org.vae4j.nn.Activation;
import org.vae4j.nn.ConvDecoder;
import org.vae4j.nn.ConvEncoder;
import org.vae4j.nn.ConvLayer;
import org.vae4j.nn.MlpDecoder;
import org.vae4j.nn.MlpEncoder;
import org.vae4j.prior.DiagonalGaussianPrior;
import org.vae4j.prior.Gaussians;

/**
 * The compiled plan computes what SameDiff's own session computes, for any batch size, call after call: bit for bit
 * but for the host's transcendental ops and sums along rows, which round differently ({@link Lanewise#exact}).
 */
class ExecutionPlanTest {

    private static Map<String, INDArray> feed(VaeConfig config, int batch, SplittableRandom random) {
        Map<String, INDArray> feed = new HashMap<>();
        feed.put(VaeGraph.INPUT, Nd4j.rand(DataType.FLOAT, batch, config.inputSize()));
        feed.put(VaeGraph.NOISE, Gaussians.sample(batch, 3, random, DataType.FLOAT));
        feed.put(VaeGraph.BETA, Nd4j.scalar(DataType.FLOAT, 0.8));
        if (config.conditional()) {
            feed.put(VaeGraph.CONDITION, Gaussians.sample(batch, config.conditionSize(), random, DataType.FLOAT));
        }
        return feed;
    }

    @Test
    void trainingOutputsAndGradientsEqualSameDiffsToFloatRounding() {
        for (VaeConfig config : List.of(
                VaeConfig.builder(12, 3).encoder(MlpEncoder.relu(8, 6)).decoder(MlpDecoder.relu(7)).build(),
                VaeConfig.builder(12, 3).likelihood(GaussianLikelihood.learnedVariance())
                        .prior(new DiagonalGaussianPrior(new double[] {1, 0, -1}, new double[] {1, 2, 0.5}))
                        .encoder(MlpEncoder.relu(5)).decoder(MlpDecoder.relu(5)).build(),
                // convolutions and transposed convolutions (conv2d, deconv2d and their backward ops), conditional
                VaeConfig.builder(new ImageShape(2, 8, 8), 3).conditionSize(4)
                        .encoder(new ConvEncoder(List.of(ConvLayer.halving(4), new ConvLayer(3, 3, 1, 1)), List.of(6),
                                Activation.RELU))
                        .decoder(new ConvDecoder(List.of(5), List.of(ConvLayer.halving(4), new ConvLayer(3, 3, 1, 1)),
                                Activation.ELU)).build(),
                // the VampPrior: the encoder's weights used twice, and the pseudo-inputs a parameter with a gradient
                VaeConfig.builder(12, 3).prior(new org.vae4j.prior.VampPrior(4))
                        .encoder(new MlpEncoder(List.of(8, 6), Activation.TANH))
                        .decoder(new MlpDecoder(List.of(7), Activation.TANH)).build())) {
            SameDiff sd = VaeGraph.build(config, DataType.FLOAT, new SplittableRandom(4));
            List<String> params = new ArrayList<>();
            List<String> outputs = new ArrayList<>(List.of(VaeGraph.ELBO, VaeGraph.LOG_LIKELIHOOD, VaeGraph.KL));
            for (SDVariable v : sd.variables()) {
                if (v.getVariableType() == VariableType.VARIABLE) {
                    params.add(v.name());
                    outputs.add(v.getGradient().name());
                }
            }
            ExecutionPlan step = new ExecutionPlan(sd.getFunction("grad"), outputs, VaeGraph.INPUT);
            assertTrue(step.size() < sd.getFunction("grad").getOps().size(),
                    "runs only the ops the outputs need: " + step.size());
            SplittableRandom random = new SplittableRandom(1);
            step.profile(true);
            for (int batch : new int[] {5, 3, 5, 1}) { // a new batch size, then a cached one again
                Map<String, INDArray> feed = feed(config, batch, random);
                OutAndGrad expected = sd.calculateGradientsAndOutputs(feed,
                        List.of(VaeGraph.ELBO, VaeGraph.LOG_LIKELIHOOD, VaeGraph.KL), params);
                Map<String, INDArray> actual = step.execute(feed);
                for (String o : List.of(VaeGraph.ELBO, VaeGraph.LOG_LIKELIHOOD, VaeGraph.KL)) {
                    assertCloseTo(expected.getOutputs().get(o), actual.get(o), o + " at batch " + batch);
                }
                for (String p : params) {
                    assertCloseTo(expected.getGradients().get(p), actual.get(sd.getVariable(p).getGradient().name()),
                            "gradient of " + p + " at batch " + batch);
                }
            }
            // the first layer's backward product skips the gradient for the data, which nothing reads (MLP encoders:
            // a convolutional one starts with conv2d)
            if (config.encoder() instanceof org.vae4j.nn.MlpEncoder && !config.prior().hasLearnedParameters()) {
                assertEquals(4, step.profileResults().get("matmul_bp (weights only)")[1], "one per call");
            }
            // the bias adds' backward ops pass the incoming gradient on (MLP layers: one per dense layer)
            if (config.encoder() instanceof org.vae4j.nn.MlpEncoder) {
                long[] biasBackward = step.profileResults().get("add_bp (bias: sum over the batch)");
                assertTrue(biasBackward != null && biasBackward[1] >= 4 * 3, "at least 3 per call");
                // the elementwise ops and the sums along rows run on the host (the Vector API)
                for (String op : List.of("add", "multiply", "thresholdedrelu_bp", "subtract_bp", "multiply_bp", "exp",
                        "reduce_sum", "reduce_sum_bp")) {
                    long[] host = step.profileResults().get(op + " (on the host)");
                    assertTrue(host != null && host[1] >= 4, op + " on the host, at least once per call");
                }
            }
        }
    }

    /** Each value within 10^-5 of the array's largest magnitude (float rounding through a few dozen ops). */
    private static void assertCloseTo(INDArray expected, INDArray actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double scale = expected.dup().amaxNumber().doubleValue();
        assertArrayEquals(expected.dup().data().asDouble(), actual.dup().data().asDouble(), 1e-5 * scale, what);
    }

    @Test
    void inferenceOutputsEqualSameDiffsAndMissingPlaceholdersAreNamed() {
        VaeConfig config = VaeConfig.builder(12, 3).encoder(MlpEncoder.relu(8)).decoder(MlpDecoder.relu(8)).build();
        SameDiff sd = VaeGraph.build(config, DataType.FLOAT, new SplittableRandom(4));
        ExecutionPlan decode = new ExecutionPlan(sd, List.of(VaeGraph.DECODED), VaeGraph.LATENT);
        INDArray z = Nd4j.rand(DataType.FLOAT, 6, 3);
        assertEquals(sd.output(Map.of(VaeGraph.LATENT, z), VaeGraph.DECODED).get(VaeGraph.DECODED),
                decode.execute(Map.of(VaeGraph.LATENT, z)).get(VaeGraph.DECODED));
        var e = assertThrows(IllegalArgumentException.class, () -> decode.execute(Map.of(VaeGraph.INPUT, z)));
        assertTrue(e.getMessage().contains(VaeGraph.LATENT), e.getMessage());
    }
}
