/**
 * Rendering of images held in ND4J arrays. {@link org.vae4j.image.ImageGrid} lays out a batch of flattened,
 * channel-first images ({@code [n, c*h*w]}, values in {@code [0, 1]}, grayscale or RGB) as a padded, optionally
 * magnified grid and returns it as a {@link java.awt.image.BufferedImage} or writes it as a PNG file (atomically,
 * via a temporary file in the target folder); it can also place originals next to their reconstructions for
 * judging an autoencoder at a glance. Failures to write are reported as
 * {@link org.vae4j.image.ImageWriteException}, which names the file.
 */
package org.vae4j.image;
