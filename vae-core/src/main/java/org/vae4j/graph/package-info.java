/**
 * The VAE as one SameDiff graph: {@link org.vae4j.graph.VaeGraph} builds the training path (encoder,
 * reparameterization, decoder, likelihood, the objective's terms and loss), the generation path and the gradient
 * function from a {@link org.vae4j.graph.GraphSpec} (which {@code VaeConfig} implements), and names every placeholder
 * and output. Imports only the model's parts.
 */
package org.vae4j.graph;
