/**
 * The {@code vae4j} command line ({@link org.vae4j.cli.Vae4jCommand}, the main class of {@code vae-examples.jar}):
 * {@code train} a VAE on MNIST or IDX image files, then {@code sample}, {@code reconstruct}, {@code interpolate},
 * {@code embed} and {@code evaluate} with the saved model. Training and long evaluations show a {@link
 * org.vae4j.console.Progress progress} bar on a terminal and plain log lines elsewhere; {@code --verbose} raises the
 * log levels. Each command is a picocli class that calls the library (vae-core) for the work; what it shares with the
 * example mains is in {@code org.vae4j.console}.
 */
package org.vae4j.cli;
