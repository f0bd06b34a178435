package org.vae4j.schedule;

/** The unit in which a schedule's length is counted. */
public enum StepUnit {
    /** Parameter updates (mini-batches). */
    ITERATIONS,
    /** Passes over the training set; fractional progress within an epoch counts. */
    EPOCHS;

    /** @return how far training is, in this unit */
    double progress(TrainingStep step) {
        return this == ITERATIONS ? step.iteration() : step.epochProgress();
    }
}
