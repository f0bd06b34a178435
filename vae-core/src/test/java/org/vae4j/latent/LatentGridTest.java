package org.vae4j.latent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class LatentGridTest {

    @Test
    void quantilesAreTheStandardNormalsAtBinCentres() {
        // reference values of Phi^-1 (e.g. scipy.stats.norm.ppf)
        assertEquals(1.959963984540054, LatentGrid.inverseNormalCdf(0.975), 1e-12);
        assertEquals(1.0, LatentGrid.inverseNormalCdf(0.8413447460685429), 1e-12);
        assertEquals(0.0, LatentGrid.inverseNormalCdf(0.5), 0);
        assertEquals(-2.3263478740408408, LatentGrid.inverseNormalCdf(0.01), 1e-12);

        double[] q20 = LatentGrid.quantiles(20);
        assertEquals(-1.959963984540054, q20[0], 1e-12);   // Phi^-1(0.5 / 20)
        assertEquals(1.959963984540054, q20[19], 1e-12);   // Phi^-1(19.5 / 20)
        assertEquals(0.06270677794321385, q20[10], 1e-12); // Phi^-1(10.5 / 20)
        for (int i = 0; i < 20; i++) {
            assertEquals(-q20[19 - i], q20[i], 1e-12, "symmetric about 0");
            if (i > 0) {
                assertTrue(q20[i] > q20[i - 1], "increasing");
            }
        }
        assertArrayEquals(new double[] {0}, LatentGrid.quantiles(1), 0);
        assertArrayEquals(new double[] {-0.6744897501960817, 0.6744897501960817}, LatentGrid.quantiles(2), 1e-12);
        assertArrayEquals(new double[] {-0.9674215661017010, 0, 0.9674215661017010}, LatentGrid.quantiles(3), 1e-12);
    }

    @Test
    void codesSpanThePairWithXToTheRightAndYUpwardsOthersAtZero() {
        double[] q = LatentGrid.quantiles(3);
        INDArray z = LatentGrid.codes(3, 4, 2, 0, DataType.DOUBLE);
        assertArrayEquals(new long[] {9, 4}, z.shape());
        assertArrayEquals(new double[] {q[2], 0, q[0], 0}, z.getRow(0).toDoubleVector(), 0);  // top left
        assertArrayEquals(new double[] {q[2], 0, q[2], 0}, z.getRow(2).toDoubleVector(), 0);  // top right
        assertArrayEquals(new double[] {q[1], 0, q[1], 0}, z.getRow(4).toDoubleVector(), 0);  // centre
        assertArrayEquals(new double[] {q[0], 0, q[0], 0}, z.getRow(6).toDoubleVector(), 0);  // bottom left
        assertEquals(DataType.FLOAT, LatentGrid.codes(2, 2, 0, 1, DataType.FLOAT).dataType());
    }

    @Test
    void badArgumentsAreNamed() {
        assertMessage("dimX and dimY must differ", () -> LatentGrid.codes(3, 4, 1, 1, DataType.FLOAT));
        assertMessage("dimY must be a latent dimension in [0, 4)", () -> LatentGrid.codes(3, 4, 1, 4, DataType.FLOAT));
        assertMessage("latentSize >= 2", () -> LatentGrid.codes(3, 1, 0, 0, DataType.FLOAT));
        assertMessage("n must be >= 1", () -> LatentGrid.quantiles(0));
        assertMessage("p must be in (0, 1)", () -> LatentGrid.inverseNormalCdf(1.0));
    }

    static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        var e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
