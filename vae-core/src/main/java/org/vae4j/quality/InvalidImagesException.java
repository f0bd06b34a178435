package org.vae4j.quality;

/**
 * Thrown when images handed to a sample-quality measure do not fit the classifier: the wrong shape (not
 * {@code [n, 784]} for {@code 1x28x28} MNIST images), or a pixel value outside [0, 1] or NaN. The message names the
 * images (e.g. "generated images"), the expected and the actual shape, and for a bad value its row and column.
 */
public final class InvalidImagesException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message says what is wrong, naming the images and the shape */
    InvalidImagesException(String message) {
        super(message);
    }
}
