package org.vae4j.quality;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.data.ImageShape;

/** Checks that images fit the classifier before they reach the graph. */
final class ImageChecks {
    private static final int ROWS_PER_SCAN = 1000;

    private ImageChecks() {
    }

    /**
     * @param images the images
     * @param shape the shape of one image they must have
     * @param name names them in messages, e.g. "generated images"
     * @throws InvalidImagesException naming {@code name}, the expected and the actual shape if {@code images} is not
     *     {@code [n, shape.size()]} with n &gt; 0, or the row and column of the first value outside [0, 1] or NaN
     * @throws NullPointerException naming {@code name} if {@code images} is null
     */
    static void check(INDArray images, ImageShape shape, String name) {
        if (images == null) {
            throw new NullPointerException(name);
        }
        if (images.rank() != 2 || images.columns() != shape.size() || images.rows() == 0) {
            throw new InvalidImagesException(name + " must be [n, " + shape.size() + "] (n > 0 images of shape "
                    + shape + ", flattened channel-first), got shape " + Arrays.toString(images.shape()));
        }
        // a copy of a view: get(interval) on a view with an offset can return an empty array in ND4J 1.0.0-M2.1
        INDArray plain = images.isView() ? images.dup('c') : images;
        long rows = plain.rows();
        for (long from = 0; from < rows; from += ROWS_PER_SCAN) {
            long to = Math.min(rows, from + ROWS_PER_SCAN);
            INDArray part = plain.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
            double[][] values = part.castTo(DataType.DOUBLE).toDoubleMatrix();
            for (int r = 0; r < values.length; r++) {
                for (int c = 0; c < values[r].length; c++) {
                    double v = values[r][c];
                    if (!(v >= 0 && v <= 1)) {
                        throw new InvalidImagesException(name + " (shape " + Arrays.toString(images.shape())
                                + ", images of shape " + shape + "): row " + (from + r) + ", column " + c
                                + " is " + v + ", outside [0, 1]");
                    }
                }
            }
        }
    }
}
