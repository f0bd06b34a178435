package org.vae4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.ImageShape;
import org.vae4j.data.InvalidDataException;
import org.vae4j.exec.GraphRunner;
import org.vae4j.graph.VaeGraph;
import org.vae4j.nn.Activation;
import org.vae4j.nn.ConvDecoder;
import org.vae4j.nn.ConvEncoder;
import org.vae4j.nn.ConvLayer;

/**
 * The convolutional encoder and decoder in a whole VAE: parameter names and shapes for MNIST-sized and 3x32x32
 * images, clear errors for layer settings that do not fit the image, learning on 4x4 stripes, and save/load.
 */
class ConvVaeTest {

    @Test
    void theGraphHasTheDocumentedParametersForMnistAndColourImages() {
        for (ImageShape shape : List.of(new ImageShape(1, 28, 28), new ImageShape(3, 32, 32))) {
            VaeConfig config = VaeConfig.builder(shape, 16).encoder(ConvEncoder.of(8, 16)).decoder(ConvDecoder.of(8, 16))
                    .build();
            Vae vae = VaeTrainerAccess.untrained(config);
            int h = shape.height() / 4;
            var p = vae.parameters();
            assertArrayEquals(new long[] {4, 4, shape.channels(), 8}, p.get("encoder/conv0/W").shape());
            assertArrayEquals(new long[] {4, 4, 8, 16}, p.get("encoder/conv1/W").shape());
            assertArrayEquals(new long[] {16L * h * h, 16}, p.get("encoder/mean/W").shape());
            assertArrayEquals(new long[] {16, 16L * h * h}, p.get("decoder/project/W").shape());
            assertArrayEquals(new long[] {4, 4, 8, 16}, p.get("decoder/deconv0/W").shape());
            assertArrayEquals(new long[] {4, 4, shape.channels(), 8}, p.get("decoder/deconv1/W").shape());
            assertArrayEquals(new long[] {shape.channels()}, p.get("decoder/deconv1/b").shape());
            INDArray x = Nd4j.rand(DataType.FLOAT, 3, shape.size());
            assertArrayEquals(new long[] {3, shape.size()}, vae.reconstruct(x).shape());
            assertArrayEquals(new long[] {2, shape.size()}, vae.generate(2, 1).shape());
        }
    }

    @Test
    void layerSettingsThatDoNotFitTheImageAreNamed() {
        // 7 -> 3 -> 1 with kernel 4, stride 2, padding 1; the transposed convolution maps 1 back to 2, not 3
        VaeConfig odd = VaeConfig.builder(new ImageShape(1, 7, 7), 2).encoder(ConvEncoder.of(4, 4))
                .decoder(ConvDecoder.of(4, 4)).build();
        var e = assertThrows(IllegalArgumentException.class, () -> VaeTrainerAccess.untrained(odd));
        assertTrue(e.getMessage().startsWith("ConvDecoder.layers[1]"), e.getMessage());
        assertTrue(e.getMessage().contains("not back to 4x3x3"), e.getMessage());

        VaeConfig tooSmall = VaeConfig.builder(784, 2).encoder(ConvEncoder.of(4)).build(); // a flat 1x1x784 input
        e = assertThrows(IllegalArgumentException.class, () -> VaeTrainerAccess.untrained(tooSmall));
        assertTrue(e.getMessage().contains("ConvEncoder.layers[0] on input 1x1x784"), e.getMessage());
    }

    @Test
    void dataOfAnotherImageShapeIsRejected() {
        VaeConfig config = VaeConfig.builder(new ImageShape(1, 4, 4), 2).encoder(ConvEncoder.of(4))
                .decoder(ConvDecoder.of(4)).epochs(1).build();
        ImageDataset wide = ImageDataset.of(Nd4j.rand(DataType.FLOAT, 8, 16), null, new ImageShape(1, 2, 8));
        var e = assertThrows(InvalidDataException.class, () -> new VaeTrainer(config).fit(wide));
        assertTrue(e.getMessage().contains("images of shape 1x2x8 but VaeConfig.inputShape is 1x4x4"), e.getMessage());
    }

    @Test
    void aConvolutionalVaeLearnsStripesAndSurvivesSaveAndLoad(@TempDir Path dir) throws Exception {
        ImageDataset data = TestModels.stripes(800, 42);
        VaeConfig config = VaeConfig.builder(TestModels.SHAPE, 2)
                .encoder(new ConvEncoder(List.of(ConvLayer.halving(8)), List.of(16), Activation.RELU))
                .decoder(new ConvDecoder(List.of(16), List.of(ConvLayer.halving(8)), Activation.RELU))
                .updater(new Adam(1e-2)).batchSize(32).epochs(12).seed(3).build();
        Vae vae = new VaeTrainer(config).fit(data, data.first(100)).model();
        TrainingHistory h = vae.history();
        assertTrue(h.last().validation().elbo() > h.epochs().get(0).validation().elbo() + 0.5, h.toString());
        INDArray x = data.first(50).features();
        INDArray recon = vae.reconstruct(x);
        int kept = 0;
        for (int i = 0; i < 50; i++) {
            if (TestModels.brightestRow(x.getRow(i)) == TestModels.brightestRow(recon.getRow(i))) {
                kept++;
            }
        }
        System.out.println("conv VAE on stripes: " + kept + " of 50 reconstructions keep their stripe; " + h.last());
        assertTrue(kept >= 45, kept + " of 50 reconstructions keep their stripe (chance: 12.5)");
        Path file = dir.resolve("conv.vae");
        vae.save(file);
        Vae loaded = Vae.load(file);
        assertEquals(config, loaded.config());
        TestModels.assertBitEqual(vae.elbo(x, 5).elbo(), loaded.elbo(x, 5).elbo(), "ELBO after load");
        TestModels.assertSameState(vae, loaded);
    }

    /** A model with freshly initialized parameters. */
    static final class VaeTrainerAccess {
        static Vae untrained(VaeConfig config) {
            return new Vae(config, new GraphRunner(VaeGraph.build(config, config.dataType(), new SplittableRandom(1)),
                    config.dataType()), java.util.Map.of(), new TrainingHistory(List.of()), null);
        }
    }
}
