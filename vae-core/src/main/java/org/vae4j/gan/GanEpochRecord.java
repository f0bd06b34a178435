package org.vae4j.gan;

/**
 * What one epoch of GAN training measured, averaged over its updates.
 *
 * @param epoch the epoch, from 1
 * @param discriminatorIterations discriminator updates since the start of the run, after this epoch
 * @param generatorIterations generator updates since the start of the run, after this epoch
 * @param discriminatorLoss the mean discriminator (critic) loss of the epoch's discriminator updates, before each
 *     update: nats per example, or critic units for WGAN-GP (penalty included)
 * @param generatorLoss the mean generator loss of the epoch's generator updates, before each update; NaN if the
 *     epoch made none
 * @param realAccuracy the fraction of real images with D(x) &gt; 0.5, over the epoch's discriminator updates, each
 *     measured before its update with the training network (with the dropout masks of that update, if
 *     {@link GanConfig#discriminatorDropout()} is set); NaN for WGAN-GP (a critic does not classify)
 * @param fakeAccuracy the fraction of generated images with D(G(z)) &lt; 0.5, measured as {@code realAccuracy}; NaN
 *     for WGAN-GP
 * @param wassersteinEstimate WGAN-GP: the critic's estimate mean l(x) - mean l(G(z)) of the Wasserstein distance,
 *     averaged over the epoch's critic updates; NaN for the other losses
 * @param discriminatorWon whether the discriminator classified every generated image as fake in every batch of the
 *     epoch (fake accuracy pinned at 1.0); always false for WGAN-GP. What it means depends on the loss
 *     ({@link GanLoss#whenDiscriminatorWins()}): vanishing generator gradients under the minimax loss, a
 *     discriminator that learns faster than the generator under the non-saturating one
 * @param seconds the epoch's wall time, in seconds (its updates and the listeners' iterationDone calls; not epochDone)
 */
public record GanEpochRecord(int epoch, long discriminatorIterations, long generatorIterations,
        double discriminatorLoss, double generatorLoss, double realAccuracy, double fakeAccuracy,
        double wassersteinEstimate, boolean discriminatorWon, double seconds) {
}
