package org.vae4j.schedule;

/**
 * Where training is when a schedule is asked for its value.
 *
 * @param epoch the current epoch, from 1
 * @param iteration parameter updates done before this one in the whole run, from 0
 * @param iterationsPerEpoch mini-batches per epoch, {@code >= 1}
 * @param totalIterations parameter updates the whole run will make, {@code >= 1}
 */
public record TrainingStep(int epoch, long iteration, long iterationsPerEpoch, long totalIterations) {

    /**
     * @param epoch the current epoch, from 1
     * @param iteration parameter updates done before this one in the whole run, from 0
     * @param iterationsPerEpoch mini-batches per epoch, {@code >= 1}
     * @param totalIterations parameter updates the whole run will make, {@code >= 1}
     * @throws IllegalArgumentException naming the field if a value is out of range
     */
    public TrainingStep {
        if (epoch < 1) {
            throw new IllegalArgumentException("TrainingStep.epoch must be >= 1, got " + epoch);
        }
        if (iteration < 0) {
            throw new IllegalArgumentException("TrainingStep.iteration must be >= 0, got " + iteration);
        }
        if (iterationsPerEpoch < 1) {
            throw new IllegalArgumentException("TrainingStep.iterationsPerEpoch must be >= 1, got "
                    + iterationsPerEpoch);
        }
        if (totalIterations < 1) {
            throw new IllegalArgumentException("TrainingStep.totalIterations must be >= 1, got " + totalIterations);
        }
    }

    /** @return completed epochs as a fraction: 0 at the first update, 1.0 at the first update of epoch 2 */
    public double epochProgress() {
        return (double) iteration / iterationsPerEpoch;
    }
}
