package org.vae4j.data;

/**
 * The shape of one image: number of channels, height and width, all in pixels (channels are a count).
 *
 * <p>Images are stored flattened in channel-first ("CHW") order, so a dataset of {@code n} images is an array of
 * shape {@code [n, channels * height * width]}; for MNIST this is {@code ImageShape(1, 28, 28)} and rows of
 * length {@code 784}.
 *
 * @param channels number of colour channels, {@code > 0} (1 for grayscale, 3 for RGB)
 * @param height   image height in pixels, {@code > 0}
 * @param width    image width in pixels, {@code > 0}
 */
public record ImageShape(int channels, int height, int width) {

    /**
     * Validates the components.
     *
     * @param channels number of colour channels, {@code > 0}
     * @param height   image height in pixels, {@code > 0}
     * @param width    image width in pixels, {@code > 0}
     * @throws IllegalArgumentException if a component is not positive (the message names it), or if
     *                                  {@code channels * height * width} does not fit in an {@code int}
     */
    public ImageShape {
        requirePositive("channels", channels);
        requirePositive("height", height);
        requirePositive("width", width);
        long size = (long) channels * height * width;
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("image size channels*height*width = " + size
                    + " does not fit in an int (channels=" + channels + ", height=" + height
                    + ", width=" + width + ")");
        }
    }

    /**
     * A single-channel (grayscale) shape.
     *
     * @param height image height in pixels, {@code > 0}
     * @param width  image width in pixels, {@code > 0}
     * @return {@code new ImageShape(1, height, width)}
     * @throws IllegalArgumentException if a dimension is not positive
     */
    public static ImageShape grayscale(int height, int width) {
        return new ImageShape(1, height, width);
    }

    /**
     * The shape of a flat vector of features, as a one-pixel-high single-channel image.
     *
     * @param size the number of features, {@code > 0}
     * @return {@code new ImageShape(1, 1, size)}
     * @throws IllegalArgumentException if {@code size} is not positive
     */
    public static ImageShape vector(int size) {
        return new ImageShape(1, 1, size);
    }

    /**
     * The number of values in one flattened image.
     *
     * @return {@code channels * height * width}, e.g. {@code 784} for MNIST
     */
    public int size() {
        return channels * height * width;
    }

    private static void requirePositive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("ImageShape." + field + " must be > 0, but was " + value);
        }
    }

    /** @return e.g. {@code "1x28x28"} (channels x height x width) */
    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
