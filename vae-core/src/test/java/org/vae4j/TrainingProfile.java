package org.vae4j;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.mnist.Mnist;
import org.vae4j.exec.ExecutionPlan;
import org.vae4j.exec.HostArrays;
import org.vae4j.exec.ThreadTeam;
import org.vae4j.graph.VaeGraph;
import org.vae4j.prior.Gaussians;
import org.vae4j.train.Optimizer;
import org.vae4j.train.RandomStreams;

/**
 * Where the time of one training update goes, for performance work (not a test): runs the trainer's loop for the
 * reference model (MLP 784-512-20, Bernoulli, Adam 1e-3, batch 128, float32) on real MNIST batches and times each
 * part (batch and noise, every op type of the compiled gradient plan, the ELBO sums, the NaN/Inf checks, the
 * optimizer). Usage, from the repository root after {@code mvn -B -o -q test-compile -pl vae-core} and
 * {@code mvn -B -o -q dependency:build-classpath -pl vae-core -Dmdep.outputFile=target/cp.txt}:
 *
 * <pre>
 * java -cp vae-core/target/classes:vae-core/target/test-classes:$(cat vae-core/target/cp.txt) \
 *     org.vae4j.TrainingProfile [UPDATES] [WARMUP] [THREADS]
 * </pre>
 */
final class TrainingProfile {
    private TrainingProfile() {
    }

    public static void main(String[] args) throws Exception {
        int updates = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Backend.setThreads(threads);
        if (System.getProperty("ewt") != null) {
            Nd4j.getEnvironment().setElementwiseThreshold(Integer.getInteger("ewt"));
        }
        if (System.getProperty("tadt") != null) {
            Nd4j.getEnvironment().setTadThreshold(Integer.getInteger("tadt"));
        }
        System.out.println("elementwise threshold " + Nd4j.getEnvironment().elementwiseThreshold() + ", tad threshold "
                + Nd4j.getEnvironment().tadThreshold() + ", omp " + Nd4j.getEnvironment().maxThreads());
        ImageDataset train = Mnist.train(Mnist.locate((Path) null));
        VaeConfig config = VaeConfig.builder(784, 20).build();
        RandomStreams random = new RandomStreams(config.seed());
        var sd = VaeGraph.build(config, config.dataType(), random.initialization());
        Optimizer optimizer = Optimizer.create(sd, config.updater(), null)
                .on(new ThreadTeam(Integer.getInteger("optimizer.threads", threads)));
        Map<String, String> gradientNames = new LinkedHashMap<>();
        for (String p : optimizer.parameterNames()) {
            gradientNames.put(p, sd.getVariable(p).getGradient().name());
        }
        List<String> outputs = new ArrayList<>(List.of(VaeGraph.ELBO, VaeGraph.LOG_LIKELIHOOD, VaeGraph.KL,
                VaeGraph.LOSS));
        outputs.addAll(gradientNames.values());
        ExecutionPlan step = new ExecutionPlan(sd.getFunction("grad"), outputs, VaeGraph.INPUT);
        INDArray beta = Nd4j.scalar(config.dataType(), 1.0);
        INDArray noiseBuffer = Nd4j.create(config.dataType(), config.batchSize(), config.latentSize());
        Map<String, long[]> parts = new LinkedHashMap<>();
        long iteration = 0;
        int measured = 0;
        double checksum = 0;
        long windowOptimizer = 0;
        long windowPlan = 0;
        for (int epoch = 1; measured < updates; epoch++) {
            SplittableRandom noise = random.noise(epoch);
            for (INDArray batch : train.shuffledBatches(config.batchSize(), random.shuffle(epoch)).reusingArrays()) {
                if (batch.rows() != config.batchSize() || measured >= updates) {
                    continue;
                }
                boolean measure = iteration >= warmup;
                if (iteration == warmup) {
                    step.profile(true);
                }
                long t0 = System.nanoTime();
                Map<String, INDArray> feed = new HashMap<>();
                feed.put(VaeGraph.INPUT, batch);
                feed.put(VaeGraph.NOISE, Gaussians.fill(noiseBuffer, noise));
                feed.put(VaeGraph.BETA, beta);
                long t1 = System.nanoTime();
                Map<String, INDArray> out = step.execute(feed);
                long t2 = System.nanoTime();
                checksum += HostArrays.sum(out.get(VaeGraph.ELBO)) + HostArrays.sum(out.get(VaeGraph.LOG_LIKELIHOOD))
                        + HostArrays.sum(out.get(VaeGraph.KL)) + out.get(VaeGraph.LOSS).getDouble(0);
                long t3 = System.nanoTime();
                Map<String, INDArray> gradients = new HashMap<>();
                for (Map.Entry<String, String> g : gradientNames.entrySet()) {
                    INDArray gradient = out.get(g.getValue());
                    if (!HostArrays.allFinite(gradient)) {
                        throw new IllegalStateException("non-finite gradient of " + g.getKey());
                    }
                    gradients.put(g.getKey(), gradient);
                }
                long t4 = System.nanoTime();
                optimizer.apply(sd, gradients, iteration, epoch - 1);
                long t5 = System.nanoTime();
                iteration++;
                windowOptimizer += t5 - t4;
                windowPlan += t2 - t1;
                if (iteration % 200 == 0) {
                    System.out.printf(Locale.ROOT, "after %d updates: RSS %s, last 200: plan %.2f ms, optimizer %.2f ms%n",
                            iteration, rss(), windowPlan / 2e8, windowOptimizer / 2e8);
                    windowOptimizer = 0;
                    windowPlan = 0;
                }
                if (measure) {
                    measured++;
                    add(parts, "batch and noise", t1 - t0);
                    add(parts, "gradient plan (all ops and bookkeeping)", t2 - t1);
                    add(parts, "ELBO sums and loss", t3 - t2);
                    add(parts, "NaN/Inf checks of the gradients", t4 - t3);
                    add(parts, "optimizer", t5 - t4);
                    add(parts, "total", t5 - t0);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d updates after %d warm-up (checksum %.3f)%n", measured, warmup, checksum);
        System.out.println("op type: ms per update (calls per update)");
        long opsTotal = 0;
        List<Map.Entry<String, long[]>> ops = new ArrayList<>(step.profileResults().entrySet());
        ops.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
        for (Map.Entry<String, long[]> e : ops) {
            opsTotal += e.getValue()[0];
            System.out.printf(Locale.ROOT, "  %-28s %6.2f  (%d)%n", e.getKey(), e.getValue()[0] / 1e6 / measured,
                    e.getValue()[1] / measured);
        }
        System.out.printf(Locale.ROOT, "  %-28s %6.2f%n", "ops total", opsTotal / 1e6 / measured);
        System.out.println("part: ms per update");
        for (Map.Entry<String, long[]> e : parts.entrySet()) {
            System.out.printf(Locale.ROOT, "  %-40s %6.2f%n", e.getKey(), e.getValue()[0] / 1e6 / measured);
        }
    }

    private static String rss() throws java.io.IOException {
        return java.nio.file.Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).map(l -> l.substring(6).trim()).findFirst().orElse("?");
    }

    private static void add(Map<String, long[]> parts, String name, long nanos) {
        parts.computeIfAbsent(name, k -> new long[1])[0] += nanos;
    }
}
