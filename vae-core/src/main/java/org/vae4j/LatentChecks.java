package org.vae4j;

import java.util.Objects;
import org.vae4j.nn.PosteriorFamily;
import org.vae4j.objective.ElboObjective;
import org.vae4j.objective.Objective;
import org.vae4j.prior.KlEstimator;
import org.vae4j.prior.Prior;
import org.vae4j.prior.VampPrior;

/** {@link VaeConfig}'s checks of the latent model: the prior, the KL estimator and the posterior family together. */
final class LatentChecks {
    private LatentChecks() {
    }

    /**
     * @throws IllegalArgumentException naming the field: a full-covariance posterior without the Monte Carlo KL (unless
     *     the prior has a closed form from it) or with free bits, the closed form for a prior without one, a
     *     VampPrior in a conditional VAE, free bits without the closed form
     * @throws NullPointerException naming the field if the estimator or the posterior family is null
     */
    static void check(Prior prior, KlEstimator klEstimator, PosteriorFamily posterior, Objective objective,
            int conditionSize) {
        Objects.requireNonNull(klEstimator, "VaeConfig.klEstimator");
        boolean full = Objects.requireNonNull(posterior, "VaeConfig.posterior") == PosteriorFamily.FULL_COVARIANCE;
        if (full && klEstimator != KlEstimator.MONTE_CARLO && !prior.hasClosedFormKlFromFullCovariance()) {
            throw new IllegalArgumentException("VaeConfig.posterior FULL_COVARIANCE needs klEstimator MONTE_CARLO,"
                    + " got " + klEstimator + " (the prior " + prior.getClass().getSimpleName() + " has no closed-form"
                    + " KL from a full-covariance posterior)");
        }
        if (klEstimator == KlEstimator.CLOSED_FORM && !prior.hasClosedFormKl()) {
            throw new IllegalArgumentException("VaeConfig.klEstimator is CLOSED_FORM but the prior " + prior
                    + " has no closed-form KL divergence: use KlEstimator.MONTE_CARLO");
        }
        if (prior instanceof VampPrior && conditionSize > 0) {
            throw new IllegalArgumentException("VaeConfig.prior VampPrior does not support a conditional VAE"
                    + " (conditionSize " + conditionSize + ")");
        }
        if (objective instanceof ElboObjective e && e.freeBits() > 0 && full) {
            throw new IllegalArgumentException("VaeConfig.objective has free bits (" + e.freeBits() + "), which need"
                    + " the per-dimension KL of a diagonal posterior, but posterior is FULL_COVARIANCE");
        }
        if (objective instanceof ElboObjective e && e.freeBits() > 0 && klEstimator != KlEstimator.CLOSED_FORM) {
            throw new IllegalArgumentException("VaeConfig.objective has free bits (" + e.freeBits() + "), which need"
                    + " the per-dimension KL in closed form, but klEstimator is " + klEstimator);
        }
    }
}
