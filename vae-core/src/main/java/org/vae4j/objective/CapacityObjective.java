package org.vae4j.objective;

import org.nd4j.autodiff.samediff.SDVariable;
import org.vae4j.schedule.LinearWarmup;
import org.vae4j.schedule.Schedule;
import org.vae4j.schedule.StepUnit;
import org.vae4j.schedule.TrainingStep;

/**
 * The capacity-controlled objective of Burgess et al. 2018 ("Understanding disentangling in beta-VAE", eq. 8):
 * the loss is the batch mean of -log p(x|z) plus gamma * |KL - C|, with KL the batch mean of KL(q(z|x) || p(z)) and
 * C, the capacity in nats, raised during training (usually linearly from 0 to C_max): the encoder is pushed to
 * carry about C nats about each example, and more as C grows. The latent is sampled as in {@link ElboObjective}
 * ({@link org.vae4j.nn.DiagonalGaussianVariables#sample}); the reported per-example figure is the ELBO. The
 * configuration's beta is not used (gamma takes its place).
 *
 * @param gamma the weight of |KL - C|, finite, {@code > 0} (Burgess et al. use 1000 on dSprites)
 * @param capacity C over training steps, in nats (see {@link #linear})
 */
public record CapacityObjective(double gamma, Schedule capacity) implements Objective {

    /**
     * @param gamma the weight of |KL - C|, finite, {@code > 0} (Burgess et al. use 1000 on dSprites)
     * @param capacity C over training steps, in nats (see {@link #linear})
     * @throws IllegalArgumentException if {@code gamma} is not finite and positive
     * @throws NullPointerException if {@code capacity} is null
     */
    public CapacityObjective {
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("CapacityObjective.gamma must be finite and > 0, got " + gamma);
        }
        java.util.Objects.requireNonNull(capacity, "CapacityObjective.capacity");
    }

    /**
     * C rising linearly from 0 to {@code maxCapacity} over the first {@code epochs} epochs, then constant.
     *
     * @param gamma the weight of |KL - C|
     * @param maxCapacity C_max in nats, {@code >= 0}
     * @param epochs epochs over which C rises, {@code > 0}
     * @return the objective
     * @throws IllegalArgumentException if a value is out of range
     */
    public static CapacityObjective linear(double gamma, double maxCapacity, double epochs) {
        return new CapacityObjective(gamma, new LinearWarmup(0, maxCapacity, epochs, StepUnit.EPOCHS));
    }

    @Override
    public Terms define(Inputs in) {
        SDVariable z = in.sample(1, in.noise());
        SDVariable params = in.decoder().decode(z);
        SDVariable logLikelihood = in.likelihood().logProbability(in.x(), params);
        SDVariable kl = in.klDivergence(in.posterior(), in.noise(), z);
        SDVariable gap = in.sd().math().abs(kl.mean(0).sub(in.capacity()));
        SDVariable loss = gap.mul(gamma).sub(logLikelihood.mean(0));
        return new Terms(z, params, logLikelihood, kl, logLikelihood.sub(kl), loss);
    }

    /** @return C at that step, checked to be finite and {@code >= 0} */
    @Override
    public double capacityAt(TrainingStep step) {
        double c = capacity.valueAt(step);
        if (!(c >= 0) || Double.isInfinite(c)) {
            throw new IllegalArgumentException("CapacityObjective.capacity (" + capacity + ") gave " + c + " at "
                    + step + "; C must be finite and >= 0");
        }
        return c;
    }

    /** @return true */
    @Override
    public boolean usesNoise() {
        return true;
    }

    /** @return true: the {@code elbo} output is the ELBO */
    @Override
    public boolean isLowerBound() {
        return true;
    }
}
