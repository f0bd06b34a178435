package org.vae4j.examples.architectures;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.ElboSummary;
import org.vae4j.EpochRecord;
import org.vae4j.TrainingResult;
import org.vae4j.Vae;
import org.vae4j.VaeConfig;
import org.vae4j.VaeTrainer;
import org.vae4j.console.CommandLines;
import org.vae4j.console.OutputFiles;
import org.vae4j.console.RunOptions;
import org.vae4j.nn.ConvDecoder;
import org.vae4j.nn.ConvEncoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A convolutional VAE on MNIST beside the reference MLP VAE, with the same likelihood (Bernoulli), prior, latent
 * size, optimizer and training. The convolutional encoder ({@link ConvEncoder#of ConvEncoder.of(32, 64)}) maps
 * 1x28x28 to 32x14x14 to 64x7x7 with kernel-4, stride-2 convolutions, then to the posterior's mean and
 * log-variance; the decoder ({@link ConvDecoder#of ConvDecoder.of(32, 64)}) mirrors it with transposed convolutions.
 * The configuration differs from the reference model in the encoder and decoder only:
 * <pre>{@code
 * VaeConfig.builder(Mnist.SHAPE, 20).encoder(ConvEncoder.of(32, 64)).decoder(ConvDecoder.of(32, 64)).build()
 * }</pre>
 *
 * <p>Prints, for each model, the test negative ELBO after the last epoch, the median seconds per epoch and the
 * number of parameters, and writes {@code samples-conv.png} and {@code samples-mlp.png} (64 digits from the prior,
 * the same draws for both) and {@code reconstructions-conv.png}. {@code --channels} sets the convolutions' channels.
 */
@Command(name = "convolutional-mnist", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Trains a convolutional VAE and the reference MLP VAE on MNIST and compares them.")
public final class ConvolutionalMnist implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ConvolutionalMnist.class);

    @Option(names = "--channels", split = ",", defaultValue = "32,64",
            description = "Channels of the convolutions, from the image (default: ${DEFAULT-VALUE}).")
    int[] channels;

    @Option(names = "--no-mlp", description = "Train only the convolutional model.")
    boolean noMlp;

    @Mixin
    RunOptions options = new RunOptions(20);

    @Override
    public Integer call() throws Exception {
        Path out = options.start("convolutional-mnist");
        RunOptions.Data data = options.load();
        VaeConfig mlp = options.config().build();
        VaeConfig conv = options.config().encoder(ConvEncoder.of(channels)).decoder(ConvDecoder.of(channels))
                .build();
        List<String> lines = new ArrayList<>();
        for (VaeConfig config : noMlp ? List.of(conv) : List.of(conv, mlp)) {
            String name = config == conv ? "conv" : "mlp";
            TrainingResult result = new VaeTrainer(config).fit(data.train(), data.test());
            Vae vae = result.model();
            ElboSummary test = vae.evaluate(data.test(), 0, VaeTrainer.VALIDATION_SEED).elbo();
            double seconds = median(result.history().epochs());
            long parameters = vae.graph().variables().stream()
                    .filter(v -> v.getVariableType() == org.nd4j.autodiff.samediff.VariableType.VARIABLE)
                    .mapToLong(v -> v.getArr().length()).sum();
            lines.add(String.format(Locale.ROOT, "%-5s %10d %22.2f %12.2f %10.2f %16.1f", name, parameters,
                    -test.elbo(), -test.logLikelihood(), test.kl(), seconds));
            OutputFiles.writeGrid(vae.generate(64, options.seed()), 8, 2, out.resolve("samples-" + name + ".png"));
            if (config == conv) {
                INDArray originals = data.test().first(Math.min(32, data.test().size())).features();
                OutputFiles.writeComparison(originals, vae.reconstruct(originals), 8,
                        out.resolve("reconstructions-conv.png"));
            }
        }
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "On %d test images after %d epochs (nats per image):%n"
                        + "model parameters  test negative ELBO  -log p(x|z)         KL  seconds/epoch%n",
                data.test().size(), options.epochs()));
        lines.forEach(l -> table.append(l).append(System.lineSeparator()));
        log.info(table.toString().stripTrailing());
        return 0;
    }

    /** The median of the epochs' wall times, in seconds (0 without epochs). */
    static double median(List<EpochRecord> epochs) {
        double[] s = epochs.stream().mapToDouble(EpochRecord::seconds).sorted().toArray();
        return s.length == 0 ? 0 : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /**
     * Runs the example.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        CommandLines.run(new ConvolutionalMnist(), args);
    }
}
