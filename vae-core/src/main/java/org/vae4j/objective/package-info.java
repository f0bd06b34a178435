/**
 * Training objectives: {@link org.vae4j.objective.ElboObjective} (the VAE's evidence lower bound with a beta-weighted
 * KL term, the default) and {@link org.vae4j.objective.AutoencoderObjective} (a deterministic autoencoder trained on
 * the reconstruction term alone), both consulted by {@link org.vae4j.graph.VaeGraph} when it builds the training path, so
 * that every objective shares one graph, one trainer and one model class.
 */
package org.vae4j.objective;
