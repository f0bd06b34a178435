/**
 * What the {@code vae4j} command line ({@code org.vae4j.cli}) and the example mains ({@code org.vae4j.examples},
 * {@code com.example.custom}) share, depending on neither: the options of a training run
 * ({@link org.vae4j.console.RunOptions}: epochs, latent size, MNIST and how much of it, seed, threads, output folder;
 * {@link org.vae4j.console.MnistDir}, {@code --mnist-dir}), running a command with one-line errors
 * ({@link org.vae4j.console.CommandLines}), the progress of training and evaluation as a bar or log lines
 * ({@link org.vae4j.console.Progress}, {@link org.vae4j.console.TrainingProgress},
 * {@link org.vae4j.console.Evaluations}), the log levels of {@code --verbose}, the files a run writes (the run report,
 * image grids: {@link org.vae4j.console.OutputFiles}), the axes of a latent scatter plot
 * ({@link org.vae4j.console.ScatterView}) and pairs written {@code 1-7} ({@link org.vae4j.console.ImagePair}).
 */
package org.vae4j.console;
