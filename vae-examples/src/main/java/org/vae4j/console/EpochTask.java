package org.vae4j.console;

import java.util.Locale;

/**
 * The {@link Progress} task of the running epoch, for the training progress listeners ({@link TrainingProgress},
 * {@link GanProgress}): an epoch's first batch starts it (that batch counts, but not in the rate), the others step
 * it, and its last batch, or {@link #close}, ends it.
 */
final class EpochTask implements AutoCloseable {
    private final Progress progress;
    private final int epochs;
    private final long examples;
    private Progress.Task task;
    private int epoch;

    /**
     * @param progress how to show progress
     * @param epochs the run's last epoch
     * @param examples training examples per epoch
     */
    EpochTask(Progress progress, int epochs, long examples) {
        this.progress = progress;
        this.epochs = epochs;
        this.examples = examples;
    }

    /**
     * @param epoch the epoch of a batch, from 1
     * @return whether that batch starts an epoch's task (a listener then resets its running sums)
     */
    boolean starts(int epoch) {
        return task == null || epoch != this.epoch;
    }

    /**
     * @param epoch the batch's epoch
     * @param images the batch's examples
     * @param seen the epoch's examples so far, this batch included
     * @param status the running figures to show
     */
    void batchDone(int epoch, long images, long seen, String status) {
        if (starts(epoch)) {
            close();
            this.epoch = epoch;
            task = progress.start(String.format(Locale.ROOT, "Epoch %d/%d", epoch, epochs), examples, "images",
                    images, status);
        } else {
            task.step(images, status);
        }
        if (seen >= examples) {
            close();
        }
    }

    /** Ends the running epoch's task, if any (also when training stopped with an exception). */
    @Override
    public void close() {
        if (task != null) {
            task.close();
            task = null;
        }
    }
}
