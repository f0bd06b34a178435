package org.vae4j.examples.architectures;

import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.ElboSummary;
import org.vae4j.Vae;
import org.vae4j.VaeConfig;
import org.vae4j.VaeTrainer;
import org.vae4j.console.CommandLines;
import org.vae4j.console.OutputFiles;
import org.vae4j.console.RunOptions;
import org.vae4j.data.OneHot;
import org.vae4j.nn.ConvDecoder;
import org.vae4j.nn.ConvEncoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A conditional VAE (Sohn, Lee &amp; Yan 2015) on MNIST: the digit's one-hot label y conditions both the encoder,
 * q(z|x, y), and the decoder, p(x|z, y), so the label carries the class and z is free to carry the style (slant,
 * thickness, width). Generation then picks the class: {@code vae.generate(OneHot.encode(labels, 10), seed)}.
 * The configuration is the reference model's with one more setting:
 * <pre>{@code
 * VaeConfig.builder(Mnist.SHAPE, 20).conditionSize(10).build()   // the trainer feeds one-hot labels
 * }</pre>
 *
 * <p>Writes {@code conditional-grid.png}: 10 x 10 digits, row d generated with label d, column j decoded from the
 * same prior draw z_j in every row, so each row should show one digit and each column one style. Prints the test
 * negative ELBO, here a bound on -log p(x|y). {@code --conv} uses the convolutional encoder and decoder.
 */
@Command(name = "conditional-mnist", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Trains a conditional VAE on MNIST and draws each digit from the prior.")
public final class ConditionalMnist implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ConditionalMnist.class);
    private static final int DIGITS = 10;

    @Option(names = "--conv", description = "Use ConvEncoder.of(32, 64) and ConvDecoder.of(32, 64) instead of the MLP.")
    boolean conv;

    @Mixin
    RunOptions options = new RunOptions(20);

    @Override
    public Integer call() throws Exception {
        Path out = options.start("conditional-mnist");
        RunOptions.Data data = options.load();
        VaeConfig.Builder config = options.config().conditionSize(DIGITS);
        if (conv) {
            config.encoder(ConvEncoder.of(32, 64)).decoder(ConvDecoder.of(32, 64));
        }
        Vae vae = new VaeTrainer(config.build()).fit(data.train(), data.test()).model();
        ElboSummary test = vae.evaluate(data.test(), 0, VaeTrainer.VALIDATION_SEED).elbo();
        log.info(String.format(Locale.ROOT, "Test negative ELBO (bound on -log p(x|y)) after %d epochs: %.2f nats per"
                + " image (-log p(x|z, y) %.2f, KL %.2f)", options.epochs(), -test.elbo(), -test.logLikelihood(),
                test.kl()));
        OutputFiles.writeGrid(grid(vae, options.seed()), DIGITS, 2, out.resolve("conditional-grid.png"));
        return 0;
    }

    /**
     * @return 100 digits: row d with label d, column j from the same prior draw z_j in every row
     */
    static INDArray grid(Vae vae, long seed) {
        int latent = vae.config().latentSize();
        INDArray styles = vae.config().prior().sample(DIGITS, latent, new SplittableRandom(seed),
                vae.config().dataType());
        INDArray z = Nd4j.tile(styles, DIGITS, 1);                     // row d * 10 + j is z_j
        int[] labels = new int[DIGITS * DIGITS];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i / DIGITS;
        }
        return vae.decode(z, OneHot.encode(labels, DIGITS));
    }

    /**
     * Runs the example.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        CommandLines.run(new ConditionalMnist(), args);
    }
}
