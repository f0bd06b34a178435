package org.vae4j.spark;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.data.Dataset;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.ImageShape;

/**
 * What the driver's training loop sees of a training set that lives on the executors: its size and shape (the batch
 * schedule needs no more) and its first examples, held here, on which the trainer computes the latent diagnostics
 * after each epoch when there is no validation set. Reading other rows is refused.
 */
final class DriverView implements Dataset {
    private final int size;
    private final ImageShape shape;
    private final ImageDataset head;

    DriverView(int size, ImageShape shape, ImageDataset head) {
        this.size = size;
        this.shape = shape;
        this.head = head;
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
        throw remote();
    }

    @Override
    public INDArray rows(int from, int toExclusive) {
        if (toExclusive <= head.size()) {
            return head.rows(from, toExclusive);
        }
        throw remote();
    }

    @Override
    public INDArray gather(int[] indices, INDArray target) {
        throw remote();
    }

    @Override
    public boolean hasLabels() {
        return false;
    }

    @Override
    public int[] labels() {
        throw new IllegalStateException("the Spark training set has no labels");
    }

    @Override
    public int label(int i) {
        throw new IllegalStateException("the Spark training set has no labels");
    }

    @Override
    public Dataset subset(int from, int toExclusive) {
        if (toExclusive <= head.size()) {
            return head.subset(from, toExclusive);
        }
        throw remote();
    }

    private static UnsupportedOperationException remote() {
        return new UnsupportedOperationException("the rows of a Spark training set are read on the executors");
    }
}
