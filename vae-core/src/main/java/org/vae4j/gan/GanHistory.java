package org.vae4j.gan;

import java.util.List;
import java.util.Objects;

/**
 * The epochs that produced a {@link Gan}'s parameters, in order from epoch 1.
 *
 * @param epochs the records, epoch i + 1 at index i
 */
public record GanHistory(List<GanEpochRecord> epochs) {
    /**
     * @param epochs the records, epoch i + 1 at index i
     * @throws NullPointerException if {@code epochs} is null
     */
    public GanHistory {
        epochs = List.copyOf(Objects.requireNonNull(epochs, "epochs"));
    }

    /** @return the last epoch's record, or null before training */
    public GanEpochRecord last() {
        return epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
    }
}
