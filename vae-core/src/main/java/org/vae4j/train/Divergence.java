package org.vae4j.train;

import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Detects a diverging run and says why it likely diverged: a NaN or infinite loss or gradient stops training at the
 * iteration it appears, before that iteration's update, with a {@link TrainingDivergedException} whose message
 * names the quantity, the step and the likely cause (the first update failing, the loss growing tenfold before it
 * failed, or a jump in one update).
 */
final class Divergence {
    private final IUpdater updater;
    /** The loss of the first update of this run, NaN before it. */
    private double firstLoss = Double.NaN;
    /** The last finite loss of this epoch, NaN at its start. */
    private double previousLoss = Double.NaN;

    Divergence(IUpdater updater) {
        this.updater = updater;
    }

    void startEpoch() {
        previousLoss = Double.NaN;
    }

    /** @throws TrainingDivergedException if the loss is NaN or infinite */
    void checkLoss(int epoch, long iteration, double loss) {
        if (!Double.isFinite(loss)) {
            throw diverged(epoch, iteration, "the loss", loss, previousLoss);
        }
    }

    /** Records the loss of an update that was applied. */
    void accepted(double loss) {
        if (Double.isNaN(firstLoss)) {
            firstLoss = loss;
        }
        previousLoss = loss;
    }

    TrainingDivergedException diverged(int epoch, long iteration, String quantity, double value,
            double lastFiniteLoss) {
        String rate = updater.hasLearningRate()
                ? " (" + updater.getClass().getSimpleName() + " learning rate "
                        + updater.getLearningRate((int) iteration - 1, epoch - 1) + ")"
                : "";
        String cause;
        if (Double.isNaN(firstLoss)) {
            cause = "the very first update failed, so the initial parameters meet values they cannot handle: an"
                    + " op of a custom encoder, decoder or likelihood undefined there (log or sqrt of 0, 0/0), or"
                    + " a Gaussian likelihood with a tiny variance on data of a large range";
        } else if (Double.isFinite(lastFiniteLoss) && Math.abs(lastFiniteLoss) > 10 * Math.abs(firstLoss)) {
            cause = "the loss grew from " + firstLoss + " (first iteration of this run) to " + lastFiniteLoss
                    + " before: the learning rate" + rate + " is too high for this model";
        } else {
            cause = "the parameters jumped in one update (the loss was " + lastFiniteLoss + " just before): the"
                    + " learning rate" + rate + " is likely too high, or an op of a custom encoder, decoder or"
                    + " likelihood is undefined at the values it met";
        }
        return new TrainingDivergedException(epoch, iteration, quantity, value, cause
                + ". The data passed validation (finite, in the likelihood's range). Parameters are those before"
                + " this iteration; checkpoints already written are unchanged.");
    }
}
