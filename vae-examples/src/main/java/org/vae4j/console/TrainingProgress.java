package org.vae4j.console;

import java.util.Locale;
import org.vae4j.EpochRecord;
import org.vae4j.IterationRecord;
import org.vae4j.TrainingListener;
import org.vae4j.Vae;

/**
 * A training listener that shows each epoch's progress as a {@link Progress} task: the epoch, the iteration within
 * it, images per second, the estimated time left and the running lower bound (the mean ELBO of the epoch's batches so
 * far, nats per image; for the autoencoder objective, the running log p(x|z)). The task of an epoch ends with its
 * last batch, before the trainer scores the validation set and logs the epoch's figures.
 */
public final class TrainingProgress implements TrainingListener, AutoCloseable {
    private final EpochTask task;
    private final int iterationsPerEpoch;
    private final String measure;
    private long seen;
    private int iteration;
    private double elboSum;

    /**
     * @param progress how to show progress
     * @param epochs the run's last epoch
     * @param examples training examples per epoch, {@code > 0}
     * @param batchSize examples per mini-batch, {@code > 0}
     * @param lowerBound whether the objective's ELBO is a lower bound (false for the autoencoder objective)
     */
    public TrainingProgress(Progress progress, int epochs, int examples, int batchSize, boolean lowerBound) {
        this.task = new EpochTask(progress, epochs, examples);
        this.iterationsPerEpoch = (examples + batchSize - 1) / batchSize;
        this.measure = lowerBound ? "ELBO" : "log p(x|z)";
    }

    @Override
    public void iterationDone(IterationRecord r) {
        if (task.starts(r.epoch())) {
            seen = 0;
            iteration = 0;
            elboSum = 0;
        }
        iteration++;
        seen += r.batchSize();
        elboSum += r.elbo() * r.batchSize();
        String status = String.format(Locale.ROOT, "iteration %d/%d, %s %.2f", iteration, iterationsPerEpoch,
                measure, elboSum / seen);
        task.batchDone(r.epoch(), r.batchSize(), seen, status);
    }

    @Override
    public void epochDone(EpochRecord record, Vae model) {
        close();
    }

    /** Ends the running epoch's task, if any (also when training stopped with an exception). */
    @Override
    public void close() {
        task.close();
    }
}
