package org.vae4j.data;

import java.util.Objects;

/**
 * The raw content of an IDX image file, as read by {@link IdxReader#readImages(java.nio.file.Path)}.
 *
 * <p>{@code pixels} holds {@code count * rows * cols} <em>unsigned</em> bytes (0..255; use
 * {@code b & 0xFF} or {@link #pixel(int, int, int)}), image after image, each image row after row. The array is
 * not copied: treat it as read-only. Like all records with array components, {@code equals} compares the array by
 * identity.
 *
 * @param count  number of images, {@code >= 0}
 * @param rows   image height in pixels, {@code > 0}
 * @param cols   image width in pixels, {@code > 0}
 * @param pixels the pixel bytes, length {@code count * rows * cols}
 */
public record IdxImages(int count, int rows, int cols, byte[] pixels) {

    /**
     * Validates the components.
     *
     * @param count  number of images, {@code >= 0}
     * @param rows   image height in pixels, {@code > 0}
     * @param cols   image width in pixels, {@code > 0}
     * @param pixels the pixel bytes, length {@code count * rows * cols}
     * @throws IllegalArgumentException if {@code count < 0}, {@code rows <= 0}, {@code cols <= 0}, or the
     *                                  length of {@code pixels} is not {@code count * rows * cols}
     * @throws NullPointerException     if {@code pixels} is null
     */
    public IdxImages {
        Objects.requireNonNull(pixels, "pixels");
        if (count < 0) {
            throw new IllegalArgumentException("IdxImages.count must be >= 0, but was " + count);
        }
        if (rows <= 0) {
            throw new IllegalArgumentException("IdxImages.rows must be > 0, but was " + rows);
        }
        if (cols <= 0) {
            throw new IllegalArgumentException("IdxImages.cols must be > 0, but was " + cols);
        }
        long expected = (long) count * rows * cols;
        if (pixels.length != expected) {
            throw new IllegalArgumentException("IdxImages.pixels has length " + pixels.length + " but count*rows*cols = "
                    + expected);
        }
    }

    /**
     * The shape of one image: one channel, {@code rows} high, {@code cols} wide.
     *
     * @return {@code ImageShape(1, rows, cols)}
     */
    public ImageShape shape() {
        return new ImageShape(1, rows, cols);
    }

    /**
     * One pixel as an unsigned value.
     *
     * @param image index of the image, {@code 0 <= image < count}
     * @param row   pixel row, {@code 0 <= row < rows}
     * @param col   pixel column, {@code 0 <= col < cols}
     * @return the pixel value in 0..255
     * @throws IndexOutOfBoundsException if an index is out of range
     */
    public int pixel(int image, int row, int col) {
        Objects.checkIndex(image, count);
        Objects.checkIndex(row, rows);
        Objects.checkIndex(col, cols);
        return pixels[(image * rows + row) * cols + col] & 0xFF;
    }

    /** @return a summary such as {@code IdxImages[count=60000, rows=28, cols=28]} (no pixel data) */
    @Override
    public String toString() {
        return "IdxImages[count=" + count + ", rows=" + rows + ", cols=" + cols + "]";
    }
}
