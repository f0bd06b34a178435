/**
 * The training loop, internal to vae4j: {@link org.vae4j.train.EpochLoop} runs one epoch's mini-batches through the
 * gradient function and the {@link org.vae4j.train.Optimizer} (host-side Adam and SGD), {@link
 * org.vae4j.train.DataChecks} checks data before the first update, a divergence check stops a run at the first NaN
 * or at the end of an epoch whose ELBO ran away
 * with a {@link org.vae4j.train.TrainingDivergedException}, and {@link org.vae4j.train.RandomStreams} derives every
 * random draw of a run from its seed and the epoch. Reads the configuration through
 * {@link org.vae4j.train.TrainingSpec}. {@code org.vae4j.VaeTrainer} is the public way in. Shared with the GAN
 * trainer: {@link org.vae4j.train.TimeLimit}, the wall-time budget rule, and {@link org.vae4j.train.CheckpointFiles},
 * the model-independent part of a checkpoint folder.
 */
package org.vae4j.train;
