package org.vae4j.data;

/**
 * Thrown before training or scoring when data does not fit the model: the wrong number of features or image shape
 * for the configuration's {@code inputShape}, an empty dataset, NaN or infinite values, values outside the range the
 * likelihood accepts (for example a pixel of 255 for a Bernoulli likelihood, which needs [0, 1]), or, for a
 * conditional VAE, missing labels or a label outside {@code [0, conditionSize)}.
 *
 * <p>The message names the dataset (such as "training set") and, for a bad value, the first offending example
 * (row) and feature (column) and the value. It is an {@link IllegalArgumentException}: the data is an argument of
 * the call that rejected it.
 */
public class InvalidDataException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The name of the data, such as "training set". */
    private final String dataset;
    /** The index of the first offending example (row), or -1 if the problem is not one example's. */
    private final long example;

    /**
     * @param dataset names the data, such as "training set"
     * @param example the index of the first offending example (row), or -1 if the problem is not one example's
     * @param message the full message
     */
    public InvalidDataException(String dataset, long example, String message) {
        super(message);
        this.dataset = dataset;
        this.example = example;
    }

    /** @return the name of the data, such as "training set" */
    public String dataset() {
        return dataset;
    }

    /** @return the index of the first offending example (row), or -1 if the problem is not one example's */
    public long example() {
        return example;
    }
}
