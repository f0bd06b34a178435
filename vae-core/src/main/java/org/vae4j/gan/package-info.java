/**
 * Generative adversarial networks on vae4j's building blocks: {@link org.vae4j.gan.GanConfig} describes the generator
 * and discriminator (MLP or DCGAN, from {@code org.vae4j.nn}'s layers) and the objective ({@link
 * org.vae4j.gan.GanLoss}: non-saturating, minimax, WGAN-GP); {@link org.vae4j.gan.GanGraph} builds both networks and
 * losses as one SameDiff graph run by vae4j's compiled execution plans; {@link org.vae4j.gan.GanTrainer} alternates
 * the networks' updates, each with its own host-side optimizer, and returns a {@link org.vae4j.gan.Gan}, which
 * generates images {@code [n, pixels]} in [0, 1] like a VAE's decoder and saves itself as a vae4j model file.
 * Above the root package in {@code ArchitectureTest}'s layers; the tools may use it.
 */
package org.vae4j.gan;
