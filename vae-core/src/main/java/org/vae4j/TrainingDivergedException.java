package org.vae4j;

/**
 * Training produced a NaN or infinite loss. The message names the epoch and iteration and the likely causes.
 */
public class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final long iteration;

    /**
     * @param epoch the epoch, from 1
     * @param iteration the iteration (parameter update) that produced the value, from 1
     * @param value the non-finite loss
     */
    public TrainingDivergedException(int epoch, long iteration, double value) {
        super("Training loss became " + value + " at epoch " + epoch + ", iteration " + iteration
                + ". Likely causes: a learning rate too high for this model, or data outside the range the"
                + " likelihood accepts.");
        this.epoch = epoch;
        this.iteration = iteration;
    }

    /** @return the epoch, from 1 */
    public int epoch() {
        return epoch;
    }

    /** @return the iteration, from 1 */
    public long iteration() {
        return iteration;
    }
}
