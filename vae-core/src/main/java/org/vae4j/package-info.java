/**
 * vae4j's core types: {@link org.vae4j.VaeConfig} describes a variational autoencoder (Kingma &amp; Welling 2014),
 * {@link org.vae4j.VaeTrainer} trains it on an {@link org.vae4j.data.ImageDataset} (or resumes a run) and returns a
 * {@link org.vae4j.Vae} with its {@link org.vae4j.TrainingHistory}; {@link org.vae4j.VaeGraph} builds the SameDiff
 * graph and names its placeholders and outputs. {@link org.vae4j.Vae#save} and {@link org.vae4j.Vae#load} write and
 * read one model file ({@link org.vae4j.ConfigJson} for the configuration), with typed errors
 * ({@link org.vae4j.ModelFormatException}, {@link org.vae4j.UnsupportedFormatVersionException},
 * {@link org.vae4j.ModelWriteException}); a {@link org.vae4j.Checkpointer} writes checkpoints during training as set
 * by a {@link org.vae4j.CheckpointPolicy}.
 */
package org.vae4j;
