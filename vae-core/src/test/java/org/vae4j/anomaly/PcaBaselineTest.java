package org.vae4j.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.ImageShape;

/**
 * The PCA baseline on synthetic data of rank 3 in 10 dimensions, x = mu + A z: a point of the subspace reconstructs
 * exactly, a point moved by v orthogonal to the subspace scores ||v||^2.
 */
class PcaBaselineTest {
    private static final int D = 10;
    private static final int RANK = 3;
    private static final double[] MU = {5, -3, 2, 0, 1, 100, -7, 4, 0.5, 2};

    /** An orthonormal basis of R^10 whose first 3 columns span the data's subspace. */
    private static final RealMatrix BASIS;

    static {
        SplittableRandom random = new SplittableRandom(11);
        double[][] a = new double[D][D];
        for (double[] row : a) {
            for (int j = 0; j < D; j++) {
                row[j] = random.nextGaussian();
            }
        }
        BASIS = new QRDecomposition(new Array2DRowRealMatrix(a)).getQ();
    }

    /** n points mu + sum_c s_c z_c q_c over the first 3 basis vectors, z ~ N(0, 1), scales 3, 2, 1. */
    private static ImageDataset lowRank(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] x = new double[n][D];
        double[] scales = {3, 2, 1};
        for (int i = 0; i < n; i++) {
            x[i] = MU.clone();
            for (int c = 0; c < RANK; c++) {
                double z = scales[c] * random.nextGaussian();
                for (int j = 0; j < D; j++) {
                    x[i][j] += z * BASIS.getEntry(j, c);
                }
            }
        }
        return ImageDataset.of(Nd4j.create(x), null, ImageShape.vector(D));
    }

    @Test
    void pointsInTheSubspaceScoreZeroAndPointsOffItTheirSquaredDistance() {
        // 5,000 rows: the covariance is accumulated over two chunks of the fit
        PcaBaseline pca = PcaBaseline.fit(lowRank(5000, 1), RANK);
        assertEquals(RANK, pca.components());
        assertEquals(1.0, pca.explainedVariance(), 1e-5, "FLOAT data of rank 3");
        double[] eigenvalues = pca.eigenvalues();
        assertEquals(9, eigenvalues[0], 0.5, "variance along the first axis, 3^2");
        assertEquals(4, eigenvalues[1], 0.3);
        assertEquals(1, eigenvalues[2], 0.1);
        assertTrue(eigenvalues[3] < 1e-4, "no variance off the subspace: " + eigenvalues[3]);

        ImageDataset inside = lowRank(50, 2);
        for (double score : pca.score(inside)) {
            assertEquals(0, score, 1e-6);
        }
        // move each point by v = 2 q_4 - 1 q_7 + 0.5 q_10 (orthogonal to the subspace): ||v||^2 = 5.25
        INDArray moved = inside.features().castTo(DataType.DOUBLE).dup();
        double[] v = new double[D];
        for (int j = 0; j < D; j++) {
            v[j] = 2 * BASIS.getEntry(j, 3) - BASIS.getEntry(j, 6) + 0.5 * BASIS.getEntry(j, 9);
        }
        moved.addiRowVector(Nd4j.createFromArray(v));
        for (double score : pca.score(moved)) {
            assertEquals(5.25, score, 1e-4);
        }
    }

    @Test
    void fewerComponentsLeaveTheDroppedVarianceInTheError() {
        ImageDataset data = lowRank(5000, 3);
        PcaBaseline pca = PcaBaseline.fit(data, 2);
        assertEquals(13.0 / 14, pca.explainedVariance(), 0.01, "(9 + 4) / (9 + 4 + 1)");
        double mean = java.util.Arrays.stream(pca.score(data)).average().orElseThrow();
        // the error is the variance along the dropped third axis, 1, times (n - 1) / n
        assertEquals(1, mean, 0.05);
    }

    @Test
    void badInputIsRefused() {
        ImageDataset data = lowRank(10, 4);
        assertThrows(IllegalArgumentException.class, () -> PcaBaseline.fit(data, 0));
        assertThrows(IllegalArgumentException.class, () -> PcaBaseline.fit(data, D + 1));
        assertThrows(IllegalArgumentException.class, () -> PcaBaseline.fit(data.first(1), 1));
        PcaBaseline pca = PcaBaseline.fit(data, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pca.score(Nd4j.zeros(DataType.FLOAT, 2, 4)));
        assertEquals("the baseline was fitted on 10 features but the data has 4", e.getMessage());
    }
}
