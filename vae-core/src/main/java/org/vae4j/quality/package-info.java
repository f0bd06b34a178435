/**
 * Sample quality of generative models on MNIST, measurable on a CPU: {@link org.vae4j.quality.SampleQuality} scores
 * any {@link org.vae4j.quality.ImageGenerator} (VAE, conditional VAE, GAN) by the Frechet distance of a small
 * classifier's features ("FID on MNIST features", {@link org.vae4j.quality.FrechetDistance}) and by the
 * classifier-based Inception score ({@link org.vae4j.quality.InceptionScore}); the classifier,
 * {@link org.vae4j.quality.MnistClassifier}, is trained once by vae4j and cached with a checksum. See
 * {@code docs/sample-quality.md}.
 */
package org.vae4j.quality;
