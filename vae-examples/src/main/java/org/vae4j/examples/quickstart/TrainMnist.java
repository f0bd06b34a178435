package org.vae4j.examples.quickstart;

import java.util.stream.Stream;
import org.vae4j.cli.Vae4jCommand;

/**
 * Trains the reference VAE on the real MNIST training set and shows what it learned: the same as
 * {@code vae4j train} (and as running {@code vae-examples.jar} without arguments), whose code is
 * {@link org.vae4j.cli.TrainCommand}.
 *
 * <p>The model is the one of the PyTorch VAE example: an MLP encoder 784-512-(20 + 20) and decoder 20-512-784 with
 * ReLU, a Bernoulli likelihood on pixels in [0, 1], a standard normal prior, Adam with learning rate 1e-3 and
 * batch size 128. Every epoch logs the lower bound (the ELBO, in nats per image) on the training batches and on
 * the 10,000 test images. Into the output folder it writes {@code samples-epoch-NNN.png} (64 images generated from
 * the prior), {@code reconstructions.png}, {@code model.vae} and {@code checkpoints/}; {@code --resume} continues a
 * killed run. MNIST is found in {@code --mnist-dir}, the {@code vae4j.mnist.dir} system property or the
 * {@code VAE4J_MNIST_DIR} environment variable, else the cache {@code ~/.vae4j/data/mnist}, else downloaded.
 */
public final class TrainMnist {
    private TrainMnist() {
    }

    /**
     * Runs {@code vae4j train} with these arguments.
     *
     * @param args see {@code vae4j train --help}
     */
    public static void main(String[] args) {
        Vae4jCommand.main(Stream.concat(Stream.of("train"), Stream.of(args)).toArray(String[]::new));
    }
}
