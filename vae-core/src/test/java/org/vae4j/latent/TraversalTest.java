package org.vae4j.latent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.vae4j.latent.LatentGridTest.assertMessage;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.Vae;
import org.vae4j.VaeConfig;
import org.vae4j.VaeTrainer;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.ImageShape;
import org.vae4j.nn.MlpDecoder;
import org.vae4j.nn.MlpEncoder;

class TraversalTest {

    @Test
    void valuesAreEvenlySpacedOverTheRange() {
        assertArrayEquals(new double[] {-3, -2, -1, 0, 1, 2, 3}, Traversal.values(7, 3), 1e-15);
        assertArrayEquals(new double[] {-1.5, 1.5}, Traversal.values(2, 1.5), 0);
    }

    @Test
    void eachRowSetsOneDimensionOfTheCentre() {
        INDArray center = Nd4j.createFromArray(0.5, -1.0, 2.0);
        INDArray z = Traversal.codes(center, new int[] {2, 0}, new double[] {-1, 1});
        assertArrayEquals(new long[] {4, 3}, z.shape());
        assertArrayEquals(new double[] {0.5, -1, -1}, z.getRow(0).toDoubleVector(), 0);
        assertArrayEquals(new double[] {0.5, -1, 1}, z.getRow(1).toDoubleVector(), 0);
        assertArrayEquals(new double[] {-1, -1, 2}, z.getRow(2).toDoubleVector(), 0);
        assertArrayEquals(new double[] {1, -1, 2}, z.getRow(3).toDoubleVector(), 0);
    }

    @Test
    void decodesAroundTheImagesPosteriorMean() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 6);
        VaeConfig config = VaeConfig.builder(6, 3).encoder(MlpEncoder.relu(5)).decoder(MlpDecoder.relu(5)).epochs(0)
                .build();
        Vae vae = new VaeTrainer(config).fit(ImageDataset.of(x, null, new ImageShape(1, 2, 3))).model();
        INDArray image = x.getRow(1, true);
        INDArray mean = vae.encode(image).mean();
        double[] values = {-2, 0.25, 2};
        INDArray decoded = Traversal.decode(vae, image, new int[] {1, 2}, values);
        assertArrayEquals(new long[] {6, 6}, decoded.shape());
        INDArray expected = vae.decode(Traversal.codes(mean, new int[] {1, 2}, values));
        assertArrayEquals(expected.toDoubleMatrix()[4], decoded.toDoubleMatrix()[4], 1e-6);
        // a value equal to the image's own coordinate gives back its reconstruction
        double own = mean.getDouble(0, 1);
        INDArray same = Traversal.decode(vae, image, new int[] {1}, new double[] {own, own});
        assertArrayEquals(vae.reconstruct(image).toDoubleVector(), same.getRow(1).toDoubleVector(), 1e-6);
    }

    @Test
    void badArgumentsAreNamed() {
        INDArray center = Nd4j.zeros(DataType.FLOAT, 1, 3);
        assertMessage("dimensions[1] must be a latent dimension in [0, 3)",
                () -> Traversal.codes(center, new int[] {0, 3}, new double[] {1}));
        assertMessage("values[0] must be finite",
                () -> Traversal.codes(center, new int[] {0}, new double[] {Double.NaN}));
        assertMessage("must not be empty", () -> Traversal.codes(center, new int[0], new double[] {1}));
        assertMessage("limit must be positive", () -> Traversal.values(5, 0));
    }
}
