package org.vae4j.train;

import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Detects a diverging run and says why it likely diverged.
 *
 * <p>Two kinds of divergence are caught:
 * <ul>
 *   <li>a NaN or infinite loss or gradient stops training at the iteration it appears, before that iteration's update,
 *       with a {@link TrainingDivergedException} whose message names the quantity, the step and the likely cause (the
 *       first update failing, the loss growing tenfold before it failed, or a jump in one update);</li>
 *   <li>a bound that runs away while staying finite (each epoch's mean training ELBO, nats per example, much worse
 *       than the run's best) stops training at the end of the epoch. With the scale
 *       {@code s = max(|first|, |best|, 1 nat)} of this run's first and best epoch ELBOs, an epoch stops training if
 *       its ELBO is below {@code best - 10 s} (an order of magnitude worse: -891 then -17,752), or if it is the third
 *       epoch in a row to be worse than the one before and is below {@code best - 2 s} (steadily worse: -891,
 *       -1,200, -1,600, -2,100, -2,700 stops at -2,700). A normal curve never meets either: the ELBO rises over
 *       the first epochs and then moves by a few nats (MNIST: -236, -168, -150, ...); beta warm-up and cyclical
 *       annealing move it by tens of nats, less than {@code 2 s}. The ELBO may be positive (densities of continuous
 *       data): the rule uses differences, not ratios.</li>
 * </ul>
 */
final class Divergence {
    /** How many scales below the best epoch ELBO an epoch may fall before training stops. */
    static final double RUNAWAY_SCALES = 10;
    /** Consecutive epochs, each worse than the one before, that stop training when they also fall two scales. */
    static final int WORSENING_EPOCHS = 3;
    /** How many scales below the best epoch ELBO a steadily worsening run may fall. */
    static final double DRIFT_SCALES = 2;

    private final IUpdater updater;
    /** The loss of the first update of this run, NaN before it. */
    private double firstLoss = Double.NaN;
    /** The last finite loss of this epoch, NaN at its start. */
    private double previousLoss = Double.NaN;
    /** This run's first epoch ELBO, its best, the last one (nats per example; NaN before the first epoch). */
    private double firstElbo = Double.NaN;
    private double bestElbo = Double.NaN;
    private int bestEpoch;
    private double lastElbo = Double.NaN;
    /** Epochs in a row each worse than the one before. */
    private int worsening;

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

    /**
     * Checks an epoch's mean training ELBO against the run's best (see the class comment for the rule).
     *
     * @param epoch the epoch, from 1
     * @param iteration the epoch's last iteration, from 1
     * @param elbo the epoch's mean training ELBO, nats per example
     * @throws TrainingDivergedException if the bound ran away
     */
    void checkEpoch(int epoch, long iteration, double elbo) {
        if (!Double.isFinite(elbo)) {
            return; // a non-finite loss has stopped the run already; an ELBO of -inf alone is the objective's business
        }
        if (Double.isNaN(firstElbo)) {
            firstElbo = elbo;
            bestElbo = elbo;
            bestEpoch = epoch;
        }
        worsening = elbo < lastElbo ? worsening + 1 : 0;
        lastElbo = elbo;
        double scale = Math.max(1, Math.max(Math.abs(firstElbo), Math.abs(bestElbo)));
        double drop = bestElbo - elbo;
        if (drop > RUNAWAY_SCALES * scale || (worsening >= WORSENING_EPOCHS && drop > DRIFT_SCALES * scale)) {
            String rate = learningRate(iteration, epoch);
            throw new TrainingDivergedException(epoch, iteration, "the epoch's mean training ELBO", elbo,
                    "the bound ran away from its best, " + bestElbo + " nats per example at epoch " + bestEpoch
                    + (drop > RUNAWAY_SCALES * scale ? ", by more than " + (int) RUNAWAY_SCALES + " times its scale"
                            : ", getting worse " + worsening + " epochs in a row")
                    + " (the scale is " + scale + " nats, the largest of |first epoch ELBO|, |best ELBO| and 1):"
                    + " the updates climb the loss instead of descending it. The learning rate" + rate + " is likely"
                    + " too high, or negative at some step of its schedule. Parameters are those after this epoch;"
                    + " checkpoints already written are unchanged.");
        }
        if (elbo > bestElbo) {
            bestElbo = elbo;
            bestEpoch = epoch;
        }
    }

    private String learningRate(long iteration, int epoch) {
        return updater.hasLearningRate()
                ? " (" + updater.getClass().getSimpleName() + " learning rate "
                        + updater.getLearningRate((int) iteration - 1, epoch - 1) + ")"
                : "";
    }

    TrainingDivergedException diverged(int epoch, long iteration, String quantity, double value,
            double lastFiniteLoss) {
        String rate = learningRate(iteration, epoch);
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
