package com.example.custom;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.ElboSummary;
import org.vae4j.Vae;
import org.vae4j.VaeConfig;
import org.vae4j.VaeTrainer;
import org.vae4j.console.CommandLines;
import org.vae4j.console.OutputFiles;
import org.vae4j.console.RunOptions;
import org.vae4j.nn.ConvDecoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Trains a VAE whose encoder is user code ({@link NormalizedConvEncoder}, in this package, outside vae4j) with
 * vae4j's convolutional decoder, saves it, loads it back (the model file names the encoder's class and holds its
 * settings) and checks that the loaded model scores the test set exactly as the trained one:
 * <pre>{@code
 * VaeConfig config = VaeConfig.builder(Mnist.SHAPE, 20)
 *         .encoder(new NormalizedConvEncoder(32))
 *         .decoder(ConvDecoder.of(32, 64))
 *         .build();
 * }</pre>
 * Writes {@code samples.png} and {@code model.vae}.
 */
@Command(name = "custom-encoder", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Trains a VAE with a user-defined encoder, saves it and loads it back.")
public final class CustomEncoderExample implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(CustomEncoderExample.class);

    @Option(names = "--channels", defaultValue = "32",
            description = "Channels of the encoder's first convolution (default: ${DEFAULT-VALUE}).")
    int channels;

    @Mixin
    RunOptions options = new RunOptions(20);

    @Override
    public Integer call() throws Exception {
        Path out = options.start("custom-encoder");
        RunOptions.Data data = options.load();
        VaeConfig config = options.config()
                .encoder(new NormalizedConvEncoder(channels))
                .decoder(ConvDecoder.of(channels, 2 * channels))
                .build();
        Vae vae = new VaeTrainer(config).fit(data.train(), data.test()).model();
        Path file = out.resolve("model.vae");
        vae.save(file);
        OutputFiles.wrote(file);
        Vae loaded = Vae.load(file);
        ElboSummary trained = vae.evaluate(data.test(), 0, 1).elbo();
        ElboSummary reloaded = loaded.evaluate(data.test(), 0, 1).elbo();
        log.info(String.format(Locale.ROOT, "Test negative ELBO after %d epochs: %.2f nats per image; after save and"
                + " load: %.2f (%s)", options.epochs(), -trained.elbo(), -reloaded.elbo(),
                trained.equals(reloaded) ? "identical" : "DIFFERENT"));
        OutputFiles.writeGrid(loaded.generate(64, options.seed()), 8, 2, out.resolve("samples.png"));
        return trained.equals(reloaded) ? 0 : 1;
    }

    /**
     * Runs the example.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        CommandLines.run(new CustomEncoderExample(), args);
    }
}
