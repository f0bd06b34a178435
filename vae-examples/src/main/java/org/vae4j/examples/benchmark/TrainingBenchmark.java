package org.vae4j.examples.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.Backend;
import org.vae4j.EpochRecord;
import org.vae4j.TrainingListener;
import org.vae4j.TrainingResult;
import org.vae4j.Vae;
import org.vae4j.VaeConfig;
import org.vae4j.VaeTrainer;
import org.vae4j.console.RunOptions;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.mnist.Mnist;
import org.vae4j.nn.ConvDecoder;
import org.vae4j.nn.ConvEncoder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures training speed and memory of the reference VAE (MLP 784-512-20, Bernoulli, Adam 1e-3, batch 128,
 * float32) on the real MNIST training set, the same model and protocol as the libtorch anchor
 * ({@code ../shared/anchors/libtorch-vae}), or with {@code --architecture conv} of the convolutional VAE
 * ({@code ConvEncoder.of(32, 64)} / {@code ConvDecoder.of(32, 64)}, the PyTorch anchor's {@code --arch conv}): per
 * epoch the wall time of the training loop, the process's CPU time over it and the garbage collectors' share of it
 * ({@code gc_sec}), images per second and
 * the process's resident memory (with the Java heap's used and committed size; the rest is native: ND4J's arrays,
 * libraries, thread stacks); then the test-set negative ELBO, the evaluation speed (per-example ELBO of the
 * 10,000 test images, and generation), and a machine-readable summary line
 * {@code RESULT epochs=N sec_per_epoch_median=X peak_rss_mb=Y test_neg_elbo=Z ms_per_update_median=U threads=T
 * blas_threads=B architecture=A}.
 *
 * <p>Linux only for the memory figures (read from {@code /proc/self/status}); elsewhere they print as -1.
 */
@Command(name = "training-benchmark", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Times training of the reference VAE on MNIST and prints seconds per epoch and RSS.")
public final class TrainingBenchmark implements Callable<Integer> {

    @Option(names = "--epochs", defaultValue = "3", description = "Epochs to train (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--threads", paramLabel = "N", description = RunOptions.THREADS_DESCRIPTION)
    Integer threads;

    @Option(names = "--blas-threads", description = "Threads of the matrix products (OpenBLAS) only, after"
            + " --threads set every count (default: as --threads).")
    Integer blasThreads;

    @Option(names = "--architecture", defaultValue = "mlp", description = "mlp (784-512-20) or conv"
            + " (ConvEncoder.of(32, 64) / ConvDecoder.of(32, 64), latent 20) (default: ${DEFAULT-VALUE}).")
    String architecture;

    @Option(names = "--train-size", description = "Train on the first N training images only (default: all"
            + " 60,000), for quick comparisons of settings.")
    Integer trainSize;

    @Option(names = "--seed", defaultValue = "0", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--mnist-dir", description = "Folder holding the four MNIST IDX files (plain or .gz).")
    Path mnistDir;

    @Option(names = "--test-elbo-at", split = ",", description = "Also print the test-set negative ELBO after these"
            + " epochs (comma-separated), outside the timed loop.")
    List<Integer> testElboAt = List.of();

    @Override
    public Integer call() throws IOException {
        threads = Backend.chooseThreads(threads);
        if (blasThreads != null) {
            Nd4j.factory().blas().setMaxThreads(blasThreads);
        }
        int blas = Nd4j.factory().blas().getMaxThreads();
        Path dir = Mnist.locate(mnistDir);
        ImageDataset train = trainSize == null ? Mnist.train(dir) : Mnist.train(dir).first(trainSize);
        ImageDataset test = Mnist.test(dir);
        VaeConfig config = switch (architecture) {
            case "mlp" -> VaeConfig.builder(784, 20).epochs(epochs).seed(seed).build();
            case "conv" -> VaeConfig.builder(Mnist.SHAPE, 20).encoder(ConvEncoder.of(32, 64))
                    .decoder(ConvDecoder.of(32, 64)).epochs(epochs).seed(seed).build();
            default -> throw new CommandLine.ParameterException(new CommandLine(this),
                    "--architecture must be mlp or conv, got '" + architecture + "'");
        };
        long updates = (train.size() + config.batchSize() - 1) / config.batchSize();
        System.out.printf(Locale.ROOT, "vae4j architecture=%s threads=%d blas_threads=%d train=%d test=%d batch=%d"
                + " updates_per_epoch=%d%n", architecture, threads, blas, train.size(), test.size(),
                config.batchSize(), updates);
        List<Double> seconds = new ArrayList<>();
        long[] cpuBefore = {processCpuNanos()};
        long[] gcBefore = {gcMillis()};
        TrainingListener printer = new TrainingListener() {
            @Override
            public void epochDone(EpochRecord r, Vae model) {
                seconds.add(r.seconds());
                long cpu = processCpuNanos();
                double cpuSeconds = (cpu - cpuBefore[0]) / 1e9;
                long gc = gcMillis();
                Runtime rt = Runtime.getRuntime();
                System.out.printf(Locale.ROOT, "epoch %d train_sec %.3f cpu_sec %.3f gc_sec %.3f images_per_sec %.0f"
                                + " train_elbo %.4f rss_mb %d heap_used_mb %d heap_committed_mb %d%n",
                        r.epoch(), r.seconds(), cpuSeconds, (gc - gcBefore[0]) / 1e3, train.size() / r.seconds(),
                        r.train().elbo(),
                        ProcessMemory.mb("VmRSS"), (rt.totalMemory() - rt.freeMemory()) >> 20, rt.totalMemory() >> 20);
                if (testElboAt.contains(r.epoch())) {
                    System.out.printf(Locale.ROOT, "epoch %d test_neg_elbo %.4f%n", r.epoch(),
                            -model.evaluate(test, 0, 1).elbo().elbo());
                }
                cpuBefore[0] = processCpuNanos();
                gcBefore[0] = gcMillis();
            }
        };
        TrainingResult result = new VaeTrainer(config).withListeners(printer).fit(train);
        Vae vae = result.model();

        long t0 = System.nanoTime();
        double testElbo = vae.evaluate(test, 0, 1).elbo().elbo();
        double evalSec = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        INDArray generated = vae.generate(test.size(), 2);
        double genSec = (System.nanoTime() - t0) / 1e9;
        double trainPerImage = median(seconds) / train.size();
        System.out.printf(Locale.ROOT, "eval test_neg_elbo %.4f elbo_sec %.3f (%.1f us/image) generate_sec %.3f for %d"
                        + " (%.1f us/image); training %.1f us/image%n", -testElbo, evalSec, evalSec / test.size() * 1e6,
                genSec, generated.rows(), genSec / generated.rows() * 1e6, trainPerImage * 1e6);
        System.out.printf(Locale.ROOT, "RESULT epochs=%d sec_per_epoch_median=%.3f peak_rss_mb=%d test_neg_elbo=%.4f"
                        + " ms_per_update_median=%.3f threads=%d blas_threads=%d architecture=%s%n",
                epochs, median(seconds), ProcessMemory.mb("VmHWM"), -testElbo, median(seconds) * 1e3 / updates,
                threads, blas, architecture);
        return 0;
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** @return milliseconds the JVM's garbage collectors have spent collecting, in all (pauses and concurrent work) */
    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(b -> Math.max(0, b.getCollectionTime())).sum();
    }

    /**
     * CPU time of the whole process (all threads: ND4J's, the JIT's, the GC's), in nanoseconds, or -1 where the JVM
     * does not report it. Under load from other processes, CPU seconds per epoch compare engines more steadily than
     * wall time.
     */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /**
     * Runs the benchmark.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new TrainingBenchmark()).execute(args));
    }
}
