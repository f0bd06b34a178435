package org.vae4j.spark;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.graph.VaeGraph;
import org.vae4j.train.BatchGradient;
import org.vae4j.train.BatchGradients;
import org.vae4j.train.Optimizer;

/**
 * The driver side of one synchronous data-parallel step (as Spark MLlib's gradient descent does it): broadcast the
 * parameters, let every partition compute its share of the batch gradient ({@link ExecutorGraphs#gradient}), and
 * add the shares. The shares are added on the driver in partition order, not in the order tasks finish (as
 * {@code treeAggregate}'s last level does), so that a step's result does not depend on scheduling: a run with a task
 * retried after a lost executor ends bit for bit like an undisturbed one.
 */
final class SparkGradients implements BatchGradients {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SparkGradients.class);

    private final JavaSparkContext sc;
    private final JavaRDD<Block> blocks;
    private final long[] starts;
    private final String configJson;
    /** Step ids of this run start here: an executor's graph may serve several runs (same configuration) in turn. */
    private long step = new java.security.SecureRandom().nextLong();

    SparkGradients(JavaSparkContext sc, JavaRDD<Block> blocks, long[] starts, String configJson) {
        this.sc = sc;
        this.blocks = blocks;
        this.starts = starts;
        this.configJson = configJson;
    }

    @Override
    public BatchGradient.Result compute(SameDiff graph, int epoch, int[] indices, Map<String, INDArray> feed) {
        long started = System.nanoTime();
        List<SDVariable> parameters = Optimizer.parameters(graph);
        long total = 0;
        for (SDVariable v : parameters) {
            total += v.getArr().length();
        }
        float[] flat = new float[Math.toIntExact(total)];
        int offset = 0;
        for (SDVariable v : parameters) {
            float[] p = v.getArr().reshape(-1).toFloatVector();
            System.arraycopy(p, 0, flat, offset, p.length);
            offset += p.length;
        }
        INDArray eps = feed.get(VaeGraph.NOISE);
        float[] noise = eps == null ? null : eps.reshape(-1).toFloatVector();
        double beta = feed.get(VaeGraph.BETA).getDouble(0);
        double capacity = feed.get(VaeGraph.CAPACITY).getDouble(0);
        long id = ++step;
        long flattened = System.nanoTime();
        Broadcast<float[]> broadcast = sc.broadcast(flat);
        long broadcasted = System.nanoTime();
        long[] firsts = starts;
        String json = configJson;
        List<PartialGradient> shares;
        try {
            shares = blocks.map(block -> ExecutorGraphs.gradient(json, block, firsts[block.partition], id,
                    broadcast.value(), indices, noise, beta, capacity)).collect();
        } finally {
            broadcast.destroy();
        }
        long collected = System.nanoTime();
        PartialGradient sum = PartialGradient.empty(0);
        for (PartialGradient share : shares.stream().sorted(Comparator.comparingInt(s -> s.partition)).toList()) {
            sum = sum.plus(share);
        }
        if (sum.examples != indices.length) {
            throw new IllegalStateException("the partitions computed " + sum.examples + " of the batch's "
                    + indices.length + " examples: the training RDD changed since training started");
        }
        BatchGradient.Result result = new BatchGradient.Result(sum.elboSum, sum.logLikelihoodSum, sum.klSum, sum.loss,
                unflatten(graph, parameters, sum.gradient));
        if (log.isDebugEnabled()) {
            long done = System.nanoTime();
            log.debug(String.format(java.util.Locale.ROOT, "step of %d examples: parameters %.1f ms, broadcast %.1f ms,"
                    + " job %.1f ms, sum %.1f ms", indices.length, (flattened - started) / 1e6,
                    (broadcasted - flattened) / 1e6, (collected - broadcasted) / 1e6, (done - collected) / 1e6));
        }
        return result;
    }

    /** The gradients by parameter name, for the parameters that have one (as {@link BatchGradient} lists them). */
    private static Map<String, INDArray> unflatten(SameDiff graph, List<SDVariable> parameters, float[] flat) {
        Map<String, INDArray> out = new HashMap<>();
        int offset = 0;
        for (SDVariable v : parameters) {
            if (v.getGradient() == null) {
                continue;
            }
            INDArray p = v.getArr();
            int n = (int) p.length();
            float[] g = Arrays.copyOfRange(flat, offset, offset + n);
            out.put(v.name(), Nd4j.create(g, p.shape(), 'c').castTo(p.dataType()));
            offset += n;
        }
        return out;
    }
}
