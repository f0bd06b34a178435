package org.vae4j.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.GenerationMode;
import org.vae4j.Vae;
import org.vae4j.VaeConfig;
import org.vae4j.VaeTrainer;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.ImageShape;
import org.vae4j.data.OneHot;
import org.vae4j.nn.MlpDecoder;
import org.vae4j.nn.MlpEncoder;

class ImageGeneratorTest {
    private static final ImageShape SHAPE = new ImageShape(1, 2, 3);

    @Test
    void anUnconditionalVaeDrawsDecodedMeansByDefault() {
        Vae vae = train(0);
        ImageGenerator g = ImageGenerator.of(vae);
        assertEquals(SHAPE, g.shape());
        INDArray images = g.generate(7, 11);
        assertEquals(vae.generate(7, 11, GenerationMode.MEAN), images);
        assertEquals(images, g.generate(7, 11), "reproducible for a seed");
        assertNotEquals(images, g.generate(7, 12));
        INDArray draws = ImageGenerator.of(vae, GenerationMode.SAMPLE).generate(50, 11);
        assertEquals(draws, draws.gt(0.5).castTo(draws.dataType()), "Bernoulli draws are 0 or 1");
    }

    @Test
    void aConditionalVaeCyclesThroughItsClasses() {
        Vae vae = train(3);
        INDArray images = ImageGenerator.of(vae).generate(7, 5);
        INDArray balanced = OneHot.encode(new int[] {0, 1, 2, 0, 1, 2, 0}, 3);
        assertEquals(vae.generate(balanced, 5, GenerationMode.MEAN), images);
    }

    @Test
    void anyFunctionOfNAndSeedIsAGeneratorInOneLine() {
        ImageGenerator g = ImageGenerator.of(SHAPE, (n, seed) -> Nd4j.zeros(n, SHAPE.size()).addi(seed));
        assertEquals(SHAPE, g.shape());
        assertEquals(Nd4j.zeros(2, 6).addi(3), g.generate(2, 3));
    }

    private static Vae train(int classes) {
        int n = 40;
        float[] pixels = new float[n * SHAPE.size()];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % Math.max(classes, 1);
            pixels[i * SHAPE.size() + i % SHAPE.size()] = 0.9f;
        }
        ImageDataset data = ImageDataset.of(Nd4j.create(pixels, new long[] {n, SHAPE.size()}),
                classes == 0 ? null : labels, SHAPE);
        VaeConfig config = VaeConfig.builder(SHAPE, 2).conditionSize(classes).encoder(MlpEncoder.relu(4))
                .decoder(MlpDecoder.relu(4)).batchSize(20).epochs(1).seed(1).build();
        return new VaeTrainer(config).fit(data).model();
    }
}
