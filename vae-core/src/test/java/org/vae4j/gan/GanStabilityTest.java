package org.vae4j.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What keeps the MLP GAN from collapsing on MNIST: the He-initialized generator's output depends on the noise from
 * the first step, and the discriminator's dropout masks act in training only.
 */
class GanStabilityTest {

    @Test
    void theHeInitializedGeneratorsSamplesDifferFromTheStart() {
        Gan gan = GanFiles.create(GanConfig.mlpMnist());
        Map<String, INDArray> p = gan.parameters();
        assertEquals(Math.sqrt(6.0 / 100), p.get("generator/hidden0/W").amaxNumber().doubleValue(), 0.01,
                "W ~ U(-sqrt(6/in), sqrt(6/in))");
        assertEquals(0.0, p.get("generator/out/b").amaxNumber().doubleValue(), 0.0, "b = 0");
        assertEquals(1 / Math.sqrt(784), p.get("discriminator/hidden0/W").amaxNumber().doubleValue(), 0.002,
                "the discriminator keeps the default initialization");
        INDArray x = gan.generate(64, 3);
        // the mean over pixels of the standard deviation over the 64 samples; 0.007 from the default initialization
        double spread = x.std(0).meanNumber().doubleValue();
        assertTrue(spread > 0.1, "pixel spread between samples " + spread);
        double before = GanFiles.create(GanConfig.mlpMnist().toBuilder().heInitialization(false).build())
                .generate(64, 3).std(0).meanNumber().doubleValue();
        assertTrue(before < 0.02, "from the default initialization " + before);
    }

    @Test
    void dropoutMasksActInTrainingAndNotInInference() {
        GanConfig plain = GanConfig.mlpMnist();
        Gan withDropout = GanFiles.create(plain.toBuilder().discriminatorDropout(0.3).build());
        Gan without = GanFiles.create(plain);
        INDArray images = Nd4j.rand(DataType.FLOAT, 5, 784);
        // the same parameters (dropout adds none): inference is the same network
        assertEquals(without.discriminate(images), withDropout.discriminate(images));

        var sd = withDropout.runner().graph();
        Map<String, INDArray> feed = new HashMap<>();
        feed.put(GanGraph.REAL, images);
        feed.put(GanGraph.NOISE, Nd4j.randn(DataType.FLOAT, 5, 100));
        List<Integer> widths = GanConfig.mlpMnist().discriminatorLayers();
        for (int i = 0; i < widths.size(); i++) { // keep every unit: the training path equals inference
            feed.put(GanGraph.DROPOUT_REAL + i, Nd4j.ones(DataType.FLOAT, 5, widths.get(i)));
            feed.put(GanGraph.DROPOUT_FAKE + i, Nd4j.ones(DataType.FLOAT, 5, widths.get(i)));
        }
        INDArray kept = org.nd4j.linalg.ops.transforms.Transforms.sigmoid(sd.output(feed, GanGraph.REAL_LOGIT)
                .get(GanGraph.REAL_LOGIT));
        assertEquals(withDropout.discriminate(images).castTo(DataType.FLOAT), kept.castTo(DataType.FLOAT));
        // drop every unit of the last hidden layer: each logit is the output bias
        feed.put(GanGraph.DROPOUT_REAL + (widths.size() - 1), Nd4j.zeros(DataType.FLOAT, 5, widths.get(1)));
        INDArray dropped = sd.output(feed, GanGraph.REAL_LOGIT).get(GanGraph.REAL_LOGIT);
        double bias = withDropout.parameters().get("discriminator/out/b").getDouble(0);
        for (int i = 0; i < 5; i++) {
            assertEquals(bias, dropped.getDouble(i), 1e-6);
        }
    }

    @Test
    void dropoutIsRefusedWhereItDoesNotApply() {
        // loss(WGAN_GP) turns a configured dropout off; dropout asked for afterwards is refused
        var e = assertThrows(IllegalArgumentException.class, () -> GanConfig.mlpMnist().toBuilder()
                .loss(GanLoss.WGAN_GP).discriminatorDropout(0.3).build());
        assertTrue(e.getMessage().contains("GanConfig.discriminatorDropout"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GanConfig.dcganMnist().toBuilder()
                .discriminatorDropout(0.3).build());
        assertTrue(e.getMessage().contains("GanConfig.discriminatorDropout"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GanConfig.mlpMnist().toBuilder()
                .discriminatorDropout(1.0).build());
        assertTrue(e.getMessage().contains("discriminatorDropout must be in [0, 1)"), e.getMessage());
        assertEquals(GanConfig.mlpMnist(), GanConfig.fromJson(GanConfig.mlpMnist().toJson()));
        String before = GanConfig.mlpMnist().toJson().replaceAll("\"heInitialization\"\\s*:\\s*true\\s*,", "")
                .replaceAll("\"discriminatorDropout\"\\s*:\\s*0\\.0\\s*,", "");
        assertTrue(!before.contains("heInitialization") && !before.contains("discriminatorDropout"), before);
        assertEquals(GanConfig.mlpMnist().toBuilder().heInitialization(false).build(), GanConfig.fromJson(before),
                "a configuration written before the fields: the default initialization, no dropout");
    }
}
