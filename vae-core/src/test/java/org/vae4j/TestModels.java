package org.vae4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.ImageShape;
import org.vae4j.io.Npy;
import org.vae4j.nn.MlpDecoder;
import org.vae4j.nn.MlpEncoder;

/** Small synthetic data and models shared by the tests, and bit-exact comparisons. */
final class TestModels {
    /** 4x4 images. */
    static final ImageShape SHAPE = new ImageShape(1, 4, 4);

    private TestModels() {
    }

    /**
     * @param n examples
     * @param seed the generator's seed
     * @return images with one bright row (0.9) of four, the others 0.1
     */
    static ImageDataset stripes(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] pixels = new float[n * SHAPE.size()];
        for (int i = 0; i < n; i++) {
            int stripe = random.nextInt(4);
            for (int j = 0; j < SHAPE.size(); j++) {
                pixels[i * SHAPE.size() + j] = (j / 4 == stripe) ? 0.9f : 0.1f;
            }
        }
        return ImageDataset.of(Nd4j.create(pixels, new long[] {n, SHAPE.size()}), null, SHAPE);
    }

    /**
     * @param n examples
     * @param seed the generator's seed
     * @return the images of {@link #stripes}, labelled with the index (0 to 3) of their bright row
     */
    static ImageDataset labelledStripes(int n, long seed) {
        ImageDataset images = stripes(n, seed);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = brightestRow(images.features().getRow(i));
        }
        return ImageDataset.of(images.features(), labels, SHAPE);
    }

    /** @return the index of the row of a 4x4 image with the largest sum */
    static int brightestRow(INDArray image) {
        INDArray rows = image.reshape(4, 4).sum(1);
        return rows.argMax().getInt(0);
    }

    /**
     * @param epochs epochs
     * @return a 16-8-2 MLP VAE, batch 32, Adam 1e-3 (the default), seed 3
     */
    static VaeConfig tiny(int epochs) {
        return VaeConfig.builder(SHAPE.size(), 2).encoder(MlpEncoder.relu(8)).decoder(MlpDecoder.relu(8))
                .batchSize(32).epochs(epochs).seed(3).build();
    }

    /** Asserts two arrays have the same type, shape and bits. */
    static void assertBitEqual(INDArray expected, INDArray actual, String what) {
        assertArrayEquals(Npy.write(expected), Npy.write(actual), what + " differs");
    }

    /** Asserts two models have the same parameters and optimizer state, bit for bit. */
    static void assertSameState(Vae expected, Vae actual) {
        assertBitEqual(expected.parameters(), actual.parameters(), "parameter");
        assertBitEqual(expected.optimizerState(), actual.optimizerState(), "optimizer state");
    }

    private static void assertBitEqual(Map<String, INDArray> expected, Map<String, INDArray> actual, String what) {
        assertEquals(expected.keySet(), actual.keySet(), what + " names");
        expected.forEach((name, a) -> assertBitEqual(a, actual.get(name), what + " " + name));
    }

    /** Asserts two histories are equal but for the wall times. */
    static void assertSameHistory(TrainingHistory expected, TrainingHistory actual) {
        assertEquals(withoutTimes(expected), withoutTimes(actual));
    }

    private static List<EpochRecord> withoutTimes(TrainingHistory h) {
        return h.epochs().stream().map(r -> new EpochRecord(r.epoch(), r.iterations(), r.train(), r.validation(), 0,
                r.latent()))
                .toList();
    }
}
