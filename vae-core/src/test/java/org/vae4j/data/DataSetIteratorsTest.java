package org.vae4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

class DataSetIteratorsTest {

    @Test
    void imagesInNchwAndOneHotLabelsBecomeRowsAndClassIndices(@TempDir Path dir) throws Exception {
        INDArray images = Nd4j.rand(DataType.FLOAT, 10, 3, 2, 2);
        int[] classes = {0, 1, 2, 1, 0, 2, 2, 1, 0, 0};
        DataSetIterator it = new ViewIterator(new DataSet(images, OneHot.encode(classes, 3)), 4);
        ImageDataset data = DataSetIterators.toDataset(it);
        assertEquals(new ImageShape(3, 2, 2), data.shape());
        assertArrayEquals(classes, data.labels());
        assertEquals(images.reshape('c', 10, 12), data.features());
        FileDataset file = DataSetIterators.toFile(it, dir.resolve("it.npy"));
        assertEquals(data.features(), file.features());
        assertArrayEquals(classes, file.labels());
        assertEquals(new ImageShape(3, 2, 2), file.shape());
    }

    @Test
    void withoutLabelsTheDatasetHasNone() {
        ImageDataset data = DataSetIterators.toDataset(of(new DataSet(Nd4j.rand(DataType.FLOAT, 5, 3), null),
                new DataSet(Nd4j.rand(DataType.FLOAT, 2, 3), null)));
        assertFalse(data.hasLabels());
        assertEquals(7, data.size());
        assertEquals(ImageShape.vector(3), data.shape());
    }

    @Test
    void aFeatureWidthThatChangesBetweenBatchesIsNamed(@TempDir Path dir) {
        DataSetIterator it = of(new DataSet(Nd4j.rand(DataType.FLOAT, 4, 6), null),
                new DataSet(Nd4j.rand(DataType.FLOAT, 4, 6), null), new DataSet(Nd4j.rand(DataType.FLOAT, 4, 5), null));
        var e = assertThrows(InvalidDataException.class, () -> DataSetIterators.toDataset(it));
        assertTrue(e.getMessage().contains("batch 2 (rows from 8)") && e.getMessage().contains("width changed"),
                e.getMessage());
        var f = assertThrows(InvalidDataException.class, () -> DataSetIterators.toFile(it, dir.resolve("x.npy")));
        assertTrue(f.getMessage().contains("batch 2"), f.getMessage());
        assertEquals(0, dir.toFile().list().length, "nothing written");
        var g = assertThrows(InvalidDataException.class, () -> DataSetIterators.toDataset(of()));
        assertTrue(g.getMessage().contains("no batches"), g.getMessage());
    }

    /** An iterator over fixed batches. */
    private static DataSetIterator of(DataSet... batches) {
        return new DataSetIterator() {
            private static final long serialVersionUID = 1L;
            private transient Iterator<DataSet> it = List.of(batches).iterator();

            @Override
            public DataSet next(int num) {
                return next();
            }

            @Override
            public int inputColumns() {
                return (int) batches[0].getFeatures().columns();
            }

            @Override
            public int totalOutcomes() {
                return 0;
            }

            @Override
            public boolean resetSupported() {
                return true;
            }

            @Override
            public boolean asyncSupported() {
                return false;
            }

            @Override
            public void reset() {
                it = List.of(batches).iterator();
            }

            @Override
            public int batch() {
                return 4;
            }

            @Override
            public void setPreProcessor(DataSetPreProcessor preProcessor) {
            }

            @Override
            public DataSetPreProcessor getPreProcessor() {
                return null;
            }

            @Override
            public List<String> getLabels() {
                return null;
            }

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public DataSet next() {
                return it.next();
            }
        };
    }
}
