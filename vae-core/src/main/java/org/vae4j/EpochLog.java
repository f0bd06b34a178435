package org.vae4j;

import java.util.Arrays;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer's own listener, first in line: logs each epoch's figures, for example
 * {@code Epoch 3 (11.2s): Lower bound = -112.0312, log p(x|z) = -89.7310, KL = 22.3002} and a validation line, and
 * warns when most latent units have collapsed to the prior: in full the first time, then in one line only when the
 * count of active units changes (a collapsed model stays collapsed, and the warning would repeat every epoch).
 */
final class EpochLog implements TrainingListener {
    private static final Logger log = LoggerFactory.getLogger(VaeTrainer.class);

    private final VaeConfig config;
    /** Active units when the collapse warning was last given; -1 before the first. */
    private int warnedActiveUnits = -1;

    EpochLog(VaeConfig config) {
        this.config = config;
    }

    @Override
    public void epochDone(EpochRecord r, Vae model) {
        boolean lowerBound = config.objective().isLowerBound();
        log.info(String.format(Locale.ROOT, "Epoch %d (%.1fs): %s", r.epoch(), r.seconds(),
                figures(r.train(), lowerBound)));
        if (r.validation() != null) {
            log.info(String.format(Locale.ROOT, "Epoch %d validation: %s", r.epoch(),
                    figures(r.validation(), lowerBound)));
        }
        warnIfCollapsed(r);
    }

    private void warnIfCollapsed(EpochRecord r) {
        LatentDiagnostics latent = r.latent();
        if (!config.objective().isLowerBound() || latent == null || 2 * latent.activeUnits() >= latent.latentSize()
                || latent.activeUnits() == warnedActiveUnits) {
            return;
        }
        if (warnedActiveUnits >= 0) {
            log.warn(String.format(Locale.ROOT, "Epoch %d: %d of %d latent units are active (was %d)", r.epoch(),
                    latent.activeUnits(), latent.latentSize(), warnedActiveUnits));
        } else {
            log.warn(String.format(Locale.ROOT, "Epoch %d: only %d of %d latent units are active (Cov_x E_q[z_u] > %s,"
                    + " Burda et al. 2016): in most dimensions the posterior has collapsed to the prior. With a large"
                    + " latent size this is common and harmless; if the model also reconstructs poorly, try a beta"
                    + " warm-up (LinearWarmup), free bits (ElboObjective.withFreeBits) or a smaller latent size."
                    + " KL per dimension: %s", r.epoch(), latent.activeUnits(), latent.latentSize(),
                    LatentDiagnostics.ACTIVITY_THRESHOLD, Arrays.toString(
                            Arrays.stream(latent.klPerDimension()).map(v -> Math.round(v * 100) / 100.0).toArray())));
        }
        warnedActiveUnits = latent.activeUnits();
    }

    private static String figures(ElboSummary s, boolean lowerBound) {
        return lowerBound
                ? String.format(Locale.ROOT, "Lower bound = %.4f, log p(x|z) = %.4f, KL = %.4f", s.elbo(),
                        s.logLikelihood(), s.kl())
                : String.format(Locale.ROOT,
                        "Reconstruction log p(x|z) = %.4f (autoencoder objective: no KL term, not a bound)",
                        s.logLikelihood());
    }
}
