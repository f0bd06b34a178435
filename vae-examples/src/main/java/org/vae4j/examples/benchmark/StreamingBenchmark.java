package org.vae4j.examples.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.Backend;
import org.vae4j.EpochRecord;
import org.vae4j.TrainingListener;
import org.vae4j.Vae;
import org.vae4j.VaeConfig;
import org.vae4j.VaeTrainer;
import org.vae4j.console.RunOptions;
import org.vae4j.data.FileDataset;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.mnist.Mnist;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Trains the reference VAE on a dataset file larger than the Java heap, streamed from disk ({@link FileDataset}), and
 * prints the file's size, the seconds per epoch and the process's resident memory: it shows that memory does not
 * grow with the data. The file holds the 60,000 MNIST training images repeated to {@code --rows} rows, written in
 * chunks of 10,000 (so writing it does not hold it either); it is deleted afterwards unless {@code --keep}.
 */
@Command(name = "streaming-benchmark", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Trains on a dataset file streamed from disk and prints its size, seconds per epoch and RSS.")
public final class StreamingBenchmark implements Callable<Integer> {

    @Option(names = "--rows", defaultValue = "1000000", description = "Rows of the file (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--epochs", defaultValue = "1", description = "Epochs to train (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--file", defaultValue = "target/streaming-benchmark.npy", description = "The dataset file"
            + " (default: ${DEFAULT-VALUE}).")
    Path file;

    @Option(names = "--keep", description = "Keep the file afterwards.")
    boolean keep;

    @Option(names = "--threads", paramLabel = "N", description = RunOptions.THREADS_DESCRIPTION)
    Integer threads;

    @Option(names = "--mnist-dir", description = "Folder holding the four MNIST IDX files (plain or .gz).")
    Path mnistDir;

    @Override
    public Integer call() throws IOException {
        Backend.chooseThreads(threads);
        Path dir = Mnist.locate(mnistDir);
        ImageDataset mnist = Mnist.train(dir);
        ImageDataset test = Mnist.test(dir);
        long started = System.nanoTime();
        FileDataset.write(file, new Iterator<INDArray>() {
            private int written;
            private INDArray last;

            @Override
            public boolean hasNext() {
                return written < rows;
            }

            @Override
            public INDArray next() {
                if (last != null) {
                    last.close(); // converted from IDX bytes for this chunk only: free its native memory now
                }
                int from = written % mnist.size();
                int n = Math.min(Math.min(10_000, rows - written), mnist.size() - from);
                written += n;
                last = mnist.rows(from, from + n);
                return last;
            }
        });
        FileDataset train = FileDataset.open(file, null, Mnist.SHAPE);
        System.out.printf(Locale.ROOT, "wrote %s: %d rows, %.2f GB in %.1f s; rss_mb %d%n", file, train.size(),
                Files.size(file) / 1e9, (System.nanoTime() - started) / 1e9, ProcessMemory.mb("VmRSS"));
        VaeConfig config = VaeConfig.builder(Mnist.SHAPE, 20).epochs(epochs).build();
        TrainingListener printer = new TrainingListener() {
            @Override
            public void epochDone(EpochRecord r, Vae model) {
                System.out.printf(Locale.ROOT, "epoch %d sec %.1f images_per_sec %.0f train_elbo %.4f test_elbo %.4f"
                        + " rss_mb %d peak_rss_mb %d heap_max_mb %d%n", r.epoch(), r.seconds(), train.size() / r.seconds(),
                        r.train().elbo(), r.validation().elbo(), ProcessMemory.mb("VmRSS"), ProcessMemory.mb("VmHWM"),
                        Runtime.getRuntime().maxMemory() >> 20);
            }
        };
        try {
            new VaeTrainer(config).withListeners(printer).fit(train, test);
        } finally {
            if (!keep) {
                Files.deleteIfExists(file);
            }
        }
        return 0;
    }

    /**
     * Runs the benchmark.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new StreamingBenchmark()).execute(args));
    }
}
