package org.vae4j.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Deeplearning4j interop: a {@link Dataset} from the {@link DataSetIterator} a DL4J user already has (any of ND4J's
 * or DL4J's iterators: MNIST, CSV record readers, image record readers, ...), in memory or streamed to a dataset file
 * for data larger than memory. The iterator is read once, from its start; vae4j then shuffles and batches the rows
 * itself (so training is reproducible from the configuration's seed, and resumable, whatever the iterator does).
 *
 * <p>Features {@code [b, d]} are taken as they are; image features {@code [b, c, h, w]} (DL4J's NCHW) are flattened
 * channel-first to {@code [b, c*h*w]} with the shape {@code c x h x w}. Labels {@code [b, classes]} (one-hot, or
 * scores) become the index of each row's largest value; {@code [b, 1]} labels are taken as integer class indices; an
 * iterator without labels gives a dataset without labels.
 */
public final class DataSetIterators {
    private DataSetIterators() {
    }

    /**
     * Reads an iterator into memory.
     *
     * @param iterator the iterator; reset first if it supports it
     * @return the rows and labels as an in-memory dataset
     * @throws InvalidDataException naming the batch if its feature width (or image shape) differs from the first
     *     batch's, if some batches have labels and others not, or if the iterator is empty
     */
    public static ImageDataset toDataset(DataSetIterator iterator) {
        Rows rows = new Rows(iterator);
        List<INDArray> parts = new ArrayList<>();
        while (rows.hasNext()) {
            parts.add(rows.next());
        }
        INDArray features = parts.size() == 1 ? parts.get(0) : Nd4j.concat(0, parts.toArray(INDArray[]::new));
        return ImageDataset.of(features, rows.labels(), rows.shape());
    }

    /**
     * Streams an iterator into a dataset file ({@link FileDataset#write(Path, Iterator)}), holding one batch at a
     * time (and the labels, one int per row).
     *
     * @param iterator the iterator; reset first if it supports it
     * @param file the {@code .npy} file to write
     * @return the file as a dataset
     * @throws InvalidDataException as {@link #toDataset}; the file is then not written
     * @throws IOException if writing fails
     */
    public static FileDataset toFile(DataSetIterator iterator, Path file) throws IOException {
        Rows rows = new Rows(iterator);
        FileDataset.write(file, rows);
        return FileDataset.open(file, rows.labels(), rows.shape());
    }

    /** The iterator's batches as flat FLOAT rows, checked, collecting the labels. */
    private static final class Rows implements Iterator<INDArray> {
        private final DataSetIterator iterator;
        private long[] firstShape;
        private Boolean labelled;
        private final List<int[]> labels = new ArrayList<>();
        private int batch;
        private long rowsSoFar;

        Rows(DataSetIterator iterator) {
            this.iterator = Objects.requireNonNull(iterator, "iterator");
            if (iterator.resetSupported()) {
                iterator.reset();
            }
            if (!iterator.hasNext()) {
                throw new InvalidDataException("DataSetIterator", -1, "the DataSetIterator has no batches");
            }
        }

        @Override
        public boolean hasNext() {
            return iterator.hasNext();
        }

        @Override
        public INDArray next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            DataSet ds = iterator.next();
            INDArray f = ds.getFeatures();
            long[] shape = f.shape();
            if (shape.length != 2 && shape.length != 4) {
                throw invalid("has features of shape " + Arrays.toString(shape) + ": expected [batch, features] or"
                        + " [batch, channels, height, width]");
            }
            long[] perRow = Arrays.copyOfRange(shape, 1, shape.length);
            if (firstShape == null) {
                firstShape = perRow;
            } else if (!Arrays.equals(firstShape, perRow)) {
                throw invalid("has features of shape " + Arrays.toString(shape) + " but the first batch had "
                        + Arrays.toString(firstShape) + " per row: the feature width changed between batches");
            }
            INDArray l = ds.getLabels();
            boolean hasLabels = l != null && !l.isEmpty();
            if (labelled == null) {
                labelled = hasLabels;
            } else if (labelled != hasLabels) {
                throw invalid(hasLabels ? "has labels but earlier batches had none" : "has no labels but earlier"
                        + " batches had");
            }
            if (hasLabels) {
                labels.add(classes(l, shape[0]));
            }
            rowsSoFar += shape[0];
            batch++;
            return f.reshape('c', shape[0], size(perRow)).castTo(DataType.FLOAT);
        }

        private int[] classes(INDArray l, long rows) {
            if (l.rank() != 2 || l.rows() != rows) {
                throw invalid("has labels of shape " + Arrays.toString(l.shape()) + " for " + rows + " rows");
            }
            if (l.columns() == 1) {
                double[] v = l.toDoubleVector();
                int[] c = new int[v.length];
                for (int i = 0; i < v.length; i++) {
                    if (v[i] != Math.rint(v[i]) || v[i] < 0) {
                        throw invalid("row " + i + " has label " + v[i] + ": a [batch, 1] label must be a class"
                                + " index >= 0");
                    }
                    c[i] = (int) v[i];
                }
                return c;
            }
            return l.argMax(1).toIntVector();
        }

        private InvalidDataException invalid(String what) {
            return new InvalidDataException("DataSetIterator", rowsSoFar, "DataSetIterator batch " + batch
                    + " (rows from " + rowsSoFar + ") " + what);
        }

        ImageShape shape() {
            return firstShape.length == 1 ? ImageShape.vector(Math.toIntExact(firstShape[0]))
                    : new ImageShape((int) firstShape[0], (int) firstShape[1], (int) firstShape[2]);
        }

        int[] labels() {
            if (!Boolean.TRUE.equals(labelled)) {
                return null;
            }
            return labels.stream().flatMapToInt(Arrays::stream).toArray();
        }

        private static long size(long[] perRow) {
            long n = 1;
            for (long d : perRow) {
                n = Math.multiplyExact(n, d);
            }
            return n;
        }
    }
}
