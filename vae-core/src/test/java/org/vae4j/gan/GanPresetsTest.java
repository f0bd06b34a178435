package org.vae4j.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.ImageShape;

/** The MNIST presets build the networks the documentation describes and train a step on 28x28 images. */
class GanPresetsTest {

    @Test
    void theMlpPresetHasTheDocumentedLayers() {
        Map<String, INDArray> p = GanFiles.create(GanConfig.mlpMnist()).parameters();
        assertArrayEquals(new long[] {100, 256}, p.get("generator/hidden0/W").shape());
        assertArrayEquals(new long[] {1024, 784}, p.get("generator/out/W").shape());
        assertArrayEquals(new long[] {784, 512}, p.get("discriminator/hidden0/W").shape());
        assertArrayEquals(new long[] {256, 1}, p.get("discriminator/out/W").shape());
        GanConfig preset = GanConfig.mlpMnist();
        assertTrue(preset.heInitialization());
        assertEquals(0.0, preset.discriminatorDropout(), 0.0);
        // WGAN-GP refuses dropout, so choosing it turns a configured dropout off instead of failing
        GanConfig wgan = preset.toBuilder().discriminatorDropout(0.3).loss(GanLoss.WGAN_GP).build();
        assertEquals(0.0, wgan.discriminatorDropout(), 0.0);
        assertEquals(preset.discriminatorLayers(), wgan.discriminatorLayers());
    }

    @Test
    void theDcganPresetBuildsTrainsAStepAndGeneratesMnistShapedImages() {
        GanConfig config = GanConfig.dcganMnist().toBuilder().epochs(1).batchSize(16).build();
        Map<String, INDArray> p = GanFiles.create(config).parameters();
        assertArrayEquals(new long[] {100, 128 * 7 * 7}, p.get("generator/project/W").shape());
        assertArrayEquals(new long[] {4, 4, 64, 128}, p.get("generator/up0/W").shape()); // [k, k, out, in]
        assertArrayEquals(new long[] {4, 4, 1, 64}, p.get("generator/up1/W").shape());
        assertArrayEquals(new long[] {4, 4, 1, 64}, p.get("discriminator/conv0/W").shape()); // [k, k, in, out]
        assertArrayEquals(new long[] {4, 4, 64, 128}, p.get("discriminator/conv1/W").shape());
        assertArrayEquals(new long[] {128 * 7 * 7, 1}, p.get("discriminator/out/W").shape());
        ImageDataset images = ImageDataset.of(Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 16, 784), null,
                ImageShape.grayscale(28, 28));
        Gan gan = new GanTrainer(config).fit(images);
        GanEpochRecord r = gan.history().last();
        assertEquals(1, r.discriminatorIterations());
        assertEquals(1, r.generatorIterations());
        assertTrue(Double.isFinite(r.discriminatorLoss()) && Double.isFinite(r.generatorLoss()), r.toString());
        INDArray generated = gan.generate(3, 1);
        assertArrayEquals(new long[] {3, 784}, generated.shape());
        assertTrue(generated.minNumber().doubleValue() >= 0 && generated.maxNumber().doubleValue() <= 1);
    }
}
