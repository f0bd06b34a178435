package org.vae4j.data;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An immutable dataset of {@code n} images of one {@link ImageShape}, with optional integer labels.
 *
 * <p>The images are seen as one {@link INDArray} of shape {@code [n, c*h*w]} (e.g. {@code [60000, 784]} for the
 * MNIST training set), {@link DataType#FLOAT}, one flattened channel-first image per row, pixel values normally in
 * {@code [0, 1]} (IDX bytes are scaled by {@code b / 255f}). Labels, when present, are one {@code int} per image.
 *
 * <p><b>Storage.</b> A dataset made from an {@link INDArray} ({@link #of(INDArray, int[], ImageShape)}) holds that
 * array. A dataset read from IDX bytes ({@link #fromIdx}, {@link #of(IdxImages, int[])}, {@link org.vae4j.data.mnist.Mnist}) holds the
 * bytes themselves, a quarter of the memory of floats (47 MB instead of 188 MB for the MNIST training set), and
 * converts rows to {@code b / 255f} when they are read: by the mini-batches, by {@link #subset}'s
 * {@link #features()}, and by {@link #features()} itself, which then returns a new array on every call. The values
 * are the same either way, bit for bit.
 *
 * <p><b>Immutability.</b> ND4J arrays cannot be made read-only, so immutability is a contract: nobody may modify
 * the array returned by {@link #features()}, nor an array handed to {@link #of(INDArray, int[], ImageShape)}
 * after the call. Derived datasets ({@link #subset(int, int)}, {@link #first(int)}) share memory with this one.
 * Labels are copied on the way in and out.
 *
 * <p>Instances are safe to read from several threads.
 */
public final class ImageDataset extends LabelledRows {

    /** {@code b / 255f} for every unsigned byte {@code b}: the value of an IDX pixel. */
    private static final float[] BYTE_TO_UNIT = new float[256];

    static {
        for (int b = 0; b < 256; b++) {
            BYTE_TO_UNIT[b] = b / 255f;
        }
    }

    /** The images as floats {@code [n, c*h*w]}, rows one after another; null if the dataset holds bytes. */
    private final INDArray features;
    /** IDX pixel bytes ({@code value = b / 255f}), image {@code i} at {@code (firstImage + i) * c*h*w}; or null. */
    private final byte[] pixels;
    private final int firstImage;
    private final int size;
    private final ImageShape shape;

    private ImageDataset(INDArray features, int[] labels, ImageShape shape) {
        super(labels);
        this.features = features;
        this.pixels = null;
        this.firstImage = 0;
        this.size = (int) features.rows();
        this.shape = shape;
    }

    private ImageDataset(byte[] pixels, int firstImage, int size, int[] labels, ImageShape shape) {
        super(labels);
        this.features = null;
        this.pixels = pixels;
        this.firstImage = firstImage;
        this.size = size;
        this.shape = shape;
    }

    /**
     * Creates a dataset from a feature matrix, validating it.
     *
     * <p>The array is taken over, not copied (unless it is not {@link DataType#FLOAT}, in which case it is cast to
     * a new FLOAT array, or its rows are not stored one after another in row-major order, in which case it is
     * copied so): do not modify it afterwards. Values are expected in {@code [0, 1]} but are not checked.
     *
     * @param features images, shape {@code [n, shape.size()]}, any floating-point type; {@code n} may be 0
     * @param labels   one label per row ({@code labels.length == n}), or null for an unlabelled dataset; copied
     * @param shape    the shape of one image
     * @return the dataset
     * @throws NullPointerException     if {@code features} or {@code shape} is null
     * @throws IllegalArgumentException if {@code features} is not rank 2, is not of a floating-point type, has a
     *                                  column count other than {@code shape.size()}, or if the labels length differs
     *                                  from the row count
     */
    public static ImageDataset of(INDArray features, int[] labels, ImageShape shape) {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(shape, "shape");
        if (features.rank() != 2) {
            throw new IllegalArgumentException("features must have rank 2 [n, " + shape.size() + "], but has shape "
                    + Arrays.toString(features.shape()));
        }
        if (!features.dataType().isFPType()) {
            throw new IllegalArgumentException("features must have a floating-point data type, but is "
                    + features.dataType());
        }
        if (features.columns() != shape.size()) {
            throw new IllegalArgumentException("features has " + features.columns() + " columns but image shape "
                    + shape + " needs " + shape.size() + " (features shape " + Arrays.toString(features.shape())
                    + ")");
        }
        if (labels != null && labels.length != features.rows()) {
            throw new IllegalArgumentException("labels has length " + labels.length + " but features has "
                    + features.rows() + " rows");
        }
        INDArray f = features.dataType() == DataType.FLOAT ? features : features.castTo(DataType.FLOAT);
        if (f.rows() > 0 && (f.ordering() != 'c' || f.stride(1) != 1 || f.stride(0) != f.columns())) {
            f = f.dup('c'); // rows(..) needs row-major rows one after another
        }
        return new ImageDataset(f, labels == null ? null : labels.clone(), shape);
    }

    /**
     * Creates a dataset from raw IDX images, scaling each unsigned byte {@code b} to {@code b / 255f}. The dataset
     * keeps {@code images.pixels()} (not copied: do not modify it) and converts rows when they are read.
     *
     * @param images the images, e.g. from {@link IdxReader#readImages(Path)}
     * @param labels one label per image, or null; copied
     * @return a dataset of shape {@code ImageShape(1, rows, cols)} with features {@code [count, rows*cols]}
     * @throws IllegalArgumentException if {@code labels.length != images.count()}
     */
    public static ImageDataset of(IdxImages images, int[] labels) {
        Objects.requireNonNull(images, "images");
        if (labels != null && labels.length != images.count()) {
            throw new IllegalArgumentException("labels has length " + labels.length + " but there are "
                    + images.count() + " images");
        }
        return new ImageDataset(images.pixels(), 0, images.count(), labels == null ? null : labels.clone(),
                images.shape());
    }

    /**
     * Converts images {@code [from, to)} of a byte-backed dataset to a new detached {@code [to - from, c*h*w]} FLOAT
     * array of {@code b / 255f}, written straight into the array's native memory in chunks (no full-size
     * {@code float[]} on the heap).
     */
    @SuppressWarnings("try")
    private INDArray bytesToFloats(int from, int to) {
        int cols = shape.size();
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            if (to == from) {
                return Nd4j.create(DataType.FLOAT, 0, cols);
            }
            INDArray out = Nd4j.createUninitialized(DataType.FLOAT, new long[] {to - from, cols}, 'c');
            int start = (firstImage + from) * cols;
            int length = (to - from) * cols;
            FloatBuffer target = out.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
            float[] chunk = new float[Math.min(length, 1 << 14)];
            for (int off = 0; off < length; off += chunk.length) {
                int n = Math.min(chunk.length, length - off);
                for (int i = 0; i < n; i++) {
                    chunk[i] = BYTE_TO_UNIT[pixels[start + off + i] & 0xFF];
                }
                target.put(chunk, 0, n);
            }
            return out;
        }
    }

    /**
     * Reads a dataset from an IDX image file and, optionally, an IDX label file (each plain or gzip-compressed).
     *
     * @param images the image file (magic {@code 0x00000803})
     * @param labels the label file (magic {@code 0x00000801}), or null for an unlabelled dataset
     * @return the dataset, features {@code [count, rows*cols]} FLOAT in {@code [0, 1]}
     * @throws IdxFormatException if a file is malformed (see {@link IdxReader}), or if the label file holds a
     *                            different number of items than the image file (the message names both files)
     * @throws IOException        if a file cannot be read
     */
    public static ImageDataset fromIdx(Path images, Path labels) throws IOException {
        Objects.requireNonNull(images, "images");
        int[] lab = null;
        if (labels != null) {
            lab = IdxReader.readLabels(labels);
        }
        IdxImages img = IdxReader.readImages(images);
        if (lab != null && lab.length != img.count()) {
            throw new IdxFormatException(labels, "holds " + lab.length + " labels but image file " + images
                    + " holds " + img.count() + " images");
        }
        return of(img, lab);
    }

    /**
     * The number of images.
     *
     * @return {@code n}, the number of rows of {@link #features()}
     */
    @Override
    public int size() {
        return size;
    }

    /**
     * The shape of one image.
     *
     * @return the shape, e.g. {@code 1x28x28}
     */
    @Override
    public ImageShape shape() {
        return shape;
    }

    /**
     * The images, one flattened channel-first image per row.
     *
     * <p>For a dataset made from an array this is the dataset's own array (possibly a view of a larger one), not a
     * copy: <b>do not modify it</b>; use {@code features().dup()} for a private copy. For a dataset read from IDX
     * bytes (see the class comment) it is a new array converted from the bytes on every call: keep it rather
     * than calling this in a loop.
     *
     * @return array of shape {@code [n, c*h*w]}, {@link DataType#FLOAT}
     */
    @Override
    public INDArray features() {
        return features != null ? features : bytesToFloats(0, size);
    }

    /**
     * The images {@code from} (inclusive) to {@code toExclusive} as a new dataset (labels included), sharing memory
     * with this dataset (a view of its array, or its bytes).
     *
     * @param from        first index, {@code 0 <= from <= toExclusive}
     * @param toExclusive end index, {@code toExclusive <= size()}
     * @return a dataset of {@code toExclusive - from} images
     * @throws IndexOutOfBoundsException if the range is invalid
     */
    @Override
    public ImageDataset subset(int from, int toExclusive) {
        Objects.checkFromToIndex(from, toExclusive, size());
        if (from == 0 && toExclusive == size()) {
            return this;
        }
        int[] lab = labelRange(from, toExclusive);
        if (features == null) {
            return new ImageDataset(pixels, firstImage + from, toExclusive - from, lab, shape);
        }
        return new ImageDataset(rows(from, toExclusive), lab, shape);
    }

    /**
     * This dataset with its images held as floats, for data read many times (a validation set scored after every
     * epoch): itself if it already holds an array; else a new dataset (labels included) whose {@link #features()} is
     * one array converted from the bytes now, four times their memory, and returned by every call.
     *
     * <p>Why it matters: each {@link #features()} of a dataset of bytes makes a new native array that only a garbage
     * collection frees, and the Java heap can stay small enough for none to run for a long time; scoring the 10,000
     * MNIST test images from their bytes after every epoch grew a training process by about 31 MB an epoch.
     *
     * @return a dataset holding the same images as floats
     */
    @Override
    public ImageDataset asFloats() {
        return features != null ? this : new ImageDataset(features(), sharedLabels(), shape);
    }

    /**
     * The first {@code n} images (or all of them if there are fewer).
     *
     * @param n number of images, {@code >= 0}
     * @return {@code subset(0, min(n, size()))}
     * @throws IllegalArgumentException if {@code n < 0}
     */
    @Override
    public ImageDataset first(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, but was " + n);
        }
        return subset(0, Math.min(n, size()));
    }

    /**
     * A statically binarized copy: each pixel becomes {@code 1} if it is strictly greater than {@code threshold},
     * else {@code 0} (e.g. {@code binarize(0.5)} for the usual binarized MNIST).
     *
     * @param threshold the threshold, a finite number (pixel values are in {@code [0, 1]})
     * @return a new dataset with the same labels and shape and a new FLOAT feature array of 0s and 1s
     * @throws IllegalArgumentException if {@code threshold} is NaN or infinite
     */
    public ImageDataset binarize(double threshold) {
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("threshold must be finite, but was " + threshold);
        }
        INDArray f = features();
        INDArray bin = size() == 0 ? f.dup() : f.gt(threshold).castTo(DataType.FLOAT);
        return new ImageDataset(bin, sharedLabels(), shape);
    }

    /**
     * A stochastically binarized copy, drawn once: each pixel becomes {@code 1} with probability equal to its value,
     * else {@code 0}, from a generator seeded with {@code seed}. With a fixed seed this is the test set of the
     * published log-likelihoods on "dynamically binarized" MNIST (Burda et al. 2016, section 5); training sets are
     * binarized afresh every epoch instead ({@link org.vae4j.VaeConfig#dynamicBinarization()}).
     *
     * @param seed seeds the draws
     * @return a new dataset with the same labels and shape and a new FLOAT feature array of 0s and 1s
     * @throws InvalidDataException if a pixel value is outside [0, 1] or NaN
     */
    public ImageDataset sampleBinarized(long seed) {
        INDArray probabilities = features != null ? features.castTo(DataType.FLOAT) : features();
        INDArray bin = Nd4j.create(DataType.FLOAT, probabilities.shape());
        if (size() > 0) {
            Binarization.sample(probabilities, bin, new java.util.SplittableRandom(seed), "dataset");
        }
        return new ImageDataset(bin, sharedLabels(), shape);
    }

    /**
     * Mini-batches in dataset order, for evaluation. Each batch {@code [b, c*h*w]} is a view of the dataset's array
     * (do not modify it) or, for a dataset of IDX bytes, a new array; the last batch may be smaller.
     *
     * @param batchSize images per batch, {@code > 0}
     * @return the batches; each {@code iterator()} is one pass over the dataset
     * @throws IllegalArgumentException if {@code batchSize <= 0}
     */
    @Override
    public MiniBatches batches(int batchSize) {
        return new MiniBatches(this, batchSize, null);
    }

    /**
     * Shuffled mini-batches for training. Each {@code iterator()} call is one epoch: it draws a new permutation
     * of all indices with a Fisher-Yates shuffle using {@code rng.nextInt(bound)} and yields batches
     * {@code [b, c*h*w]} gathered into new arrays (not views). Every image appears exactly
     * once per epoch; the last batch may be smaller. The same generator state gives the same order.
     *
     * @param batchSize images per batch, {@code > 0}
     * @param rng       the random generator, e.g. {@code new SplittableRandom(42)}; consulted when an epoch's
     *                  iterator is created
     * @return the batches
     * @throws IllegalArgumentException if {@code batchSize <= 0}
     * @throws NullPointerException     if {@code rng} is null
     */
    @Override
    public MiniBatches shuffledBatches(int batchSize, RandomGenerator rng) {
        return new MiniBatches(this, batchSize, Objects.requireNonNull(rng, "rng"));
    }

    /**
     * Gathers the images at {@code indices}, in that order, into {@code target} (or a new array if it is null).
     *
     * @param indices image indices, each in {@code [0, size())}
     * @param target a {@code [indices.length, c*h*w]} FLOAT array whose elements fill its own buffer in row-major
     *     order (as made by {@code Nd4j.create}), or null
     * @return {@code target}, or the new array
     */
    @Override
    public INDArray gather(int[] indices, INDArray target) {
        if (features != null) {
            return target == null ? Nd4j.pullRows(features, 1, indices) : Nd4j.pullRows(features, target, 1, indices);
        }
        int cols = shape.size();
        INDArray out = target != null ? target
                : Nd4j.createUninitialized(DataType.FLOAT, new long[] {indices.length, cols}, 'c');
        FloatBuffer f = out.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
        float[] row = new float[cols];
        for (int r = 0; r < indices.length; r++) {
            int start = (firstImage + Objects.checkIndex(indices[r], size)) * cols;
            for (int c = 0; c < cols; c++) {
                row[c] = BYTE_TO_UNIT[pixels[start + c] & 0xFF];
            }
            f.put(row);
        }
        return out;
    }

    /**
     * Images {@code [from, to)} as a FLOAT array {@code [to - from, c*h*w]}; {@code to > from}: a view of the
     * dataset's array, or a new array converted from its bytes. The view is built on the data buffer directly: in
     * ND4J 1.0.0-M2.1, {@code get(interval(..))} on a view whose offset is not zero (a subset of a subset) returns
     * an empty array when the interval starts within the last {@code offset} elements of the view.
     */
    @Override
    public INDArray rows(int from, int toExclusive) {
        Objects.checkFromToIndex(from, toExclusive, size);
        if (features == null) {
            return bytesToFloats(from, toExclusive);
        }
        long cols = features.columns();
        return Nd4j.create(features.data(), new long[] {toExclusive - from, cols}, new long[] {cols, 1},
                features.offset() + from * cols, 'c');
    }

    /** @return a summary such as {@code ImageDataset[size=60000, shape=1x28x28, labels=true]} */
    @Override
    public String toString() {
        return "ImageDataset[size=" + size() + ", shape=" + shape + ", labels=" + hasLabels() + "]";
    }
}
