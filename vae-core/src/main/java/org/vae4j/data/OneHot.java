package org.vae4j.data;

import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One-hot encoding of integer labels, the usual condition vector y of a conditional VAE: label c becomes the row
 * with a 1 in column c and 0 elsewhere.
 */
public final class OneHot {
    private OneHot() {
    }

    /**
     * @param labels the labels, each in {@code [0, classes)}
     * @param classes the number of classes (columns), {@code > 0}
     * @return {@code [labels.length, classes]}, FLOAT
     * @throws IllegalArgumentException naming the index if a label is out of range, or if {@code classes} is not
     *     positive
     */
    public static INDArray encode(int[] labels, int classes) {
        Objects.requireNonNull(labels, "labels");
        if (classes <= 0) {
            throw new IllegalArgumentException("classes must be positive, got " + classes);
        }
        float[] values = new float[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + i + " is " + labels[i] + ", outside [0, " + classes
                        + ")");
            }
            values[i * classes + labels[i]] = 1f;
        }
        return Nd4j.create(values, new long[] {labels.length, classes}, DataType.FLOAT);
    }

    /**
     * One-hot labels of a dataset, checked.
     *
     * @param data a labelled dataset
     * @param classes the number of classes, {@code > 0}
     * @param what names the data in messages, such as "training set"
     * @return {@code [data.size(), classes]}, FLOAT
     * @throws InvalidDataException if the dataset has no labels or a label is outside {@code [0, classes)} (naming
     *     the first such example)
     */
    public static INDArray of(Dataset data, int classes, String what) {
        if (!data.hasLabels()) {
            throw new InvalidDataException(what, -1, what + " has no labels, but a conditional VAE (conditionSize "
                    + classes + ") is conditioned on its one-hot labels");
        }
        int[] labels = data.labels();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new InvalidDataException(what, i, what + " example " + i + " has label " + labels[i]
                        + ", outside [0, " + classes + ") = [0, conditionSize)");
            }
        }
        return encode(labels, classes);
    }
}
