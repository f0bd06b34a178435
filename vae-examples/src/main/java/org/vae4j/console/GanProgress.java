package org.vae4j.console;

import java.util.Locale;
import org.vae4j.gan.Gan;
import org.vae4j.gan.GanEpochRecord;
import org.vae4j.gan.GanIterationRecord;
import org.vae4j.gan.GanListener;

/**
 * A GAN training listener that shows each epoch's progress as a {@link Progress} task, as {@link TrainingProgress}
 * does for a VAE: the epoch, the batch within it, images per second, the estimated time left and the running mean
 * discriminator and generator losses of the epoch's batches so far.
 */
public final class GanProgress implements GanListener, AutoCloseable {
    private final EpochTask task;
    private final int examples;
    private final int batchSize;
    private final int iterationsPerEpoch;
    private int iteration;
    private long seen;
    private double discriminatorSum;
    private double generatorSum;
    private int generatorSteps;

    /**
     * @param progress how to show progress
     * @param epochs the run's last epoch
     * @param examples training images per epoch, {@code > 0}
     * @param batchSize images per batch, {@code > 0}
     */
    public GanProgress(Progress progress, int epochs, int examples, int batchSize) {
        this.task = new EpochTask(progress, epochs, examples);
        this.examples = examples;
        this.batchSize = batchSize;
        this.iterationsPerEpoch = (examples + batchSize - 1) / batchSize;
    }

    @Override
    public void iterationDone(GanIterationRecord r) {
        if (task.starts(r.epoch())) {
            iteration = 0;
            seen = 0;
            discriminatorSum = 0;
            generatorSum = 0;
            generatorSteps = 0;
        }
        iteration++;
        int images = (int) Math.min(batchSize, examples - seen);
        seen += images;
        discriminatorSum += r.discriminatorLoss();
        if (!Double.isNaN(r.generatorLoss())) {
            generatorSum += r.generatorLoss();
            generatorSteps++;
        }
        String status = String.format(Locale.ROOT, "iteration %d/%d, D loss %.4f, G loss %.4f", iteration,
                iterationsPerEpoch, discriminatorSum / iteration,
                generatorSteps == 0 ? Double.NaN : generatorSum / generatorSteps);
        task.batchDone(r.epoch(), images, seen, status);
    }

    @Override
    public void epochDone(GanEpochRecord record, Gan model) {
        close();
    }

    /** Ends the running epoch's task, if any (also when training stopped with an exception). */
    @Override
    public void close() {
        task.close();
    }
}
