package org.vae4j.examples.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.vae4j.Backend;
import org.vae4j.CheckpointPolicy;
import org.vae4j.Checkpointer;
import org.vae4j.EpochRecord;
import org.vae4j.TrainingListener;
import org.vae4j.Vae;
import org.vae4j.VaeConfig;
import org.vae4j.VaeTrainer;
import org.vae4j.console.RunOptions;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.mnist.Mnist;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures whether checkpoints make the process grow: trains the reference VAE (MLP 784-512-20, batch 128) on the
 * first {@code --train-size} MNIST training images, validating on the test set, with a {@link Checkpointer} as the
 * {@code vae4j train} command sets it up by default (a checkpoint every epoch, the last two kept, and
 * {@code best.vae}), and prints the resident memory after every epoch's checkpoints, the Java heap's used and
 * committed size, and at the end the RSS after epochs 1, 5, 10, 20 and 30 and after a forced full collection.
 * {@code --checkpoint-every 0} trains without checkpoints, for comparison.
 *
 * <p>Linux only for the memory figures (read from {@code /proc/self/status}); elsewhere they print as -1.
 */
@Command(name = "checkpoint-memory", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Trains with checkpoints and prints the resident memory after each epoch.")
public final class CheckpointMemory implements Callable<Integer> {

    @Option(names = "--epochs", defaultValue = "30", description = "Epochs to train (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--train-size", defaultValue = "10000",
            description = "Training images, the first of the MNIST training set (default: ${DEFAULT-VALUE}).")
    int trainSize;

    @Option(names = "--checkpoint-every", defaultValue = "1",
            description = "A checkpoint every N epochs; 0: none (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--threads", paramLabel = "N", description = RunOptions.THREADS_DESCRIPTION)
    Integer threads;

    @Option(names = "--mnist-dir", description = "Folder holding the four MNIST IDX files (plain or .gz).")
    Path mnistDir;

    @Override
    public Integer call() throws IOException {
        if (epochs < 1 || trainSize < 1 || checkpointEvery < 0) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--epochs and --train-size must be"
                    + " positive and --checkpoint-every >= 0, got " + epochs + ", " + trainSize + " and "
                    + checkpointEvery);
        }
        Backend.chooseThreads(threads);
        Path dir = Mnist.locate(mnistDir);
        ImageDataset train = Mnist.train(dir).first(trainSize);
        ImageDataset test = Mnist.test(dir);
        VaeConfig config = VaeConfig.builder(784, 20).epochs(epochs).build();
        Path folder = Files.createTempDirectory("vae4j-checkpoint-memory");
        System.out.printf(Locale.ROOT, "vae4j checkpoint-memory train=%d test=%d epochs=%d checkpoint_every=%d"
                + " folder=%s%n", train.size(), test.size(), epochs, checkpointEvery, folder);
        Map<Integer, Long> rss = new LinkedHashMap<>();
        TrainingListener printer = new TrainingListener() {
            @Override
            public void epochDone(EpochRecord r, Vae model) {
                Runtime rt = Runtime.getRuntime();
                long mb = ProcessMemory.mb("VmRSS");
                rss.put(r.epoch(), mb);
                System.out.printf(Locale.ROOT, "epoch %d train_sec %.3f rss_mb %d heap_used_mb %d"
                                + " heap_committed_mb %d%n", r.epoch(), r.seconds(), mb,
                        (rt.totalMemory() - rt.freeMemory()) >> 20, rt.totalMemory() >> 20);
            }
        };
        try {
            VaeTrainer trainer = new VaeTrainer(config);
            if (checkpointEvery > 0) {
                // before the printer: its figures include the epoch's checkpoints
                trainer = trainer.withListeners(Checkpointer.create(new CheckpointPolicy(folder, checkpointEvery, 2,
                        true)));
            }
            trainer.withListeners(printer).fit(train, test);
        } finally {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        StringBuilder summary = new StringBuilder("RESULT checkpoint_every=" + checkpointEvery);
        for (int e : List.of(1, 5, 10, 20, 30)) {
            if (rss.containsKey(e)) {
                summary.append(" rss_mb_epoch").append(e).append('=').append(rss.get(e));
            }
        }
        System.gc();
        summary.append(" rss_mb_after_full_gc=").append(ProcessMemory.mb("VmRSS"));
        System.out.println(summary);
        return 0;
    }

    /**
     * Runs the measurement.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new CheckpointMemory()).execute(args));
    }
}
