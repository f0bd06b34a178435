package org.vae4j;

/**
 * Sees a training run as it goes. Methods are called on the training thread; a listener that throws stops the
 * run. Both methods do nothing by default.
 */
public interface TrainingListener {

    /**
     * Called after every parameter update.
     *
     * @param record what the iteration measured
     */
    default void iterationDone(IterationRecord record) {
    }

    /**
     * Called after every epoch (and after its validation).
     *
     * @param record what the epoch measured
     * @param model the model being trained, with the parameters reached so far; it changes when training goes on,
     *     so use it within this call (e.g. to write samples) and do not keep it
     */
    default void epochDone(EpochRecord record, Vae model) {
    }
}
