package org.vae4j.examples.benchmark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.function.IntFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How much a second core adds on this machine, whatever vae4j does: each workload runs on one Java thread alone,
 * then on two Java threads at once (each with its own data and one OpenMP thread), and the benchmark prints their
 * combined throughput as a multiple of one thread's. This is the ceiling of any {@code --threads 2} against
 * {@code --threads 1} for work of that kind; 2.0 means two independent cores, 1.0 means the two virtual CPUs share one
 * core's execution units (as simultaneous multithreading siblings do).
 *
 * <p>The workloads:
 * <ul>
 *   <li>{@code fma}: float fused multiply-adds on 16 independent accumulators, in registers (no memory traffic): the
 *       floating-point units alone. On the JDK's Vector API at the processor's widest float vectors when
 *       {@code --add-modules jdk.incubator.vector} is given, scalar {@link Math#fma(float, float, float)} otherwise.
 *   <li>{@code sgemm}: ND4J's {@code matmul} of two {@code [n, n]} float matrices ({@code --sgemm-size}), the product
 *       training and evaluation run (oneDNN or OpenBLAS).
 *   <li>{@code integer}: a scalar integer hash chain (multiplications, shifts, xors): the control, work that does not
 *       use the floating-point units.
 * </ul>
 *
 * <p>Prints one line per workload and round, then
 * {@code RESULT fma_scaling=X sgemm_scaling=Y integer_scaling=Z fma_gflops_t1=G sgemm_gflops_t1=S}: each scaling the
 * median over the rounds of {@code 2 * t1 / t2}, where {@code t1} is one thread's seconds for its share of the work
 * alone and {@code t2} the seconds until both threads finished the same share each.
 */
@Command(name = "core-scaling", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measures how much a second thread adds on this machine for float, sgemm and integer work.")
public final class CoreScaling implements Callable<Integer> {

    @Option(names = "--rounds", defaultValue = "3", description = "Rounds per workload (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--seconds", defaultValue = "1.5",
            description = "About how long one thread's share of a workload takes alone (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--sgemm-size", defaultValue = "1024",
            description = "n of the [n, n] x [n, n] products of the sgemm workload (default: ${DEFAULT-VALUE}).")
    int sgemmSize;

    /** A workload: {@link #prepare} makes one thread's data, {@link Task#run(long)} runs that many units on it. */
    private record Workload(String name, double flopPerUnit, IntFunction<Task> prepare) {
    }

    /** One thread's share of a workload. */
    @FunctionalInterface
    private interface Task {
        /** Runs {@code units} units of work and returns a value that depends on all of it (so none is skipped). */
        double run(long units);
    }

    @Override
    public Integer call() {
        Nd4j.getBackend(); // loads the native library before the timing threads use it
        boolean vectors = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        List<Workload> workloads = new ArrayList<>();
        workloads.add(vectors
                ? new Workload("fma", 2.0 * VectorFma.FMA_PER_UNIT * VectorFma.lanes(), t -> VectorFma::run)
                : new Workload("fma", 2.0 * ScalarFma.FMA_PER_UNIT, t -> ScalarFma::run));
        long n = sgemmSize;
        workloads.add(new Workload("sgemm", 2.0 * n * n * n, t -> sgemm(sgemmSize, t)));
        workloads.add(new Workload("integer", 0, t -> CoreScaling::integerChain));
        System.out.printf(Locale.ROOT, "core scaling: %d processors, fma on %s, sgemm [%d, %d] x [%d, %d]%n",
                Runtime.getRuntime().availableProcessors(),
                vectors ? VectorFma.lanes() + "-float vectors" : "scalar floats", n, n, n, n);
        StringBuilder result = new StringBuilder("RESULT");
        StringBuilder rates = new StringBuilder();
        for (Workload w : workloads) {
            Task[] tasks = {w.prepare().apply(0), w.prepare().apply(1)};
            long units = calibrate(tasks[0]);
            double[] scaling = new double[rounds];
            double[] rate = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                double t1 = runConcurrently(new Task[] {tasks[0]}, units);
                double t2 = runConcurrently(tasks, units);
                scaling[r] = 2 * t1 / t2;
                rate[r] = w.flopPerUnit() * units / t1 / 1e9;
                System.out.printf(Locale.ROOT, "%-8s round %d: one thread %.3f s; two threads, the same work each,"
                        + " %.3f s: %.2f x one thread's throughput%s%n", w.name(), r + 1, t1, t2, scaling[r],
                        w.flopPerUnit() > 0 ? String.format(Locale.ROOT, " (one thread %.1f GFLOP/s)", rate[r]) : "");
            }
            result.append(String.format(Locale.ROOT, " %s_scaling=%.2f", w.name(), median(scaling)));
            if (w.flopPerUnit() > 0) {
                rates.append(String.format(Locale.ROOT, " %s_gflops_t1=%.1f", w.name(), median(rate)));
            }
        }
        System.out.println(result.append(rates));
        return 0;
    }

    /** @return units that take about {@code seconds} on one thread, after warming the code up */
    private long calibrate(Task task) {
        long units = 1;
        double elapsed = 0;
        while (elapsed < 0.2) {
            units *= 2;
            long t0 = System.nanoTime();
            task.run(units);
            elapsed = (System.nanoTime() - t0) / 1e9;
        }
        return Math.max(1, Math.round(units * seconds / elapsed));
    }

    /** @return seconds from the common start until the last of {@code tasks} finished {@code units} each */
    private static double runConcurrently(Task[] tasks, long units) {
        CyclicBarrier start = new CyclicBarrier(tasks.length + 1);
        double[] sink = new double[tasks.length];
        Throwable[] failure = new Throwable[tasks.length];
        Thread[] threads = new Thread[tasks.length];
        for (int i = 0; i < tasks.length; i++) {
            int index = i;
            threads[i] = new Thread(() -> {
                try {
                    NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
                } finally {
                    await(start);
                }
                sink[index] = tasks[index].run(units);
            }, "core-scaling-" + i);
            threads[i].setUncaughtExceptionHandler((t, e) -> failure[index] = e);
            threads[i].start();
        }
        await(start);
        long t0 = System.nanoTime();
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while timing", e);
            }
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        for (Throwable f : failure) {
            if (f != null) {
                throw new IllegalStateException("a timing thread failed", f);
            }
        }
        if (Double.isNaN(sink[0] + sink[tasks.length - 1])) {
            System.out.println("(a workload's check value is NaN)");
        }
        return elapsed;
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException("a timing thread failed to start", e);
        }
    }

    private static Task sgemm(int n, int seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        return units -> {
            for (long i = 0; i < units; i++) {
                Nd4j.matmul(a, b, c, false, false, false);
            }
            return c.getDouble(0, 0);
        };
    }

    /** A chain of 64-bit multiplications, shifts and xors (SplitMix64's finalizer), 4 chains interleaved. */
    private static double integerChain(long units) {
        long a = 1;
        long b = 2;
        long c = 3;
        long d = 4;
        for (long i = 0; i < units * 1024; i++) {
            a = mix(a + i);
            b = mix(b ^ i);
            c = mix(c - i);
            d = mix(d + 2 * i);
        }
        return (double) (a ^ b ^ c ^ d);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Float fused multiply-adds without the Vector API: 8 independent accumulators, 1,024 steps per unit. */
    private static final class ScalarFma {
        static final int FMA_PER_UNIT = 8 * 1024;

        static double run(long units) {
            float a = 1f;
            float b = 1.1f;
            float c = 1.2f;
            float d = 1.3f;
            float e = 1.4f;
            float f = 1.5f;
            float g = 1.6f;
            float h = 1.7f;
            float m = 0.999f;
            float s = 0.001f;
            for (long step = 0; step < units * 1024; step++) {
                a = Math.fma(a, m, s);
                b = Math.fma(b, m, s);
                c = Math.fma(c, m, s);
                d = Math.fma(d, m, s);
                e = Math.fma(e, m, s);
                f = Math.fma(f, m, s);
                g = Math.fma(g, m, s);
                h = Math.fma(h, m, s);
            }
            return a + b + c + d + e + f + g + h;
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /**
     * Runs the benchmark.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new CoreScaling()).execute(args));
    }
}
