package org.vae4j.gan;

/**
 * What one batch of GAN training measured: its discriminator update and, if one followed, its generator update.
 *
 * @param epoch the epoch, from 1
 * @param discriminatorIterations discriminator updates since the start of the run, this one included
 * @param generatorIterations generator updates since the start of the run
 * @param discriminatorLoss the discriminator (critic) loss of this batch, before its update
 * @param generatorLoss the generator loss before this batch's generator update; NaN if the batch had none (WGAN-GP
 *     between generator steps)
 */
public record GanIterationRecord(int epoch, long discriminatorIterations, long generatorIterations,
        double discriminatorLoss, double generatorLoss) {
}
