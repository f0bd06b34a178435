package org.vae4j.train;

/**
 * Training diverged: it produced a NaN or infinite loss or gradient (thrown at the iteration where it happened, before
 * that iteration's update), or the epoch's mean training ELBO ran away from the run's best while staying finite
 * (thrown at the end of that epoch; the rule: an order of magnitude worse than the best, or three epochs in a row each
 * worse and together two magnitudes of the bound worse, see docs/faq.md). Checkpoints written so far stay on disk
 * unchanged. The message names the epoch, the iteration,
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
    /** What became NaN or infinite (the loss, or the gradient of a named parameter) or ran away (the epoch ELBO). */
    private final String quantity;
    /** The value it took: NaN or an infinity, or the runaway epoch ELBO. */
    private final double value;

    /**
     * @param epoch the epoch, from 1
     * @param iteration the iteration (parameter update) whose computation produced the value, from 1 (for the epoch
     *     ELBO, the epoch's last iteration)
     * @param quantity what is not finite, such as "the loss" or "the gradient of encoder/hidden0/W (sum)", or ran
     *     away, "the epoch's mean training ELBO"
     * @param value the non-finite value, or the runaway ELBO (nats per example)
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

    /**
     * @return what is not finite, such as "the loss" or "the gradient of encoder/hidden0/W (sum)", or ran away, "the
     *     epoch's mean training ELBO"
     */
    public String quantity() {
        return quantity;
    }

    /** @return the non-finite value (NaN or an infinity), or the runaway epoch ELBO in nats per example */
    public double value() {
        return value;
    }
}
