package org.vae4j.latent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

class InterpolationTest {
    private static final double[] A = {1, 0, 0};
    private static final double[] B = {0, 0.6, 0.8};

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    private static double angle(double[] u, double[] v) {
        double dot = 0;
        for (int j = 0; j < u.length; j++) {
            dot += u[j] * v[j];
        }
        return Math.acos(Math.max(-1, Math.min(1, dot / (norm(u) * norm(v)))));
    }

    @Test
    void linearIsTheStraightLineWithTheMidpointHalfway() {
        double[] a = {0, 2, 4};
        double[] b = {2, 4, 8};
        assertArrayEquals(new double[] {1, 3, 6}, Interpolation.LINEAR.at(a, b, 0.5), 1e-15);
        assertArrayEquals(new double[] {0.5, 2.5, 5}, Interpolation.LINEAR.at(a, b, 0.25), 1e-15);
        INDArray path = Interpolation.LINEAR.path(Nd4j.createFromArray(a), Nd4j.createFromArray(b), 5);
        assertArrayEquals(new long[] {5, 3}, path.shape());
        assertArrayEquals(a, path.getRow(0).toDoubleVector(), 0);
        assertArrayEquals(b, path.getRow(4).toDoubleVector(), 0);
        assertArrayEquals(new double[] {1, 3, 6}, path.getRow(2).toDoubleVector(), 1e-15);
    }

    @Test
    void slerpKeepsUnitVectorsOnTheSphereAtConstantAngularSpeed() {
        assertArrayEquals(A, Interpolation.SLERP.at(A, B, 0), 1e-15);
        assertArrayEquals(B, Interpolation.SLERP.at(A, B, 1), 1e-15);
        double omega = angle(A, B); // acos(0) = pi / 2 here
        assertEquals(Math.PI / 2, omega, 1e-15);
        INDArray path = Interpolation.SLERP.path(Nd4j.createFromArray(A), Nd4j.createFromArray(B), 7);
        for (int i = 0; i < 7; i++) {
            double[] p = path.getRow(i).toDoubleVector();
            assertEquals(1.0, norm(p), 1e-12, "point " + i + " leaves the unit sphere");
            assertEquals(omega * i / 6, angle(A, p), 1e-12, "point " + i + " is not at t * Omega from a");
        }
        // the midpoint of two orthogonal unit vectors: (a + b) / sqrt 2, where the linear midpoint has norm 0.707
        double[] mid = Interpolation.SLERP.at(A, B, 0.5);
        assertArrayEquals(new double[] {1 / Math.sqrt(2), 0.6 / Math.sqrt(2), 0.8 / Math.sqrt(2)}, mid, 1e-15);
        assertEquals(Math.sqrt(0.5), norm(Interpolation.LINEAR.at(A, B, 0.5)), 1e-15);
    }

    @Test
    void slerpBetweenCodesOfEqualNormKeepsThatNorm() {
        double[] a = {3, 0, 0, 0};
        double[] b = {0, -1.8, 0, 2.4}; // norm 3, at 90 degrees
        double[] c = {-2, 2, 1, 0};     // norm 3, at 131.8 degrees from a
        for (double t = 0; t <= 1; t += 0.125) {
            assertEquals(3.0, norm(Interpolation.SLERP.at(a, b, t)), 1e-12);
            assertEquals(3.0, norm(Interpolation.SLERP.at(a, c, t)), 1e-12);
        }
    }

    @Test
    void slerpFallsBackToTheLineWhereTheAngleIsUndefined() {
        double[] a = {1, 1};
        double[] parallel = {2, 2};
        double[] opposite = {-1, -1};
        double[] zero = {0, 0};
        for (double[] b : new double[][] {parallel, opposite, zero}) {
            assertArrayEquals(Interpolation.LINEAR.at(a, b, 0.3), Interpolation.SLERP.at(a, b, 0.3), 1e-15);
        }
    }

    @Test
    void badArgumentsAreNamed() {
        INDArray a = Nd4j.createFromArray(1.0, 2.0);
        var steps = assertThrows(IllegalArgumentException.class, () -> Interpolation.SLERP.path(a, a, 1));
        assertTrue(steps.getMessage().contains("steps"), steps.getMessage());
        var length = assertThrows(IllegalArgumentException.class,
                () -> Interpolation.LINEAR.path(a, Nd4j.createFromArray(1.0, 2.0, 3.0), 3));
        assertTrue(length.getMessage().contains("same positive length"), length.getMessage());
        var matrix = assertThrows(IllegalArgumentException.class,
                () -> Interpolation.LINEAR.path(Nd4j.zeros(2, 2), a, 3));
        assertTrue(matrix.getMessage().startsWith("a must be one code"), matrix.getMessage());
    }

    @Test
    void decodingAStripStartsAndEndsAtTheTwoReconstructions() {
        ImageShape shape = new ImageShape(1, 2, 3);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 6);
        VaeConfig config = VaeConfig.builder(6, 2).encoder(MlpEncoder.relu(5)).decoder(MlpDecoder.relu(5)).epochs(0)
                .build();
        Vae vae = new VaeTrainer(config).fit(ImageDataset.of(x, null, shape)).model();
        INDArray strip = Interpolation.SLERP.decode(vae, x.getRow(0), x.getRow(3, true), 6);
        assertArrayEquals(new long[] {6, 6}, strip.shape());
        INDArray ends = vae.reconstruct(Nd4j.vstack(x.getRow(0, true), x.getRow(3, true)));
        assertArrayEquals(ends.getRow(0).toDoubleVector(), strip.getRow(0).toDoubleVector(), 1e-6);
        assertArrayEquals(ends.getRow(1).toDoubleVector(), strip.getRow(5).toDoubleVector(), 1e-6);
    }

    /** A conditional VAE: each end encoded with its condition, the condition moving linearly along the path. */
    @Test
    void aConditionalStripMovesTheConditionAlongWithTheCode() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 6);
        int[] labels = {0, 1, 2, 1};
        VaeConfig config = VaeConfig.builder(6, 2).conditionSize(3).encoder(MlpEncoder.relu(5))
                .decoder(MlpDecoder.relu(5)).epochs(0).build();
        Vae vae = new VaeTrainer(config).fit(ImageDataset.of(x, labels, new ImageShape(1, 2, 3))).model();
        INDArray y = org.vae4j.data.OneHot.encode(labels, 3);
        INDArray strip = Interpolation.LINEAR.decode(vae, x.getRow(0), y.getRow(0, true), x.getRow(2), y.getRow(2,
                true), 3);
        INDArray ends = vae.reconstruct(Nd4j.vstack(x.getRow(0, true), x.getRow(2, true)),
                Nd4j.vstack(y.getRow(0, true), y.getRow(2, true)));
        assertArrayEquals(ends.getRow(0).toDoubleVector(), strip.getRow(0).toDoubleVector(), 1e-6);
        assertArrayEquals(ends.getRow(1).toDoubleVector(), strip.getRow(2).toDoubleVector(), 1e-6);
        INDArray means = vae.encode(Nd4j.vstack(x.getRow(0, true), x.getRow(2, true)),
                Nd4j.vstack(y.getRow(0, true), y.getRow(2, true))).mean();
        INDArray middle = vae.decode(means.sum(true, 0).muli(0.5), Nd4j.createFromArray(new float[][] {{0.5f, 0,
                0.5f}}));
        assertArrayEquals(middle.toDoubleVector(), strip.getRow(1).toDoubleVector(), 1e-6);
        var missing = assertThrows(IllegalArgumentException.class,
                () -> Interpolation.LINEAR.decode(vae, x.getRow(0), x.getRow(2), 3));
        assertTrue(missing.getMessage().contains("conditional VAE"), missing.getMessage());
    }
}
