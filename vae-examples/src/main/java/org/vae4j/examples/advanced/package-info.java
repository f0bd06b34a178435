/**
 * After the quickstart: {@link org.vae4j.examples.advanced.AutoencoderVsVae} (why a VAE generates and a plain
 * autoencoder does not) and {@link org.vae4j.examples.advanced.BetaVae} (the KL weight and latent traversals).
 */
package org.vae4j.examples.advanced;
