/**
 * Tools to look at a trained model's latent space: {@link org.vae4j.latent.Interpolation} (linear and spherical
 * paths between codes, decoded), {@link org.vae4j.latent.ExamplePicker} (seeded endpoints by label),
 * {@link org.vae4j.latent.Embedding} (a dataset's posterior means and log-variances with labels, CSV export, 2-D
 * views by KL or PCA), {@link org.vae4j.latent.LatentGrid} (the decoded manifold over the standard normal's
 * quantiles) and {@link org.vae4j.latent.Traversal} (one dimension at a time around an image's code).
 */
package org.vae4j.latent;
