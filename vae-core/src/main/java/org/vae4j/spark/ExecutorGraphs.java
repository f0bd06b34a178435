package org.vae4j.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.ConfigJson;
import org.vae4j.VaeConfig;
import org.vae4j.data.InvalidDataException;
import org.vae4j.graph.VaeGraph;
import org.vae4j.train.BatchGradient;
import org.vae4j.train.DataChecks;
import org.vae4j.train.Optimizer;

/**
 * The executor side of data-parallel training: one compiled VAE graph per executor JVM and configuration, cached
 * across tasks and steps, whose parameters are overwritten with each step's broadcast values before its partitions'
 * gradients are computed. Tasks of one executor take turns on the graph.
 */
final class ExecutorGraphs {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ExecutorGraphs.class);
    private static final Map<String, Worker> WORKERS = new ConcurrentHashMap<>();

    private ExecutorGraphs() {
    }

    /** One graph, its gradient plan and the step whose parameters it holds. */
    static final class Worker {
        final VaeConfig config;
        final SameDiff graph;
        final List<INDArray> parameters = new ArrayList<>();
        final BatchGradient gradient;
        long loadedStep;
        boolean loaded;

        Worker(VaeConfig config) {
            this.config = config;
            // the initial values do not matter: every step overwrites them
            graph = VaeGraph.build(config, config.dataType(), new SplittableRandom(0));
            List<String> names = new ArrayList<>();
            for (SDVariable v : Optimizer.parameters(graph)) {
                names.add(v.name());
                parameters.add(v.getArr());
            }
            gradient = new BatchGradient(graph, names);
        }
    }

    static Worker worker(String configJson) {
        return WORKERS.computeIfAbsent(configJson, json -> new Worker(ConfigJson.read(json)));
    }

    /** Prefix of a {@link #check} message that is about the executor, not the data. */
    static final String EXECUTOR_FAULT = "executor: ";

    /**
     * Why this executor cannot run vae4j's graphs, or null if it can: ND4J's native backend must load.
     *
     * @param probe touches the backend (creates an array); any throwable it throws is the fault
     * @return the fault, one line naming the host, prefixed by {@link #EXECUTOR_FAULT}; or null
     */
    static String nativeBackendFault(Runnable probe) {
        try {
            probe.run();
            return null;
        } catch (Throwable t) { // UnsatisfiedLinkError, NoClassDefFoundError, ND4J's RuntimeException: all mean the same
            String host;
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "(unknown host)";
            }
            return EXECUTOR_FAULT + "the Spark executor on " + host + " cannot load ND4J's native backend (put"
                    + " org.nd4j:nd4j-native with its platform's classifier, e.g. linux-x86_64, on the executors'"
                    + " class path, as the examples jar's lib folder does): " + t.getClass().getName() + ": "
                    + String.valueOf(t.getMessage()).lines().findFirst().orElse("");
        }
    }

    /**
     * The message of the first fault in a block (the executor's native backend, then what {@link DataChecks} finds),
     * or null if it fits.
     */
    static String check(String configJson, Block block) {
        String backend = nativeBackendFault(() -> Nd4j.create(DataType.FLOAT, 1));
        if (backend != null) {
            return backend;
        }
        if (block.badRow >= 0) {
            return "training partition " + block.partition + ", row " + block.badRow + " of the partition, has "
                    + block.badWidth + " features but the partition's first row has " + block.width;
        }
        if (block.rows == 0) {
            return "training partition " + block.partition + " is empty: every partition needs examples (use fewer"
                    + " partitions, e.g. coalesce or repartition, or filter out empty ones)";
        }
        try {
            VaeConfig config = worker(configJson).config;
            DataChecks.check(config, block.dataset(config.inputShape()), "training partition " + block.partition);
            return null;
        } catch (InvalidDataException e) {
            return e.getMessage();
        }
    }

    /**
     * This block's share of one step's gradient.
     *
     * @param configJson the model configuration
     * @param block the partition's examples
     * @param start the global index of the block's first example
     * @param step identifies the step's parameters (unique across runs, so that runs sharing a graph never take
     *     another's)
     * @param parameters every parameter, flat in graph order
     * @param indices the batch's global example indices
     * @param noise eps for the whole batch, {@code [samples * b, latentSize]} flat, or null
     * @param beta the KL weight
     * @param capacity the KL capacity
     */
    static PartialGradient gradient(String configJson, Block block, long start, long step, float[] parameters,
            int[] indices, float[] noise, double beta, double capacity) {
        int b = indices.length;
        int[] positions = new int[b];
        int[] local = new int[b];
        int mine = 0;
        for (int j = 0; j < b; j++) {
            long i = indices[j] - start;
            if (i >= 0 && i < block.rows) {
                positions[mine] = j;
                local[mine++] = (int) i;
            }
        }
        if (mine == 0) {
            return PartialGradient.empty(block.partition);
        }
        Worker w = worker(configJson);
        VaeConfig config = w.config;
        DataType type = config.dataType();
        synchronized (w) {
            long t0 = System.nanoTime();
            if (!w.loaded || w.loadedStep != step) {
                w.loaded = false; // until every parameter is written
                int offset = 0;
                for (INDArray p : w.parameters) {
                    int n = (int) p.length();
                    p.assign(Nd4j.create(Arrays.copyOfRange(parameters, offset, offset + n), p.shape(), 'c'));
                    offset += n;
                }
                w.loadedStep = step;
                w.loaded = true;
            }
            int[] rows = Arrays.copyOf(local, mine);
            INDArray x = block.dataset(config.inputShape()).gather(rows, null);
            Map<String, INDArray> feed = new java.util.HashMap<>();
            feed.put(VaeGraph.INPUT, x.dataType() == type ? x : x.castTo(type));
            if (noise != null) {
                int latent = config.latentSize();
                int samples = noise.length / (b * latent);
                float[] eps = new float[samples * mine * latent];
                for (int s = 0; s < samples; s++) {
                    for (int k = 0; k < mine; k++) {
                        System.arraycopy(noise, (s * b + positions[k]) * latent, eps, (s * mine + k) * latent,
                                latent);
                    }
                }
                feed.put(VaeGraph.NOISE, Nd4j.create(eps, new long[] {(long) samples * mine, latent}, 'c')
                        .castTo(type));
            }
            feed.put(VaeGraph.BETA, Nd4j.scalar(type, beta));
            feed.put(VaeGraph.CAPACITY, Nd4j.scalar(type, capacity));
            long t1 = System.nanoTime();
            BatchGradient.Result r = w.gradient.compute(feed);
            long t2 = System.nanoTime();
            boolean whole = mine == b;
            float weight = (float) mine / b;
            List<float[]> parts = new ArrayList<>();
            int total = 0;
            for (String name : w.gradient.parameters()) {
                float[] g = r.gradients().get(name).reshape(-1).toFloatVector();
                if (!whole) {
                    for (int i = 0; i < g.length; i++) {
                        g[i] *= weight;
                    }
                }
                parts.add(g);
                total += g.length;
            }
            float[] flat = new float[total];
            int offset = 0;
            for (float[] g : parts) {
                System.arraycopy(g, 0, flat, offset, g.length);
                offset += g.length;
            }
            if (LOG.isDebugEnabled()) {
                LOG.debug(String.format(java.util.Locale.ROOT, "partition %d, %d examples: parameters and inputs %.1f"
                        + " ms, gradient %.1f ms, flattening %.1f ms", block.partition, mine, (t1 - t0) / 1e6,
                        (t2 - t1) / 1e6, (System.nanoTime() - t2) / 1e6));
            }
            return new PartialGradient(block.partition, mine, flat, r.elboSum(), r.logLikelihoodSum(), r.klSum(),
                    whole ? r.loss() : r.loss() * mine / b);
        }
    }
}
