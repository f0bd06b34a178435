package org.vae4j.latent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.DiagonalGaussian;
import org.vae4j.Vae;
import org.vae4j.VaeConfig;
import org.vae4j.VaeTrainer;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.ImageShape;
import org.vae4j.nn.MlpDecoder;
import org.vae4j.nn.MlpEncoder;

class EmbeddingTest {

    /** Four dimensions: unused (KL 0), mean +-2 (KL 2), mean +-1 with variance 1/2 (KL 0.5966), unused. */
    private static Embedding ranked() {
        double lvHalf = Math.log(0.5);
        double[][] mean = {{0, 2, 1, 0}, {0, -2, -1, 0}};
        double[][] logVar = {{0, 0, lvHalf, 0}, {0, 0, lvHalf, 0}};
        return Embedding.of(Nd4j.create(mean), Nd4j.create(logVar), new int[] {4, 9});
    }

    @Test
    void klPerDimensionRanksTheInformativeDimensionsFirst() {
        Embedding e = ranked();
        INDArray logVarBefore = e.logVariance().dup();
        double klHalf = 0.5 * (1 + 0.5 - Math.log(0.5) - 1); // 0.5966
        assertArrayEquals(new double[] {0, 2, klHalf, 0}, e.klPerDimension(), 1e-12);
        assertArrayEquals(new int[] {1, 2, 0, 3}, e.dimensionsByKl());
        assertEquals(logVarBefore, e.logVariance(), "computing the KL leaves the embedding as it was");
        assertArrayEquals(new int[] {1, 2}, e.topKlPair());
        Projection view = e.topKl();
        assertArrayEquals(new double[] {2, -2}, view.x(), 0);
        assertArrayEquals(new double[] {1, -1}, view.y(), 0);
        assertEquals("z_2", view.xLabel());
        assertEquals("z_3", view.yLabel());
    }

    @Test
    void pcaFindsTheKnownAxesOfAPlaneInThreeDimensions() {
        // points o + t u + s v / 2 for t in -3..3 and s = +-1, with orthonormal u and v: PC1 = u, PC2 = v
        double[] u = {2 / 7.0, 3 / 7.0, 6 / 7.0};
        double[] v = {3 / 7.0, -6 / 7.0, 2 / 7.0};
        double[] o = {5, -4, 7};
        List<double[]> points = new ArrayList<>();
        List<double[]> expected = new ArrayList<>();
        for (int t = -3; t <= 3; t++) {
            for (int s = -1; s <= 1; s += 2) {
                double[] p = new double[3];
                for (int j = 0; j < 3; j++) {
                    p[j] = o[j] + t * u[j] + 0.5 * s * v[j];
                }
                points.add(p);
                expected.add(new double[] {t, 0.5 * s});
            }
        }
        INDArray mean = Nd4j.create(points.toArray(double[][]::new));
        Projection view = Embedding.of(mean, mean.like(), null).pca();
        // u's largest component (6/7) is positive: PC1 keeps u's sign; v's largest in magnitude is -6/7: PC2 = -v
        for (int i = 0; i < points.size(); i++) {
            assertEquals(expected.get(i)[0], view.x()[i], 1e-9);
            assertEquals(-expected.get(i)[1], view.y()[i], 1e-9);
        }
        // variances: 2 * 28 / 13 along u, 14 * 0.25 / 13 along v: 94.1% and 5.9%
        assertEquals("PC1 (94.1% of variance)", view.xLabel());
        assertEquals("PC2 (5.9% of variance)", view.yLabel());
    }

    @Test
    void theCodesBecomeADl4jDataSetWithOneHotLabels() {
        INDArray mean = Nd4j.createFromArray(new float[][] {{1, 2}, {3, 4}, {5, 6}});
        Embedding e = Embedding.of(mean, mean.mul(0), new int[] {2, 0, 1});
        org.nd4j.linalg.dataset.DataSet ds = e.toDataSet(3);
        assertEquals(mean, ds.getFeatures());
        assertEquals(Nd4j.createFromArray(new float[][] {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}}), ds.getLabels());
        assertThrows(IllegalArgumentException.class, () -> e.toDataSet(2));
    }

    @Test
    void csvRoundTripsExactlyWithTheDocumentedColumns(@TempDir Path dir) throws Exception {
        INDArray mean = Nd4j.create(new float[][] {{0.1f, -2.5e-7f}, {3.14159f, 1e9f}, {-0f, 42f}});
        INDArray logVar = Nd4j.create(new float[][] {{-1f, -2f}, {0.333333f, -7.25f}, {0f, -0.5f}});
        Embedding e = Embedding.of(mean, logVar, new int[] {7, 1, 7});
        Path file = e.writeCsv(dir.resolve("sub/embedding.csv"));
        List<String> lines = Files.readAllLines(file);
        assertEquals(List.of("index,label,z_1,z_2,log_var_1,log_var_2", "0,7,0.1,-2.5E-7,-1.0,-2.0",
                "1,1,3.14159,1.0E9,0.333333,-7.25", "2,7,-0.0,42.0,0.0,-0.5"), lines);
        Embedding back = Embedding.readCsv(file);
        assertEquals(mean, back.mean());
        assertEquals(logVar, back.logVariance());
        assertArrayEquals(new int[] {7, 1, 7}, back.labels());
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }

        Embedding unlabelled = Embedding.of(mean, logVar, null);
        Path plain = unlabelled.writeCsv(dir.resolve("plain.csv"));
        assertEquals("0,,0.1,-2.5E-7,-1.0,-2.0", Files.readAllLines(plain).get(1));
        assertFalse(Embedding.readCsv(plain).hasLabels());
    }

    @Test
    void malformedCsvNamesTheFileAndLine(@TempDir Path dir) throws Exception {
        Path badHeader = Files.writeString(dir.resolve("header.csv"), "index,label,z_1,log_var_2\n0,1,0.5,0.1\n");
        var h = assertThrows(EmbeddingFormatException.class, () -> Embedding.readCsv(badHeader));
        assertTrue(h.getMessage().contains("header.csv line 1: header must be"), h.getMessage());
        Path badNumber = Files.writeString(dir.resolve("number.csv"),
                "index,label,z_1,log_var_1\n0,1,0.5,0.1\n1,2,abc,0.1\n");
        var n = assertThrows(EmbeddingFormatException.class, () -> Embedding.readCsv(badNumber));
        assertTrue(n.getMessage().contains("number.csv line 3: z_1 is not a number: 'abc'"), n.getMessage());
        assertEquals(3, n.line());
        Path shortRow = Files.writeString(dir.resolve("short.csv"), "index,label,z_1,log_var_1\n0,1,0.5\n");
        var s = assertThrows(EmbeddingFormatException.class, () -> Embedding.readCsv(shortRow));
        assertTrue(s.getMessage().contains("line 2: expected 4 values, got 3"), s.getMessage());
        Path order = Files.writeString(dir.resolve("order.csv"), "index,label,z_1,log_var_1\n1,1,0.5,0.1\n");
        var o = assertThrows(EmbeddingFormatException.class, () -> Embedding.readCsv(order));
        assertTrue(o.getMessage().contains("index must be 0"), o.getMessage());
        var missing = assertThrows(java.io.FileNotFoundException.class,
                () -> Embedding.readCsv(dir.resolve("none.csv")));
        assertTrue(missing.getMessage().contains("none.csv"), missing.getMessage());
    }

    @Test
    void encodingADatasetKeepsOrderAndLabels() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 5, 6);
        ImageDataset data = ImageDataset.of(x, new int[] {0, 1, 2, 1, 0}, new ImageShape(1, 2, 3));
        VaeConfig config = VaeConfig.builder(6, 3).encoder(MlpEncoder.relu(5)).decoder(MlpDecoder.relu(5)).epochs(0)
                .build();
        Vae vae = new VaeTrainer(config).fit(data).model();
        Embedding e = Embedding.encode(vae, data);
        DiagonalGaussian q = vae.encode(x);
        assertEquals(q.mean(), e.mean());
        assertEquals(q.logVariance(), e.logVariance());
        assertArrayEquals(new int[] {0, 1, 2, 1, 0}, e.labels());
        assertEquals(3, e.latentSize());
        assertEquals(5, e.size());
    }

    /** A conditional VAE encodes each example given its one-hot label: q(z|x, y). */
    @Test
    void encodingForAConditionalVaePassesTheOneHotLabels() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 5, 6);
        int[] labels = {0, 1, 2, 1, 0};
        ImageDataset data = ImageDataset.of(x, labels, new ImageShape(1, 2, 3));
        VaeConfig config = VaeConfig.builder(6, 3).conditionSize(3).encoder(MlpEncoder.relu(5))
                .decoder(MlpDecoder.relu(5)).epochs(0).build();
        Vae vae = new VaeTrainer(config).fit(data).model();
        Embedding e = Embedding.encode(vae, data);
        DiagonalGaussian q = vae.encode(x, org.vae4j.data.OneHot.encode(labels, 3));
        assertEquals(q.mean(), e.mean());
        assertEquals(q.logVariance(), e.logVariance());
        var noLabels = assertThrows(org.vae4j.data.InvalidDataException.class,
                () -> Embedding.encode(vae, ImageDataset.of(x, null, new ImageShape(1, 2, 3))));
        assertTrue(noLabels.getMessage().contains("has no labels"), noLabels.getMessage());
    }

    @Test
    void viewsNeedTwoDimensions() {
        INDArray one = Nd4j.zeros(DataType.FLOAT, 3, 1);
        Embedding e = Embedding.of(one, one, null);
        assertThrows(IllegalStateException.class, e::pca);
        assertThrows(IllegalStateException.class, e::topKl);
        var shape = assertThrows(IllegalArgumentException.class,
                () -> Embedding.of(one, Nd4j.zeros(DataType.FLOAT, 3, 2), null));
        assertTrue(shape.getMessage().startsWith("logVariance has shape [3, 2]"), shape.getMessage());
        assertThrows(IllegalStateException.class, e::labels);
    }
}
