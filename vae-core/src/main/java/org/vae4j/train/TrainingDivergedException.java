package org.vae4j.train;

/**
 * Training produced a NaN or infinite loss or gradient. Thrown at the iteration where it happened, before that
 * iteration's update; checkpoints written so far stay on disk unchanged. The message names the epoch, the iteration,
 * the quantity (the loss, or the gradient of a named parameter), its value and the likely cause, for example:
 * <pre>
 * Training diverged at epoch 1, iteration 3: the loss is NaN. Likely cause: the loss grew from 550.8584677028656
 * (first iteration of this run) to 2.9087212013913286E20 before: the learning rate (Sgd learning rate 10000.0) is
 * too high for this model. ...
 * </pre>
 */
public class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The epoch in which training diverged, from 1. */
    private final int epoch;
    /** The iteration (parameter update) whose computation produced the value, from 1. */
    private final long iteration;
    /** What became NaN or infinite: the loss, or the gradient of a named parameter. */
    private final String quantity;
    /** The value it took: NaN or an infinity. */
    private final double value;

    /**
     * @param epoch the epoch, from 1
     * @param iteration the iteration (parameter update) whose computation produced the value, from 1
     * @param quantity what is not finite, such as "the loss" or "the gradient of encoder/hidden0/W (sum)"
     * @param value the non-finite value
     * @param likelyCause a sentence or two on the likely cause and what to do
     */
    public TrainingDivergedException(int epoch, long iteration, String quantity, double value, String likelyCause) {
        super("Training diverged at epoch " + epoch + ", iteration " + iteration + ": " + quantity + " is " + value
                + ". Likely cause: " + likelyCause);
        this.epoch = epoch;
        this.iteration = iteration;
        this.quantity = quantity;
        this.value = value;
    }

    /** @return the epoch, from 1 */
    public int epoch() {
        return epoch;
    }

    /** @return the iteration, from 1, counted over the whole run (as {@code org.vae4j.IterationRecord} counts) */
    public long iteration() {
        return iteration;
    }

    /** @return what is not finite, such as "the loss" or "the gradient of encoder/hidden0/W (sum)" */
    public String quantity() {
        return quantity;
    }

    /** @return the non-finite value (NaN or an infinity) */
    public double value() {
        return value;
    }
}
