package org.vae4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.ImageShape;

/**
 * One partition's training examples, cached on its executor: the rows as one flat float array
 * {@code [rows * width]}, and the first row whose width differs from the first row's, if any (reported by the
 * driver's check instead of failing inside a task). The in-memory {@link ImageDataset} is built once per executor,
 * on first use, and kept with the cached block.
 */
final class Block implements Serializable {
    private static final long serialVersionUID = 1L;

    final int partition;
    final int rows;
    final int width;
    final float[] data;
    /** Row (within the partition) of the first row of another width, or -1. */
    final int badRow;
    final int badWidth;
    private transient ImageDataset dataset;

    private Block(int partition, int rows, int width, float[] data, int badRow, int badWidth) {
        this.partition = partition;
        this.rows = rows;
        this.width = width;
        this.data = data;
        this.badRow = badRow;
        this.badWidth = badWidth;
    }

    /** Reads a partition's rows into a block. */
    static Block of(int partition, Iterator<float[]> rows) {
        List<float[]> list = new ArrayList<>();
        rows.forEachRemaining(list::add);
        int width = list.isEmpty() ? 0 : list.get(0).length;
        int badRow = -1;
        int badWidth = 0;
        float[] data = new float[Math.multiplyExact(list.size(), width)];
        for (int r = 0; r < list.size(); r++) {
            float[] row = list.get(r);
            if (row.length != width) {
                badRow = r;
                badWidth = row.length;
                data = new float[0];
                break;
            }
            System.arraycopy(row, 0, data, r * width, width);
        }
        return new Block(partition, badRow < 0 ? list.size() : 0, width, data, badRow, badWidth);
    }

    /** @param shape the examples' shape, if it has {@link #width} features
     * @return the rows as an in-memory dataset, {@code [rows, width]} FLOAT, built on first use */
    synchronized ImageDataset dataset(ImageShape shape) {
        if (dataset == null) {
            dataset = ImageDataset.of(Nd4j.create(data, new long[] {rows, width}, 'c'), null,
                    shape.size() == width ? shape : ImageShape.vector(width));
        }
        return dataset;
    }
}
