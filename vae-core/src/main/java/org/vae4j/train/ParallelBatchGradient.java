package org.vae4j.train;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.exec.HostArrays;
import org.vae4j.exec.OpenMpThreads;
import org.vae4j.exec.ThreadTeam;
import org.vae4j.graph.VaeGraph;

/**
 * The loss and gradient of a mini-batch on the cores given to training: the batch's rows are split into parts, each
 * part computed by its own {@link BatchGradient} (its own compiled plan, reading the shared parameters) on its own
 * thread, and the parts combined by their rows (synchronous data parallelism, as {@link BatchGradients} does across
 * machines). For an objective whose loss is the batch mean of per-example terms
 * ({@link org.vae4j.objective.Objective#lossIsBatchMean}), a batch of b rows in parts of b_p rows has
 * {@code gradient = sum_p (b_p / b) g_p} and {@code loss = sum_p (b_p / b) loss_p}; the ELBO, log p(x|z) and KL
 * sums add. This is the whole batch's gradient up to floating-point rounding.
 *
 * <p>Part p holds rows {@code [b p / P, b (p + 1) / P)}, with P = min(threads, b / {@link #MIN_ROWS}) (at least 1),
 * and the parts are added in order, so a result depends only on the batch and the thread count: training is
 * deterministic for a given count. Each part's thread runs the oneDNN build's products on {@code threads / P} OpenMP
 * threads (OpenMP's count is per calling thread; the caller's is restored after each batch), so that P parts do not
 * share cores. The parts run on a {@link ThreadTeam}, part 0 on the calling thread, and the team adds their gradients
 * and checks them for NaN and infinity, the threads taking chunks of the values in turn. Not thread-safe: one batch
 * at a time, under the graph's lock.
 */
final class ParallelBatchGradient {
    /** Fewest rows a part gets: smaller parts cost more in per-op overhead than a core gives. */
    static final int MIN_ROWS = 32;

    private final ThreadTeam team;
    private final List<BatchGradient> parts = new ArrayList<>();
    private final List<Map<String, INDArray>> partBuffers = new ArrayList<>();
    private final int samples;

    /**
     * @param sd the graph, with its gradient function built ({@code VaeGraph.build})
     * @param parameterNames the parameters to differentiate
     * @param team the threads (and cores) training may use; owned (closed) by the caller
     * @param splits whether the loss is a batch mean ({@code Objective.lossIsBatchMean}); if not, every batch is
     *     one part on the calling thread
     * @param samples noise samples per example ({@code Objective.samplesPerExample})
     * @param batchSize the largest batch, rows: no more parts (and plans) are made than it can have
     */
    ParallelBatchGradient(SameDiff sd, List<String> parameterNames, ThreadTeam team, boolean splits, int samples,
            int batchSize) {
        this.team = team;
        this.samples = samples;
        int maxParts = splits ? partsFor(batchSize, team.size(), team.size()) : 1;
        for (int p = 0; p < maxParts; p++) {
            parts.add(new BatchGradient(sd, parameterNames));
            partBuffers.add(new HashMap<>());
        }
    }

    /** @return the parameters that get a gradient, in graph order */
    List<String> parameters() {
        return parts.get(0).parameters();
    }

    /**
     * A batch's figures and gradients, and what the check of its gradients found.
     *
     * @param result the figures and gradients
     * @param nonFinite the first parameter, in the gradients' order, whose gradient holds a NaN or an infinity, or
     *     null if all are finite
     */
    record Checked(BatchGradient.Result result, String nonFinite) {
    }

    /**
     * Checks gradients for NaN and infinity, the team's threads taking chunks of the values in turn.
     *
     * @param team the threads
     * @param gradients gradients by parameter name
     * @return the first parameter, in the map's order, whose gradient holds a NaN or an infinity, or null
     */
    static String firstNonFinite(ThreadTeam team, Map<String, INDArray> gradients) {
        List<String> names = List.copyOf(gradients.keySet());
        List<INDArray> arrays = names.stream().map(gradients::get).toList();
        boolean[] nonFinite = new boolean[names.size()];
        team.forEachPiece(arrays, (i, from, to) -> {
            if (!HostArrays.allFinite(arrays.get(i), from, to)) {
                nonFinite[i] = true;
            }
        });
        return first(names, nonFinite);
    }

    /** @return the first name whose flag is set, or null */
    private static String first(List<String> names, boolean[] flags) {
        for (int i = 0; i < names.size(); i++) {
            if (flags[i]) {
                return names.get(i);
            }
        }
        return null;
    }

    /**
     * The parts a batch of {@code rows} rows is split into.
     *
     * @param rows the batch's rows
     * @param threads threads given to training
     * @param maxParts parts available (1 if the objective's loss is not a batch mean)
     * @return {@code min(maxParts, threads, rows / MIN_ROWS)}, at least 1
     */
    static int partsFor(int rows, int threads, int maxParts) {
        return Math.max(1, Math.min(Math.min(maxParts, threads), rows / MIN_ROWS));
    }

    /**
     * @param feed as {@link BatchGradient#compute}: {@link VaeGraph#INPUT} {@code [b, inputSize]}, and as the graph
     *     needs them {@link VaeGraph#NOISE} {@code [samples * b, latentSize]} (sample-major),
     *     {@link VaeGraph#CONDITION} {@code [b, conditionSize]}, the scalars {@link VaeGraph#BETA} and
     *     {@link VaeGraph#CAPACITY}
     * @return the batch's figures and gradients (arrays that the next call overwrites), checked for NaN and infinity
     */
    Checked compute(Map<String, INDArray> feed) {
        int b = (int) feed.get(VaeGraph.INPUT).rows();
        int count = partsFor(b, team.size(), parts.size());
        int ompThreads = Math.max(1, team.size() / count);
        return OpenMpThreads.with(ompThreads, () -> {
            if (count == 1) {
                BatchGradient.Result whole = parts.get(0).compute(feed);
                return new Checked(whole, firstNonFinite(team, whole.gradients()));
            }
            BatchGradient.Result[] results = new BatchGradient.Result[count];
            team.run(count, p -> {
                if (p > 0) {
                    OpenMpThreads.set(ompThreads);
                }
                results[p] = parts.get(p).compute(slice(feed, p, count, b));
            });
            return combine(results, count, b);
        });
    }

    /** @return the first row of part p of {@code count} in a batch of b rows, {@code b p / count} rounded down */
    private static int firstRow(int b, int p, int count) {
        return (int) ((long) b * p / count);
    }

    /** Part p's rows of every per-example input, copied into the part's reused arrays; scalars as they are. */
    private Map<String, INDArray> slice(Map<String, INDArray> feed, int p, int count, int b) {
        int start = firstRow(b, p, count);
        int rows = firstRow(b, p + 1, count) - start;
        Map<String, INDArray> buffers = partBuffers.get(p);
        Map<String, INDArray> out = new HashMap<>();
        for (Map.Entry<String, INDArray> e : feed.entrySet()) {
            INDArray a = e.getValue();
            String name = e.getKey();
            if (name.equals(VaeGraph.BETA) || name.equals(VaeGraph.CAPACITY)) {
                out.put(name, a);
                continue;
            }
            int blocks = name.equals(VaeGraph.NOISE) ? samples : 1; // noise: sample s's rows are [s b, (s + 1) b)
            long cols = a.columns();
            INDArray target = buffers.get(name);
            if (target == null || target.rows() != (long) blocks * rows || target.dataType() != a.dataType()) {
                target = Nd4j.create(a.dataType(), (long) blocks * rows, cols);
                buffers.put(name, target);
            }
            INDArray source = HostArrays.isPlain(a) ? a : a.dup('c');
            ByteBuffer from = HostArrays.bytes(source);
            ByteBuffer to = HostArrays.bytes(target);
            int rowBytes = (int) (cols * a.data().getElementSize());
            for (int s = 0; s < blocks; s++) {
                to.put(s * rows * rowBytes, from, Math.toIntExact(((long) s * b + start) * rowBytes), rows * rowBytes);
            }
            out.put(name, target);
        }
        return out;
    }

    /**
     * Adds the parts in order, weighted by their rows, into part 0's arrays, the team's threads a chunk of the values
     * at a time, each chunk checked for NaN and infinity right after it is written (while it is in the core's cache).
     */
    private Checked combine(BatchGradient.Result[] results, int count, int b) {
        double elbo = 0;
        double logLikelihood = 0;
        double kl = 0;
        double loss = 0;
        double[] weights = new double[count];
        for (int p = 0; p < count; p++) {
            BatchGradient.Result r = results[p];
            weights[p] = (double) (firstRow(b, p + 1, count) - firstRow(b, p, count)) / b;
            elbo += r.elboSum();
            logLikelihood += r.logLikelihoodSum();
            kl += r.klSum();
            loss += weights[p] * r.loss();
        }
        Map<String, INDArray> sum = results[0].gradients();
        List<String> names = List.copyOf(sum.keySet());
        List<INDArray> targets = names.stream().map(sum::get).toList();
        boolean[] plain = new boolean[names.size()];
        boolean[] nonFinite = new boolean[names.size()];
        for (int i = 0; i < names.size(); i++) {
            INDArray target = targets.get(i);
            plain[i] = HostArrays.isPlain(target);
            for (int p = 1; p < count; p++) {
                INDArray part = results[p].gradients().get(names.get(i));
                plain[i] &= HostArrays.isPlain(part) && part.dataType() == target.dataType();
            }
            if (!plain[i]) { // not seen on the host: ND4J's ops, on the calling thread
                for (int p = 1; p < count; p++) {
                    target.muli(p == 1 ? weights[0] : 1).addi(results[p].gradients().get(names.get(i))
                            .mul(weights[p]));
                }
                nonFinite[i] = !HostArrays.allFinite(target);
            }
        }
        team.forEachPiece(targets, (i, from, to) -> {
            if (plain[i]) {
                for (int p = 1; p < count; p++) {
                    HostArrays.blend(targets.get(i), p == 1 ? weights[0] : 1, results[p].gradients().get(names.get(i)),
                            weights[p], from, to);
                }
                if (!HostArrays.allFinite(targets.get(i), from, to)) {
                    nonFinite[i] = true;
                }
            }
        });
        return new Checked(new BatchGradient.Result(elbo, logLikelihood, kl, loss, sum), first(names, nonFinite));
    }
}
