package org.vae4j.data;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.random.RandomGenerator;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The mini-batches of a {@link Dataset}, in order or shuffled; obtained from
 * {@link Dataset#batches(int)} or {@link Dataset#shuffledBatches(int, RandomGenerator)}.
 *
 * <p>Each call of {@link #iterator()} is one pass (epoch) over the dataset. For shuffled batches it draws a fresh
 * permutation from the generator, so iterating the same {@code MiniBatches} twice gives two different orders, and
 * two instances built with equally seeded generators give the same orders. Typical use:
 * <pre>{@code
 * MiniBatches batches = train.shuffledBatches(128, new SplittableRandom(42));
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *     for (INDArray x : batches) {   // x: [b, 784], b <= 128
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>Not thread-safe when shuffled (the generator is shared).
 */
public final class MiniBatches implements Iterable<INDArray> {

    private final Dataset dataset;
    private final int batchSize;
    private final RandomGenerator rng;
    private final boolean reuse;
    private final Map<Integer, INDArray> buffers = new HashMap<>();

    MiniBatches(Dataset dataset, int batchSize, RandomGenerator rng) {
        this(dataset, batchSize, rng, false);
    }

    private MiniBatches(Dataset dataset, int batchSize, RandomGenerator rng, boolean reuse) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0, but was " + batchSize);
        }
        this.dataset = dataset;
        this.batchSize = batchSize;
        this.rng = rng;
        this.reuse = reuse;
    }

    /**
     * The same batches, gathered into one reused array per batch size instead of a new array per batch, so that a
     * training loop allocates no memory for its data. A batch is valid until the next call to {@code next()}.
     *
     * @return batches sharing their arrays
     */
    public MiniBatches reusingArrays() {
        return new MiniBatches(dataset, batchSize, rng, true);
    }

    /**
     * The configured batch size.
     *
     * @return images per batch (the last batch of an epoch may hold fewer)
     */
    public int batchSize() {
        return batchSize;
    }

    /**
     * The number of batches per epoch.
     *
     * @return {@code ceil(size / batchSize)}; 0 for an empty dataset
     */
    public int batchCount() {
        return (int) ((dataset.size() + (long) batchSize - 1) / batchSize);
    }

    /**
     * Whether batches are shuffled.
     *
     * @return true if created by {@link ImageDataset#shuffledBatches(int, RandomGenerator)}
     */
    public boolean shuffled() {
        return rng != null;
    }

    /**
     * Starts one epoch. For shuffled batches this draws the epoch's permutation now.
     *
     * @return an iterator over the epoch's batches
     */
    @Override
    public BatchIterator iterator() {
        int n = dataset.size();
        int[] order = null;
        if (rng != null) {
            order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return new BatchIterator(order);
    }

    /**
     * Iterator over one epoch's batches. Besides the batch arrays it can report which dataset rows the last batch
     * holds, e.g. to look up their labels.
     */
    public final class BatchIterator implements Iterator<INDArray> {
        private final int[] order;
        private int position;
        private int lastFrom = -1;
        private int lastTo = -1;

        private BatchIterator(int[] order) {
            this.order = order;
        }

        /** @return true if another batch remains in this epoch */
        @Override
        public boolean hasNext() {
            return position < dataset.size();
        }

        /**
         * The next batch.
         *
         * @return array {@code [b, c*h*w]}, FLOAT; in-order batches are views of the dataset's array (do not
         *         modify) or, for a dataset of IDX bytes, new arrays; shuffled batches are new arrays (or the reused
         *         one, see {@link #reusingArrays()})
         * @throws NoSuchElementException if the epoch is over
         */
        @Override
        public INDArray next() {
            advance();
            int from = lastFrom;
            int to = lastTo;
            if (order == null) {
                return dataset.rows(from, to);
            }
            int[] idx = Arrays.copyOfRange(order, from, to);
            if (!reuse) {
                return dataset.gather(idx, null);
            }
            INDArray buffer = buffers.computeIfAbsent(idx.length,
                    b -> Nd4j.create(DataType.FLOAT, b, dataset.shape().size()));
            return dataset.gather(idx, buffer);
        }

        /**
         * Advances to the next batch like {@link #next()} without reading its rows (for a loop whose data lives
         * elsewhere, e.g. on the workers of a cluster).
         *
         * @return the batch's dataset row indices, in batch-row order
         * @throws NoSuchElementException if the epoch is over
         */
        public int[] nextIndices() {
            advance();
            return indices();
        }

        /** Moves {@code [lastFrom, lastTo)} to the next batch; throws if the epoch is over. */
        private void advance() {
            if (!hasNext()) {
                throw new NoSuchElementException("epoch finished: all " + dataset.size() + " images were returned");
            }
            lastFrom = position;
            lastTo = Math.min(dataset.size(), position + batchSize);
            position = lastTo;
        }

        /**
         * The dataset row indices of the batch last returned by {@link #next()}, in batch-row order.
         *
         * @return a new array of length {@code b}
         * @throws IllegalStateException if {@code next()} has not been called yet
         */
        public int[] indices() {
            if (lastFrom < 0) {
                throw new IllegalStateException("next() has not been called yet");
            }
            if (order != null) {
                return Arrays.copyOfRange(order, lastFrom, lastTo);
            }
            int[] idx = new int[lastTo - lastFrom];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = lastFrom + i;
            }
            return idx;
        }
    }

    /** @return a summary such as {@code MiniBatches[size=60000, batchSize=128, shuffled=true]} */
    @Override
    public String toString() {
        return "MiniBatches[size=" + dataset.size() + ", batchSize=" + batchSize + ", shuffled=" + shuffled() + "]";
    }
}
