package org.vae4j;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.mnist.Mnist;
import org.vae4j.exec.GraphRunner;
import org.vae4j.graph.VaeGraph;
import org.vae4j.train.EpochLoop;
import org.vae4j.train.Optimizer;
import org.vae4j.train.RandomStreams;

/**
 * How much faster training's update is on two threads than on one, measured in one process (not a test): trains
 * the reference model (MLP 784-512-20, Bernoulli, Adam 1e-3, batch 128, float32) on MNIST with epochs alternately on
 * one and two threads ({@link EpochLoop}s of both counts over the same graph and optimizer), and prints each epoch's
 * mean time per update (its wall time over its updates, as a user sees it) and median time between updates (which
 * leaves out the slowest updates). A machine whose speed changes from minute to minute changes both sides of a round
 * alike, which separate processes do not. Usage, from the repository root after
 * {@code mvn -B -o -q test-compile -pl vae-core} and
 * {@code mvn -B -o -q dependency:build-classpath -pl vae-core -Dmdep.outputFile=target/cp.txt}:
 *
 * <pre>
 * java -Xmx2g -Xmn32m -XX:+UseSerialGC --add-modules jdk.incubator.vector \
 *     -cp vae-core/target/classes:vae-core/target/test-classes:$(cat vae-core/target/cp.txt) \
 *     org.vae4j.ThreadScalingProfile [ROUNDS]
 * </pre>
 */
final class ThreadScalingProfile {
    private ThreadScalingProfile() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        ImageDataset train = Mnist.train(Mnist.locate((Path) null));
        VaeConfig config = VaeConfig.builder(784, 20).epochs(2 * rounds + 2).build();
        RandomStreams random = new RandomStreams(config.seed());
        GraphRunner runner = new GraphRunner(VaeGraph.build(config, config.dataType(), random.initialization()),
                config.dataType());
        Optimizer optimizer = Optimizer.create(runner.graph(), config.updater(), null);
        long[] stamps = new long[train.size() / config.batchSize() + 2];
        int[] count = {0};
        EpochLoop.IterationCallback stamp = (epoch, iteration, b, elboSum, loss) -> {
            if (count[0] < stamps.length) {
                stamps[count[0]++] = System.nanoTime();
            }
        };
        double[] ratios = new double[rounds];
        double[] medianRatios = new double[rounds];
        try (EpochLoop one = new EpochLoop(config, runner, optimizer, stamp, null, 1);
                EpochLoop two = new EpochLoop(config, runner, optimizer, stamp, null, 2)) {
            long iterations = 0;
            int epoch = 1;
            for (int r = 0; r <= rounds; r++) { // round 0 warms up
                double[] ms = new double[2];
                double[] mean = new double[2];
                for (int t = 0; t < 2; t++) {
                    count[0] = 0;
                    long started = System.nanoTime();
                    long batches = (t == 0 ? one : two).run(train, epoch++, iterations, random).batches();
                    mean[t] = (System.nanoTime() - started) / 1e6 / batches;
                    iterations += batches;
                    double[] gaps = new double[count[0] - 1];
                    for (int k = 1; k < count[0]; k++) {
                        gaps[k - 1] = (stamps[k] - stamps[k - 1]) / 1e6;
                    }
                    Arrays.sort(gaps);
                    ms[t] = gaps[gaps.length / 2];
                }
                System.out.printf(Locale.ROOT, "round %d: ms per update, mean (median) 1 thread %.3f (%.3f),"
                        + " 2 threads %.3f (%.3f): %.2f (%.2f) times%n", r, mean[0], ms[0], mean[1], ms[1],
                        mean[0] / mean[1], ms[0] / ms[1]);
                if (r > 0) {
                    ratios[r - 1] = mean[0] / mean[1];
                    medianRatios[r - 1] = ms[0] / ms[1];
                }
            }
        }
        Arrays.sort(ratios);
        Arrays.sort(medianRatios);
        System.out.printf(Locale.ROOT, "median over %d rounds: 2 threads %.2f times as fast as 1 by the mean time per"
                + " update (%.2f to %.2f), %.2f by the median%n", rounds, ratios[rounds / 2], ratios[0],
                ratios[rounds - 1], medianRatios[rounds / 2]);
        System.exit(0);
    }
}
