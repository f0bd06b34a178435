package org.vae4j.examples.benchmark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.Backend;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The arithmetic limit of one training update of an MLP VAE on this machine: times every matrix product of one
 * update at the model's shapes through ND4J's {@code matmul} (the op, and so the BLAS, that training runs) on each
 * thread count, and prints their sum as the least time an update can take, beside the floating-point operations
 * (FLOP) it needs.
 *
 * <p>An update of a dense layer with input {@code [batch, in]} and weights {@code [in, out]} runs three products
 * of {@code 2 * batch * in * out} FLOP each: forward {@code x W}, the input gradient {@code dY W^T} (skipped for the
 * first layer, whose input is the data) and the weight gradient {@code x^T dY}. The reference model (784-512-20,
 * batch 128; the encoder's last layer outputs mean and log-variance, 40 values) needs 0.537 GFLOP per update.
 * Everything else an update does (elementwise ops, the optimizer) is left out, so the figure is a floor, not a
 * prediction.
 *
 * <p>Prints one line per product and thread count ({@code ms}, {@code GFLOP/s}), then
 * {@code RESULT gflop_per_update=G limit_ms_t1=X limit_ms_t2=Y ...}: the sum of the products' times per update on
 * each thread count.
 */
@Command(name = "arithmetic-limit", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Times the matrix products of one MLP VAE update at the model's shapes on 1 and 2 threads.")
public final class ArithmeticLimit implements Callable<Integer> {

    @Option(names = "--layers", split = ",", defaultValue = "784:512,512:40,20:512,512:784",
            description = "Dense layers as in:out, the first taking the data; the default is the reference model:"
            + " encoder 784->512->40 (mean and log-variance of 20 latents), decoder 20->512->784"
            + " (default: ${DEFAULT-VALUE}).")
    List<String> layers;

    @Option(names = "--batch", defaultValue = "128", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--threads", split = ",", defaultValue = "1,2",
            description = "Thread counts to time (default: ${DEFAULT-VALUE}).")
    int[] threadCounts;

    @Option(names = "--repeats", defaultValue = "300",
            description = "Timed repeats of each product (default: ${DEFAULT-VALUE}).")
    int repeats;

    /** One product {@code C[m, n] = op(A) op(B)} with its name. */
    private record Product(String name, int m, int k, int n, boolean transposeA, boolean transposeB) {
        double flop() {
            return 2.0 * m * k * n;
        }
    }

    @Override
    public Integer call() {
        List<Product> products = products();
        double flop = products.stream().mapToDouble(Product::flop).sum();
        System.out.printf(Locale.ROOT, "arithmetic limit: batch %d, layers %s, %d products, %.3f GFLOP per update%n",
                batch, layers, products.size(), flop / 1e9);
        StringBuilder result = new StringBuilder(
                String.format(Locale.ROOT, "RESULT gflop_per_update=%.4f", flop / 1e9));
        for (int threads : threadCounts) {
            Backend.setThreads(threads);
            double total = 0;
            for (Product p : products) {
                double ms = time(p);
                total += ms;
                System.out.printf(Locale.ROOT, "threads %d  %-22s [%d, %d] x [%d, %d]  %.4f ms  %.1f GFLOP/s%n",
                        threads, p.name(), p.m(), p.k(), p.k(), p.n(), ms, p.flop() / ms / 1e6);
            }
            System.out.printf(Locale.ROOT, "threads %d  all products: %.3f ms per update, %.1f GFLOP/s%n", threads,
                    total, flop / total / 1e6);
            result.append(String.format(Locale.ROOT, " limit_ms_t%d=%.3f gflops_t%d=%.1f", threads, total, threads,
                    flop / total / 1e6));
        }
        System.out.println(result);
        return 0;
    }

    private List<Product> products() {
        List<Product> products = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            String[] io = layers.get(i).split(":");
            int in;
            int out;
            try {
                in = Integer.parseInt(io[0].strip());
                out = Integer.parseInt(io.length == 2 ? io[1].strip() : "");
            } catch (NumberFormatException e) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "--layers: each layer is in:out (two whole numbers), got '" + layers.get(i) + "'");
            }
            String layer = "layer " + (i + 1) + " ";
            products.add(new Product(layer + "x W", batch, in, out, false, false));
            if (i > 0) {
                products.add(new Product(layer + "dY W^T", batch, out, in, false, true));
            }
            products.add(new Product(layer + "x^T dY", in, batch, out, true, false));
        }
        return products;
    }

    /** @return milliseconds per product, the median of 5 rounds of {@code repeats / 5} after a warm-up */
    private double time(Product p) {
        INDArray a = p.transposeA() ? Nd4j.rand(DataType.FLOAT, p.k(), p.m()) : Nd4j.rand(DataType.FLOAT, p.m(), p.k());
        INDArray b = p.transposeB() ? Nd4j.rand(DataType.FLOAT, p.n(), p.k()) : Nd4j.rand(DataType.FLOAT, p.k(), p.n());
        INDArray c = Nd4j.create(DataType.FLOAT, p.m(), p.n());
        for (int i = 0; i < Math.max(20, repeats / 10); i++) {
            Nd4j.matmul(a, b, c, p.transposeA(), p.transposeB(), false);
        }
        int perRound = Math.max(1, repeats / 5);
        double[] rounds = new double[5];
        for (int r = 0; r < rounds.length; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < perRound; i++) {
                Nd4j.matmul(a, b, c, p.transposeA(), p.transposeB(), false);
            }
            rounds[r] = (System.nanoTime() - t0) / 1e6 / perRound;
        }
        Arrays.sort(rounds);
        return rounds[2];
    }

    /**
     * Runs the benchmark.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ArithmeticLimit()).execute(args));
    }
}
