/**
 * Start here, in this order (see {@code vae-examples/README.md}): {@link org.vae4j.examples.quickstart.TrainMnist}
 * (train the reference VAE, write samples, reconstructions and the model),
 * {@link org.vae4j.examples.quickstart.PlotTrainingCurves} (the lower bound per epoch),
 * {@link org.vae4j.examples.quickstart.InterpolateDigits} (walks between digits in the latent space) and
 * {@link org.vae4j.examples.quickstart.LatentSpace2d} (a 2-D latent space: embedding, scatter plot, manifold).
 * {@link org.vae4j.examples.quickstart.FiveLines} is the README's shortest program.
 * {@link org.vae4j.examples.quickstart.MnistImageFolder} writes MNIST as folders of PNGs, to try
 * {@code vae4j train --image-folder}.
 */
package org.vae4j.examples.quickstart;
