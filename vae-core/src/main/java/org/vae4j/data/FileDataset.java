package org.vae4j.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.io.AtomicFiles;
import org.vae4j.io.Exceptions;
import org.vae4j.io.Npy;

/**
 * A dataset read from a file on disk as it is used, for data larger than memory: a NumPy {@code .npy} file of
 * float32 rows, {@code [n, d]} in row-major (C) order ({@code numpy.save(path, x.astype('float32'))} writes one, and
 * so does {@link #write}). Only the labels (one {@code int} per example, optional) are held in memory. Every read
 * ({@link #rows}, {@link #gather}: what the mini-batches call) opens the file and reads just those rows, so training
 * streams the file through the operating system's page cache; the trainer reads the whole file once per epoch, and
 * shuffled batches read their rows at random positions.
 *
 * <p>Training on a {@code FileDataset} gives the same model, bit for bit, as training on the same rows in memory.
 * {@link #features()} reads every row into memory: for a file larger than memory use {@link #rows} in chunks, or
 * {@link #first}/{@link #subset} first.
 */
public final class FileDataset extends LabelledRows {
    /** Rows per chunk when {@link #write} copies a dataset. */
    private static final int COPY_CHUNK = 10_000;

    private final Path file;
    private final long dataOffset;
    private final int firstRow;
    private final int size;
    private final ImageShape shape;

    private FileDataset(Path file, long dataOffset, int firstRow, int size, int[] labels, ImageShape shape) {
        super(labels);
        this.file = file;
        this.dataOffset = dataOffset;
        this.firstRow = firstRow;
        this.size = size;
        this.shape = shape;
    }

    /**
     * Opens a {@code .npy} file of float32 rows {@code [n, d]}.
     *
     * @param file the file
     * @param labels one label per row, or null (copied)
     * @param shape the shape of one example, {@code shape.size() == d}; null for {@code ImageShape.vector(d)}
     * @return the dataset
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws InvalidDataException naming the file if it is not a 2-D float32 {@code .npy} file, is shorter than its
     *     header says, or the labels or the shape do not fit it
     * @throws IOException if reading fails
     */
    public static FileDataset open(Path file, int[] labels, ImageShape shape) throws IOException {
        Objects.requireNonNull(file, "file");
        String what = file.toString();
        Npy.Header header;
        long fileSize;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            fileSize = channel.size();
            ByteBuffer start = ByteBuffer.allocate((int) Math.min(fileSize, Npy.MAX_HEADER));
            while (start.hasRemaining() && channel.read(start, start.position()) > 0) {
                // read the header
            }
            header = Npy.header(Arrays.copyOf(start.array(), start.position()));
        } catch (IllegalArgumentException e) {
            throw new InvalidDataException(what, -1, what + " is not a dataset file: " + e.getMessage());
        }
        if (header.type() != DataType.FLOAT || header.shape().length != 2) {
            throw new InvalidDataException(what, -1, what + " holds a " + header.type() + " array of shape "
                    + Arrays.toString(header.shape()) + ", but a dataset file holds float32 rows [n, d]");
        }
        long rows = header.shape()[0];
        int columns = (int) header.shape()[1];
        if (fileSize - header.dataOffset() < header.dataBytes()) {
            throw new InvalidDataException(what, -1, what + " is truncated: its header says " + rows + " rows of "
                    + columns + " floats (" + header.dataBytes() + " bytes) but it has "
                    + (fileSize - header.dataOffset()) + " bytes of data");
        }
        ImageShape s = shape != null ? shape : ImageShape.vector(columns);
        if (s.size() != columns) {
            throw new InvalidDataException(what, -1, what + " has " + columns + " features per row but the shape "
                    + s + " has " + s.size());
        }
        if (labels != null && labels.length != rows) {
            throw new InvalidDataException(what, -1, what + " has " + rows + " rows but " + labels.length
                    + " labels were given");
        }
        return new FileDataset(file.toAbsolutePath(), header.dataOffset(), 0, (int) rows,
                labels == null ? null : labels.clone(), s);
    }

    /**
     * Writes rows to a {@code .npy} dataset file chunk by chunk, durably and atomically ({@link AtomicFiles}), so
     * data larger than memory can be converted (from a CSV file, an iterator, another dataset) without holding it.
     *
     * @param file the file to write
     * @param chunks the rows, each chunk {@code [b, d]} (FLOAT or DOUBLE, stored as float32); all of one width
     * @return the number of rows written
     * @throws InvalidDataException naming the chunk if its width differs from the first's or a value is NaN or
     *     infinite; the file is then not written
     * @throws IOException if writing fails; an existing file is then unchanged
     */
    public static long write(Path file, Iterator<INDArray> chunks) throws IOException {
        Objects.requireNonNull(chunks, "chunks");
        Path target = file.toAbsolutePath();
        Path temp = AtomicFiles.createTemporary(target);
        boolean moved = false;
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            byte[] placeholder = Npy.headerBytes(DataType.FLOAT, new long[] {0, 0});
            long position = placeholder.length;
            long rows = 0;
            long columns = -1;
            int index = 0;
            while (chunks.hasNext()) {
                INDArray chunk = chunks.next();
                if (chunk.rank() != 2 || (columns >= 0 && chunk.columns() != columns)) {
                    throw new InvalidDataException(file.toString(), rows, "chunk " + index + " for " + file + " has"
                            + " shape " + Arrays.toString(chunk.shape()) + " but earlier chunks had " + columns
                            + " columns");
                }
                columns = chunk.columns();
                boolean plain = chunk.dataType() == DataType.FLOAT && !chunk.isView() && chunk.ordering() == 'c'
                        && chunk.data().length() == chunk.length();
                INDArray floats = plain ? chunk : chunk.castTo(DataType.FLOAT).dup('c');
                try {
                    if (!Double.isFinite(floats.sumNumber().doubleValue())) {
                        throw new InvalidDataException(file.toString(), rows, "chunk " + index + " for " + file
                                + " (rows " + rows + " to " + (rows + chunk.rows()) + ") holds NaN or infinite"
                                + " values");
                    }
                    ByteBuffer bytes = floats.data().asNio().order(ByteOrder.nativeOrder());
                    bytes.limit((int) (floats.length() * 4));
                    while (bytes.hasRemaining()) {
                        position += out.write(bytes, position);
                    }
                } finally {
                    if (floats != chunk) {
                        floats.close(); // native memory now, not when a garbage collection happens to run
                    }
                }
                rows += chunk.rows();
                index++;
            }
            byte[] header = Npy.headerBytes(DataType.FLOAT, new long[] {rows, Math.max(columns, 0)});
            if (header.length != placeholder.length) {
                throw new IllegalStateException(".npy header grew from " + placeholder.length + " to "
                        + header.length + " bytes");
            }
            out.write(ByteBuffer.wrap(header), 0);
            out.force(true);
            out.close();
            AtomicFiles.move(temp, target);
            moved = true;
            return rows;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /**
     * Copies any dataset's rows into a dataset file, in chunks of 10,000 rows, and opens it with the same labels and
     * shape.
     *
     * @param data the rows
     * @param file the file to write
     * @return the file as a dataset
     * @throws IOException if writing fails
     */
    public static FileDataset write(Dataset data, Path file) throws IOException {
        Iterator<INDArray> chunks = new Iterator<>() {
            private int from;

            @Override
            public boolean hasNext() {
                return from < data.size();
            }

            @Override
            public INDArray next() {
                int to = Math.min(data.size(), from + COPY_CHUNK);
                INDArray rows = data.rows(from, to);
                from = to;
                return rows;
            }
        };
        write(file, chunks);
        return open(file, data.hasLabels() ? data.labels() : null, data.shape());
    }

    /** @return the file the rows are read from */
    public Path file() {
        return file;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public ImageShape shape() {
        return shape;
    }

    @Override
    public INDArray features() {
        return size == 0 ? Nd4j.create(DataType.FLOAT, 0, shape.size()) : rows(0, size);
    }

    @Override
    public INDArray rows(int from, int toExclusive) {
        Objects.checkFromToIndex(from, toExclusive, size);
        INDArray out = Nd4j.create(DataType.FLOAT, toExclusive - from, shape.size());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            read(channel, from, toExclusive - from, out, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rows " + from + " to " + toExclusive + " of " + file + " ("
                    + Exceptions.describe(e) + ")", e);
        }
        return out;
    }

    @Override
    public INDArray gather(int[] indices, INDArray target) {
        INDArray out = target != null ? target : Nd4j.create(DataType.FLOAT, indices.length, shape.size());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            for (int r = 0; r < indices.length; r++) {
                read(channel, Objects.checkIndex(indices[r], size), 1, out, r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + indices.length + " rows of " + file + " ("
                    + Exceptions.describe(e) + ")", e);
        }
        return out;
    }

    /** Reads {@code count} rows from row {@code row} of this view into {@code out} from its row {@code at}. */
    private void read(FileChannel channel, int row, int count, INDArray out, int at) throws IOException {
        long rowBytes = 4L * shape.size();
        ByteBuffer target = out.data().asNio().order(ByteOrder.nativeOrder());
        target.limit(Math.toIntExact((at + (long) count) * rowBytes)).position(Math.toIntExact(at * rowBytes));
        long position = dataOffset + (firstRow + (long) row) * rowBytes;
        while (target.hasRemaining()) {
            int n = channel.read(target, position);
            if (n < 0) {
                throw new IOException(file + " ended before row " + (firstRow + row + count) + " (truncated since it"
                        + " was opened?)");
            }
            position += n;
        }
    }

    @Override
    public FileDataset subset(int from, int toExclusive) {
        Objects.checkFromToIndex(from, toExclusive, size);
        return new FileDataset(file, dataOffset, firstRow + from, toExclusive - from,
                labelRange(from, toExclusive), shape);
    }

    /** @return a summary such as {@code FileDataset[file=/data/x.npy, size=1000000, shape=1x1x30, labels=false]} */
    @Override
    public String toString() {
        return "FileDataset[file=" + file + ", size=" + size + ", shape=" + shape + ", labels=" + hasLabels() + "]";
    }
}
