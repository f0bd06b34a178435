package org.vae4j;

import java.util.Optional;

/**
 * What one training epoch measured.
 *
 * @param epoch the epoch's number, from 1
 * @param iterations the total number of parameter updates so far
 * @param train mean ELBO and terms over the epoch's mini-batches, measured while the parameters were changing
 *     (one eps sample per example, beta not applied); for an objective that is not a lower bound (the
 *     autoencoder), {@code elbo} is what it maximizes, log p(x|z), and {@code kl} is 0
 * @param validation mean ELBO and terms on the validation set after the epoch, or null if there is none
 * @param seconds wall time of the epoch's training loop, in seconds (validation excluded)
 * @param latent KL per latent dimension and active units after the epoch, on the validation set if there is one,
 *     else on the first {@link VaeTrainer#DIAGNOSTIC_EXAMPLES} training examples; null in histories written before
 *     vae4j recorded them
 */
public record EpochRecord(int epoch, long iterations, ElboSummary train, ElboSummary validation, double seconds,
        LatentDiagnostics latent) {

    /** @return the validation summary, if a validation set was given */
    public Optional<ElboSummary> validationSummary() {
        return Optional.ofNullable(validation);
    }
}
