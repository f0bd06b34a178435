package org.vae4j.examples.gan;

import java.util.stream.Stream;
import org.vae4j.cli.Vae4jCommand;

/**
 * Trains a GAN on the 60,000 MNIST training images as the homework does: the same as {@code vae4j gan}, whose code
 * is {@link org.vae4j.cli.GanCommand}.
 *
 * <p>With no arguments: the MLP GAN ({@link org.vae4j.gan.GanConfig#mlpMnist()}: generator 100-256-512-1024-784,
 * discriminator 784-512-256-1, leaky ReLU 0.2, the non-saturating loss, Adam 2e-4 with beta1 0.5, batch 64) for 90
 * epochs; after epochs 10, 30, 50, 70 and 90 a grid of 10 x 10 images generated from the same fixed noise
 * ({@code samples-epoch-NNN.png}, 280 x 280 pixels). It also writes {@code losses.png}, {@code report.html},
 * {@code model.gan}, {@code checkpoints/} and {@code gan.log}; {@code --architecture dcgan} trains the DCGAN,
 * {@code --resume} continues a killed run.
 */
public final class MnistGan {
    private MnistGan() {
    }

    /**
     * Runs {@code vae4j gan} with these arguments.
     *
     * @param args see {@code vae4j gan --help}
     */
    public static void main(String[] args) {
        Vae4jCommand.main(Stream.concat(Stream.of("gan"), Stream.of(args)).toArray(String[]::new));
    }
}
