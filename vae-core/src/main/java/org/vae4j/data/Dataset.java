package org.vae4j.data;

import java.util.Objects;
import java.util.random.RandomGenerator;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Examples to train and score on: {@code n} rows of one feature {@link #shape()} (a flat vector of d features,
 * {@code ImageShape.vector(d)}, for a table row or any vector; channels x height x width for an image), with optional
 * integer labels (classes, the condition of a conditional VAE, or which examples are anomalies).
 *
 * <p>Rows are read as FLOAT arrays {@code [rows, shape().size()]}: all at once ({@link #features()}), a range
 * ({@link #rows}) or gathered by index ({@link #gather}), which is all the mini-batches need, so a dataset need not
 * be in memory: {@link ImageDataset} holds its rows (as floats or as IDX bytes), {@link FileDataset} reads them from
 * a file on disk, batch by batch.
 *
 * <p>Implementations are immutable (by contract for arrays they return as views) and safe to read from several
 * threads.
 */
public interface Dataset {

    /** @return the number of examples */
    int size();

    /** @return the shape of one example; {@code shape().size()} features per row */
    ImageShape shape();

    /**
     * The width of a row, whatever its shape: for a table or any flat vector the number that matters
     * ({@code shape()} is then {@code ImageShape.vector(featureCount())}).
     *
     * @return features per example, {@code shape().size()}
     */
    default int featureCount() {
        return shape().size();
    }

    /**
     * Every example as one array. A dataset that is not in memory reads all of it: prefer {@link #rows} in chunks.
     *
     * @return {@code [size(), shape().size()]}, FLOAT; do not modify it
     */
    INDArray features();

    /**
     * Examples {@code from} (inclusive) to {@code toExclusive}.
     *
     * @param from first index
     * @param toExclusive end index, {@code > from}
     * @return {@code [toExclusive - from, shape().size()]}, FLOAT; a view or a new array: do not modify it
     * @throws IndexOutOfBoundsException if the range is not within {@code [0, size())}
     */
    INDArray rows(int from, int toExclusive);

    /**
     * Gathers the examples at {@code indices}, in that order.
     *
     * @param indices example indices, each in {@code [0, size())}
     * @param target a FLOAT {@code [indices.length, shape().size()]} array, contiguous, not a view (as made by
     *     {@code Nd4j.create}) to fill, or null for a new array
     * @return {@code target}, or the new array
     */
    INDArray gather(int[] indices, INDArray target);

    /** @return whether the dataset has labels */
    boolean hasLabels();

    /**
     * @return a copy of the labels, one per example
     * @throws IllegalStateException if the dataset has none
     */
    int[] labels();

    /**
     * @param i an example index
     * @return its label
     * @throws IllegalStateException if the dataset has no labels
     * @throws IndexOutOfBoundsException if {@code i} is out of range
     */
    int label(int i);

    /**
     * Examples {@code from} to {@code toExclusive} as a dataset (labels included), sharing storage with this one.
     *
     * @param from first index
     * @param toExclusive end index
     * @return the subset
     * @throws IndexOutOfBoundsException if the range is invalid
     */
    Dataset subset(int from, int toExclusive);

    /**
     * @param n examples, {@code >= 0}
     * @return the first {@code min(n, size())} examples
     * @throws IllegalArgumentException if {@code n < 0}
     */
    default Dataset first(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, but was " + n);
        }
        return subset(0, Math.min(n, size()));
    }

    /**
     * This dataset held in memory as floats, for data read many times (a validation set scored after every epoch).
     *
     * @return an in-memory dataset of the same examples and labels (this one if it already is one)
     */
    default Dataset asFloats() {
        return ImageDataset.of(features(), hasLabels() ? labels() : null, shape());
    }

    /**
     * Mini-batches in dataset order.
     *
     * @param batchSize examples per batch, {@code > 0}
     * @return the batches; each {@code iterator()} is one pass
     * @throws IllegalArgumentException if {@code batchSize <= 0}
     */
    default MiniBatches batches(int batchSize) {
        return new MiniBatches(this, batchSize, null);
    }

    /**
     * Shuffled mini-batches: each {@code iterator()} is one epoch in a new order drawn from {@code rng} (see
     * {@link MiniBatches}).
     *
     * @param batchSize examples per batch, {@code > 0}
     * @param rng the generator, consulted when an epoch's iterator is created
     * @return the batches
     * @throws IllegalArgumentException if {@code batchSize <= 0}
     */
    default MiniBatches shuffledBatches(int batchSize, RandomGenerator rng) {
        return new MiniBatches(this, batchSize, Objects.requireNonNull(rng, "rng"));
    }
}
