/**
 * vae4j's core types: {@link org.vae4j.VaeConfig} describes a variational autoencoder (Kingma &amp; Welling 2014),
 * {@link org.vae4j.VaeTrainer} trains it on an {@link org.vae4j.data.ImageDataset} and returns a
 * {@link org.vae4j.Vae} with its {@link org.vae4j.TrainingHistory}; {@link org.vae4j.VaeGraph} builds the SameDiff
 * graph and names its placeholders and outputs.
 */
package org.vae4j;
