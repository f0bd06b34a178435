package org.vae4j.data;

import java.io.IOException;

/**
 * Thrown when a dataset (such as {@link org.vae4j.data.mnist.Mnist}) cannot be found locally and cannot be obtained either, or when a
 * folder the user named does not hold the expected files.
 *
 * <p>The message says what was tried and how to fix it (for MNIST: which folder to name with
 * {@code -Dvae4j.mnist.dir} / {@code VAE4J_MNIST_DIR}, or where the cache folder is). The individual failures
 * (download errors, checksum mismatches, ...) are attached as {@linkplain #getSuppressed() suppressed}
 * exceptions.
 */
public class DatasetUnavailableException extends IOException {

    /**
     * Creates the exception.
     *
     * @param message what is missing, what was tried and what the user can do
     */
    public DatasetUnavailableException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what is missing, what was tried and what the user can do
     * @param cause   the underlying exception, may be null
     */
    public DatasetUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
