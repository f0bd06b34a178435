package org.vae4j.gan;

/**
 * Sees a GAN training run as it goes. Methods are called on the training thread; a listener that throws stops the
 * run with that exception. All methods do nothing by default.
 */
public interface GanListener {
    /**
     * Called after every batch (its discriminator update and the generator update that may follow it).
     *
     * @param record what the batch measured
     */
    default void iterationDone(GanIterationRecord record) {
    }

    /**
     * Called after every epoch.
     *
     * @param record what the epoch measured
     * @param model the model being trained, with the parameters reached so far; use it within this call (e.g. to
     *     write a grid of {@link Gan#generate(org.nd4j.linalg.api.ndarray.INDArray)} from {@link Gan#fixedNoise})
     */
    default void epochDone(GanEpochRecord record, Gan model) {
    }

    /**
     * Asked after every epoch, once {@link #epochDone} has been called on every listener.
     *
     * @param record what the epoch measured
     * @return true to stop training after this epoch (the result then holds the epochs so far)
     */
    default boolean stopAfter(GanEpochRecord record) {
        return false;
    }

    /**
     * A listener that stops training after an epoch in which the discriminator won
     * ({@link GanEpochRecord#discriminatorWon()}).
     *
     * @return the listener
     */
    static GanListener stopWhenDiscriminatorWins() {
        return new GanListener() {
            @Override
            public boolean stopAfter(GanEpochRecord record) {
                return record.discriminatorWon();
            }
        };
    }
}
