package org.vae4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ImageDatasetTest {

    @TempDir
    Path dir;

    /** n images of shape 1x1x3 where row i is {i, i + 0.25, i + 0.5} / 100. */
    private static ImageDataset indexed(int n, boolean withLabels) {
        float[] v = new float[n * 3];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            v[3 * i] = i / 100f;
            v[3 * i + 1] = (i + 0.25f) / 100f;
            v[3 * i + 2] = (i + 0.5f) / 100f;
            labels[i] = i % 10;
        }
        return ImageDataset.of(Nd4j.create(v, new long[] {n, 3}, 'c'), withLabels ? labels : null,
                new ImageShape(1, 1, 3));
    }

    private static int rowIndex(INDArray batch, int r) {
        return Math.round(batch.getFloat(r, 0) * 100f);
    }

    @Test
    void fromIdxScalesPixelsToUnitRange() throws Exception {
        Path img = IdxTestFiles.write(dir.resolve("img"), IdxTestFiles.images(2, 2, 2, 0, 255, 51, 102, 255, 0, 1, 254));
        Path lab = IdxTestFiles.write(dir.resolve("lab.gz"), IdxTestFiles.gzip(IdxTestFiles.labels(7, 3)));
        ImageDataset ds = ImageDataset.fromIdx(img, lab);
        assertEquals(2, ds.size());
        assertEquals(new ImageShape(1, 2, 2), ds.shape());
        INDArray f = ds.features();
        assertArrayEquals(new long[] {2, 4}, f.shape());
        assertEquals(DataType.FLOAT, f.dataType());
        assertEquals(0.0f, f.getFloat(0, 0));
        assertEquals(1.0f, f.getFloat(0, 1));
        assertEquals(0.2f, f.getFloat(0, 2), 1e-6);
        assertEquals(0.4f, f.getFloat(0, 3), 1e-6);
        assertEquals(1.0f, f.getFloat(1, 0));
        assertEquals(1 / 255f, f.getFloat(1, 2), 1e-7);
        assertTrue(ds.hasLabels());
        assertArrayEquals(new int[] {7, 3}, ds.labels());
        assertEquals(3, ds.label(1));
    }

    @Test
    void fromIdxWithoutLabels() throws Exception {
        Path img = IdxTestFiles.write(dir.resolve("img"), IdxTestFiles.images(1, 1, 2, 0, 255));
        ImageDataset ds = ImageDataset.fromIdx(img, null);
        assertFalse(ds.hasLabels());
        assertThrows(IllegalStateException.class, ds::labels);
        assertThrows(IllegalStateException.class, () -> ds.label(0));
    }

    @Test
    void mismatchedCountsNameBothFiles() throws Exception {
        Path img = IdxTestFiles.write(dir.resolve("imgs-idx3-ubyte"), IdxTestFiles.images(2, 1, 1, 0, 255));
        Path lab = IdxTestFiles.write(dir.resolve("labs-idx1-ubyte"), IdxTestFiles.labels(1, 2, 3));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> ImageDataset.fromIdx(img, lab));
        assertTrue(e.getMessage().contains(img.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(lab.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("3 labels") && e.getMessage().contains("2 images"), e.getMessage());
    }

    @Test
    void ofValidates() {
        ImageShape s = new ImageShape(1, 2, 2);
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> ImageDataset.of(Nd4j.zeros(DataType.FLOAT, 2, 2, 2), null, s));
        assertTrue(rank.getMessage().contains("rank 2"), rank.getMessage());
        IllegalArgumentException cols = assertThrows(IllegalArgumentException.class,
                () -> ImageDataset.of(Nd4j.zeros(DataType.FLOAT, 3, 5), null, s));
        assertTrue(cols.getMessage().contains("5 columns") && cols.getMessage().contains("needs 4"), cols.getMessage());
        IllegalArgumentException lab = assertThrows(IllegalArgumentException.class,
                () -> ImageDataset.of(Nd4j.zeros(DataType.FLOAT, 3, 4), new int[2], s));
        assertTrue(lab.getMessage().contains("labels has length 2"), lab.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ImageDataset.of(Nd4j.zeros(DataType.INT32, 3, 4), null, s));
        ImageDataset d = ImageDataset.of(Nd4j.zeros(DataType.DOUBLE, 3, 4), null, s);
        assertEquals(DataType.FLOAT, d.features().dataType());
    }

    @Test
    void imageShapeValidatesAndNamesField() {
        assertEquals(784, new ImageShape(1, 28, 28).size());
        assertEquals(3 * 32 * 32, new ImageShape(3, 32, 32).size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ImageShape(1, 0, 28));
        assertTrue(e.getMessage().contains("height"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ImageShape(-3, 28, 28));
        assertTrue(e.getMessage().contains("channels"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ImageShape(1, 28, 0));
        assertTrue(e.getMessage().contains("width"), e.getMessage());
    }

    @Test
    void labelsAreDefensivelyCopied() {
        int[] labels = {1, 2, 3};
        ImageDataset ds = ImageDataset.of(Nd4j.zeros(DataType.FLOAT, 3, 1), labels, new ImageShape(1, 1, 1));
        labels[0] = 99;
        assertEquals(1, ds.label(0));
        ds.labels()[1] = 99;
        assertEquals(2, ds.label(1));
        assertThrows(IndexOutOfBoundsException.class, () -> ds.label(3));
    }

    @Test
    void subsetAndFirst() {
        ImageDataset ds = indexed(10, true);
        ImageDataset sub = ds.subset(3, 7);
        assertEquals(4, sub.size());
        assertArrayEquals(new int[] {3, 4, 5, 6}, sub.labels());
        assertEquals(0.03f, sub.features().getFloat(0, 0), 1e-6);
        assertEquals(0.065f, sub.features().getFloat(3, 2), 1e-6);
        assertEquals(3, ds.first(3).size());
        assertEquals(0.02f, ds.first(3).features().getFloat(2, 0), 1e-6);
        assertSame(ds, ds.first(100));
        assertEquals(0, ds.subset(5, 5).size());
        assertThrows(IndexOutOfBoundsException.class, () -> ds.subset(5, 11));
        assertThrows(IndexOutOfBoundsException.class, () -> ds.subset(6, 5));
        assertThrows(IllegalArgumentException.class, () -> ds.first(-1));
    }

    @Test
    void binarizeIsStrictlyGreaterThanThreshold() {
        INDArray f = Nd4j.create(new float[] {0f, 0.5f, 0.50001f, 1f, 0.2f, 0.9f}, new long[] {2, 3}, 'c');
        ImageDataset ds = ImageDataset.of(f, new int[] {4, 2}, new ImageShape(1, 1, 3));
        ImageDataset bin = ds.binarize(0.5);
        assertEquals(DataType.FLOAT, bin.features().dataType());
        assertArrayEquals(new float[] {0f, 0f, 1f, 1f, 0f, 1f}, bin.features().dup('c').data().asFloat());
        assertArrayEquals(new int[] {4, 2}, bin.labels());
        assertEquals(0.5f, ds.features().getFloat(0, 1)); // original untouched
        ImageDataset subBin = indexed(60, false).subset(40, 60).binarize(0.5);
        assertEquals(0f, subBin.features().getFloat(9, 1)); // 0.4925
        assertEquals(0f, subBin.features().getFloat(10, 0)); // 0.50 is not > 0.5
        assertEquals(1f, subBin.features().getFloat(10, 1)); // 0.5025
        assertThrows(IllegalArgumentException.class, () -> ds.binarize(Double.NaN));
    }

    @Test
    void shuffledBatchesCoverEveryIndexOncePerEpoch() {
        ImageDataset ds = indexed(23, true);
        MiniBatches batches = ds.shuffledBatches(5, new SplittableRandom(7));
        assertEquals(5, batches.batchCount());
        assertTrue(batches.shuffled());
        List<int[]> epochs = new ArrayList<>();
        for (int epoch = 0; epoch < 3; epoch++) {
            MiniBatches.BatchIterator it = batches.iterator();
            int[] seen = new int[23];
            int[] order = new int[23];
            int k = 0;
            List<Integer> sizes = new ArrayList<>();
            while (it.hasNext()) {
                INDArray b = it.next();
                int[] idx = it.indices();
                assertEquals(2, b.rank());
                assertEquals(3, b.columns());
                assertEquals(idx.length, b.rows());
                sizes.add(b.rows());
                for (int r = 0; r < b.rows(); r++) {
                    int i = rowIndex(b, r);
                    assertEquals(idx[r], i, "batch row must be the dataset row reported by indices()");
                    assertEquals((i + 0.5f) / 100f, b.getFloat(r, 2), 1e-6);
                    seen[i]++;
                    order[k++] = i;
                }
            }
            assertEquals(List.of(5, 5, 5, 5, 3), sizes, "last partial batch is kept");
            int[] ones = new int[23];
            Arrays.fill(ones, 1);
            assertArrayEquals(ones, seen, "every index exactly once");
            assertThrows(NoSuchElementException.class, it::next);
            epochs.add(order);
        }
        assertFalse(Arrays.equals(epochs.get(0), epochs.get(1)), "each epoch draws a new permutation");

        // Reproducible: same seed, same sequence of epochs.
        MiniBatches again = ds.shuffledBatches(5, new SplittableRandom(7));
        for (int[] expected : epochs) {
            int[] order = new int[23];
            int k = 0;
            for (INDArray b : again) {
                for (int r = 0; r < b.rows(); r++) {
                    order[k++] = rowIndex(b, r);
                }
            }
            assertArrayEquals(expected, order);
        }
        int[] other = new int[23];
        int k = 0;
        for (INDArray b : ds.shuffledBatches(5, new SplittableRandom(8))) {
            for (int r = 0; r < b.rows(); r++) {
                other[k++] = rowIndex(b, r);
            }
        }
        assertNotEquals(Arrays.toString(epochs.get(0)), Arrays.toString(other));
    }

    @Test
    void shuffledBatchesWorkOnSubsetViews() {
        ImageDataset sub = indexed(30, false).subset(10, 20);
        int[] seen = new int[10];
        for (INDArray b : sub.shuffledBatches(4, new SplittableRandom(1))) {
            for (int r = 0; r < b.rows(); r++) {
                seen[rowIndex(b, r) - 10]++;
            }
        }
        int[] ones = new int[10];
        Arrays.fill(ones, 1);
        assertArrayEquals(ones, seen);
    }

    @Test
    void orderedBatches() {
        ImageDataset ds = indexed(10, true);
        MiniBatches batches = ds.batches(4);
        assertFalse(batches.shuffled());
        assertEquals(3, batches.batchCount());
        List<Integer> order = new ArrayList<>();
        MiniBatches.BatchIterator it = batches.iterator();
        List<Integer> sizes = new ArrayList<>();
        while (it.hasNext()) {
            INDArray b = it.next();
            sizes.add(b.rows());
            int[] idx = it.indices();
            for (int r = 0; r < b.rows(); r++) {
                order.add(rowIndex(b, r));
                assertEquals(idx[r], rowIndex(b, r));
            }
        }
        assertEquals(List.of(4, 4, 2), sizes);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), order);
        assertThrows(IllegalArgumentException.class, () -> ds.batches(0));
        assertEquals(0, ds.subset(0, 0).batches(3).batchCount());
        assertFalse(ds.subset(0, 0).shuffledBatches(3, new SplittableRandom(1)).iterator().hasNext());
    }

    /** ND4J 1.0.0-M2.1 returns an empty array for get(interval(1000, ..)) on a view at offset 50 rows: not here. */
    @Test
    void subsetsOfSubsetsAndTheirBatchesHoldTheRightRows() {
        ImageDataset data = indexed(1200, true);
        ImageDataset inner = data.subset(50, 1100).subset(1000, 1050);
        assertEquals(data.subset(1050, 1100).features(), inner.features());
        assertEquals(1050, rowIndex(inner.features(), 0));
        assertEquals(1099, rowIndex(inner.features(), 49));
        List<INDArray> batches = new ArrayList<>();
        data.subset(50, 1100).batches(500).forEach(batches::add);
        assertEquals(3, batches.size());
        assertEquals(1050, rowIndex(batches.get(2), 0));
        assertEquals(50, batches.get(2).rows());
        INDArray transposed = Nd4j.arange(32).castTo(DataType.FLOAT).reshape(4, 8).transpose(); // [8, 4], 'f'
        ImageDataset fromTransposed = ImageDataset.of(transposed, null, new ImageShape(1, 2, 2));
        assertEquals(transposed.getRow(5), fromTransposed.subset(5, 6).features().getRow(0));
    }

    /**
     * A dataset read from IDX bytes keeps the bytes and converts on read; every way of reading it must give, bit for
     * bit, what the same images as a float array give: features, subsets of subsets, ordered and shuffled batches
     * (new and reused arrays), binarization.
     */
    @Test
    void bytesAndFloatsReadTheSame() {
        int n = 1203;
        int cols = 6;
        byte[] px = new byte[n * cols];
        new SplittableRandom(3).nextBytes(px);
        px[0] = 0;
        px[1] = (byte) 255;
        IdxImages images = new IdxImages(n, 2, 3, px);
        int[] labels = new int[n];
        Arrays.setAll(labels, i -> i % 10);
        ImageDataset bytes = ImageDataset.of(images, labels);
        float[] values = new float[px.length];
        for (int i = 0; i < px.length; i++) {
            values[i] = (px[i] & 0xFF) / 255f;
        }
        ImageDataset floats = ImageDataset.of(Nd4j.create(values, new long[] {n, cols}, 'c'), labels,
                new ImageShape(1, 2, 3));

        assertEquals(n, bytes.size());
        assertEquals(floats.features(), bytes.features());
        assertEquals(1f, bytes.features().getFloat(0, 1));
        assertEquals(0f, bytes.features().getFloat(0, 0));
        assertFalse(bytes.features() == bytes.features(), "converted afresh on each call");
        ImageDataset converted = bytes.subset(5, 900).asFloats();
        assertTrue(converted.features() == converted.features(), "converted once");
        assertEquals(floats.subset(5, 900).features(), converted.features());
        assertArrayEquals(floats.subset(5, 900).labels(), converted.labels());
        assertEquals(bytes.shape(), converted.shape());
        assertTrue(floats.asFloats() == floats, "a dataset of floats is its own");
        for (int[] r : new int[][] {{0, n}, {1, 2}, {50, 1100}, {1202, 1203}, {7, 7}}) {
            assertEquals(floats.subset(r[0], r[1]).features(), bytes.subset(r[0], r[1]).features(),
                    Arrays.toString(r));
        }
        assertEquals(floats.subset(50, 1100).subset(1000, 1050).features(),
                bytes.subset(50, 1100).subset(1000, 1050).features());
        assertArrayEquals(floats.subset(9, 30).labels(), bytes.subset(9, 30).labels());
        assertEquals(floats.binarize(0.5).features(), bytes.binarize(0.5).features());
        assertEquals(floats.sampleBinarized(4).features(), bytes.sampleBinarized(4).features());

        List<INDArray> ordered = new ArrayList<>();
        bytes.subset(3, 1203).batches(128).forEach(b -> ordered.add(b.dup()));
        List<INDArray> orderedFloats = new ArrayList<>();
        floats.subset(3, 1203).batches(128).forEach(b -> orderedFloats.add(b.dup()));
        assertEquals(orderedFloats, ordered);

        for (boolean reuse : new boolean[] {false, true}) {
            MiniBatches fb = floats.subset(2, 1200).shuffledBatches(100, new SplittableRandom(11));
            MiniBatches bb = bytes.subset(2, 1200).shuffledBatches(100, new SplittableRandom(11));
            MiniBatches.BatchIterator fi = (reuse ? fb.reusingArrays() : fb).iterator();
            MiniBatches.BatchIterator bi = (reuse ? bb.reusingArrays() : bb).iterator();
            int batches = 0;
            while (fi.hasNext()) {
                INDArray expected = fi.next();
                assertEquals(expected, bi.next());
                assertArrayEquals(fi.indices(), bi.indices());
                batches++;
            }
            assertFalse(bi.hasNext());
            assertEquals(12, batches);
        }
    }
}
