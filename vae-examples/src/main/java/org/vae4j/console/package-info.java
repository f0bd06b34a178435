/**
 * What the {@code vae4j} command line ({@code org.vae4j.cli}) and the example mains ({@code org.vae4j.examples})
 * share, depending on neither: running a command with one-line errors
 * ({@link org.vae4j.console.CommandLines}), the progress of training and evaluation as a bar or log lines
 * ({@link org.vae4j.console.Progress}, {@link org.vae4j.console.TrainingProgress}), the log levels of
 * {@code --verbose}, and pairs written {@code 1-7} ({@link org.vae4j.console.ImagePair}).
 */
package org.vae4j.console;
