package org.vae4j.examples.quickstart;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.CheckpointPolicy;
import org.vae4j.Checkpointer;
import org.vae4j.ElboSummary;
import org.vae4j.EpochRecord;
import org.vae4j.TrainingResult;
import org.vae4j.Vae;
import org.vae4j.VaeConfig;
import org.vae4j.VaeTrainer;
import org.vae4j.data.ImageDataset;
import org.vae4j.examples.common.Examples;
import org.vae4j.examples.common.ExampleOptions;
import org.vae4j.report.RunReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Trains the reference VAE on the real MNIST training set and shows what it learned.
 *
 * <p>The model is the one of the PyTorch VAE example: an MLP encoder 784-512-(20 + 20) and decoder 20-512-784 with
 * ReLU, a Bernoulli likelihood on pixels in [0, 1], a standard normal prior, Adam with learning rate 1e-3 and
 * batch size 128. Every epoch logs the lower bound (the ELBO, in nats per image) on the training batches and on
 * the 10,000 test images. Into the output folder it writes:
 * <ul>
 *   <li>{@code report.html}: the run report ({@link RunReport}), rewritten after every epoch: one page with the
 *       configuration, the learning curves, the sample grids and the reconstructions, to open in a browser;</li>
 *   <li>{@code samples-epoch-NNN.png}: 64 images generated from the prior, after epoch 1, every
 *       {@code --sample-every} epochs, and after the last epoch;</li>
 *   <li>{@code reconstructions.png}: 32 test images, each with its reconstruction to its right, by the model after
 *       the latest epoch;</li>
 *   <li>{@code model.vae}: the trained model ({@link Vae#load(Path)} reads it);</li>
 *   <li>{@code checkpoints/}: a checkpoint every {@code --checkpoint-every} epochs (the last {@code --keep-last},
 *       and {@code best.vae} by test ELBO). After a crash or kill, the same command with {@code --output} that
 *       folder and {@code --resume} continues from the newest checkpoint and ends with the same model as an
 *       uninterrupted run.</li>
 * </ul>
 * MNIST is found in {@code --mnist-dir}, the {@code vae4j.mnist.dir} system property or the
 * {@code VAE4J_MNIST_DIR} environment variable, else the cache {@code ~/.vae4j/data/mnist}, else downloaded.
 */
@Command(name = "train-mnist", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Trains the reference VAE (MLP 784-512-20, Bernoulli) on MNIST and writes sample grids.")
public final class TrainMnist implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(TrainMnist.class);

    @Option(names = "--sample-every", defaultValue = "5",
            description = "Write a sample grid every N epochs, besides epoch 1 and the last (default: ${DEFAULT-VALUE}).")
    int sampleEvery;

    @Mixin
    ExampleOptions options = new ExampleOptions(20);

    @Option(names = "--checkpoint-every", defaultValue = "1",
            description = "Write a checkpoint every N epochs into <output>/checkpoints; 0: none (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--keep-last", defaultValue = "2",
            description = "Checkpoints to keep besides best.vae (default: ${DEFAULT-VALUE}).")
    int keepLast;

    @Option(names = "--resume",
            description = "Continue the run in --output from its newest checkpoint (same options; --epochs may grow).")
    boolean resume;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (sampleEvery <= 0 || checkpointEvery < 0 || keepLast < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--sample-every and --keep-last must be"
                    + " positive and --checkpoint-every >= 0, got " + sampleEvery + ", " + keepLast + " and "
                    + checkpointEvery);
        }
        if (resume && !options.outputGiven()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--resume needs the --output folder of"
                    + " the run to continue");
        }
        Path out = options.start("mnist-vae");
        Path checkpoints = out.resolve("checkpoints");
        Vae from = resume ? Checkpointer.load(checkpoints) : null;
        ExampleOptions.Data data = options.load();
        ImageDataset train = data.train();
        ImageDataset test = data.test();
        long seed = options.seed();

        VaeConfig config = options.config().build();
        RunReport report = Examples.report(out, "VAE on MNIST: " + out.getFileName(), test, seed, sampleEvery);
        VaeTrainer trainer = new VaeTrainer(config);
        if (checkpointEvery > 0) {
            trainer = trainer.withListeners(Checkpointer.create(
                    new CheckpointPolicy(checkpoints, checkpointEvery, keepLast, true)));
        }
        trainer = trainer.withListeners(report);
        TrainingResult result = from == null ? trainer.fit(train, test) : trainer.resume(from, train, test);
        Vae vae = result.model();

        Path model = out.resolve("model.vae");
        vae.save(model);
        Examples.wrote(model);
        log.info("Run report: {}", report.file().toUri());

        if (!result.history().epochs().isEmpty()) {
            ElboSummary last = result.history().last().validation();
            double seconds = result.history().epochs().stream().mapToDouble(EpochRecord::seconds).sorted()
                    .skip(result.history().epochs().size() / 2).findFirst().orElse(0);
            log.info(String.format(Locale.ROOT, "Test negative ELBO after %d epochs: %.2f nats per image"
                    + " (median %.1f s per epoch)", options.epochs(), -last.elbo(), seconds));
        }
        return 0;
    }

    /**
     * Runs the example.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        Examples.main(new TrainMnist(), args);
    }
}
