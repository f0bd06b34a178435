package org.vae4j;

import java.util.List;

/**
 * The per-epoch record of a training run, oldest first.
 *
 * @param epochs one record per completed epoch
 */
public record TrainingHistory(List<EpochRecord> epochs) {

    /**
     * Copies the list.
     *
     * @param epochs one record per completed epoch
     */
    public TrainingHistory {
        epochs = List.copyOf(epochs);
    }

    /**
     * @return the last epoch's record
     * @throws java.util.NoSuchElementException if no epoch ran
     */
    public EpochRecord last() {
        if (epochs.isEmpty()) {
            throw new java.util.NoSuchElementException("no epoch was trained");
        }
        return epochs.get(epochs.size() - 1);
    }
}
