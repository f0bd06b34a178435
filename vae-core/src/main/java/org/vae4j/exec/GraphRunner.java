package org.vae4j.exec;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.graph.VaeGraph;

/**
 * Owns one VAE graph and runs it: its {@link ExecutionPlan}s (compiled on first use, one per set of requested
 * outputs), the lock that lets one execution at a time use the graph, and execution in chunks of {@link #CHUNK}
 * rows with shape checks. Every model object and training run on the same graph shares one runner.
 *
 * <p>Thread-safe: {@link #execute} and {@link #runInChunks} hold the lock for each execution; callers that touch
 * the graph's arrays themselves (the trainer's update, saving) do it inside {@link #locked}.
 */
public final class GraphRunner {
    /** Examples per graph execution in chunked inference. */
    public static final int CHUNK = 256;

    private final SameDiff graph;
    private final DataType dataType;
    private final Object lock = new Object();
    private final Map<List<String>, ExecutionPlan> plans = new HashMap<>();

    /**
     * @param graph the graph (built by {@link VaeGraph#build})
     * @param dataType the graph's floating-point type: inputs are cast to it
     */
    public GraphRunner(SameDiff graph, DataType dataType) {
        this.graph = Objects.requireNonNull(graph, "graph");
        this.dataType = Objects.requireNonNull(dataType, "dataType");
    }

    /** @return the graph */
    public SameDiff graph() {
        return graph;
    }

    /** @return the graph's floating-point type */
    public DataType dataType() {
        return dataType;
    }

    /** Work done under the graph's lock. */
    @FunctionalInterface
    public interface LockedWork<T, E extends Exception> {
        /**
         * @return the result
         * @throws E as the work throws it
         */
        T run() throws E;
    }

    /**
     * Runs {@code body} while no execution uses the graph.
     *
     * @param body the work
     * @param <T> its result type
     * @param <E> the exception it may throw
     * @return its result
     * @throws E as {@code body} throws it
     */
    public <T, E extends Exception> T locked(LockedWork<T, E> body) throws E {
        synchronized (lock) {
            return body.run();
        }
    }

    /**
     * Runs the graph for {@code outputs} through a plan compiled on first use, and returns copies of the outputs,
     * which the caller may keep.
     *
     * @param feed a value for every placeholder the outputs depend on
     * @param batchPlaceholder the placeholder whose first dimension is the batch size
     * @param outputs the outputs, by their names in {@link VaeGraph}
     * @return the outputs by name
     */
    public Map<String, INDArray> execute(Map<String, INDArray> feed, String batchPlaceholder, String... outputs) {
        synchronized (lock) {
            Map<String, INDArray> out = new HashMap<>();
            plan(batchPlaceholder, outputs).execute(feed).forEach((name, array) -> out.put(name, array.dup()));
            return out;
        }
    }

    /** The plan for these outputs, compiled on first use; call under {@link #lock}. */
    private ExecutionPlan plan(String batchPlaceholder, String... outputs) {
        return plans.computeIfAbsent(List.of(outputs), o -> new ExecutionPlan(graph, o, batchPlaceholder));
    }

    /**
     * Feeds {@code input} to {@code placeholder} in chunks of {@link #CHUNK} rows, with the matching rows of the
     * condition and eps from {@code noise} if given, and returns the outputs of all rows.
     *
     * @param input the rows, {@code [n, columns]}
     * @param placeholder the placeholder fed with the rows ({@link VaeGraph#INPUT} or {@link VaeGraph#LATENT})
     * @param columns the columns {@code input} must have
     * @param name names {@code input} in messages
     * @param condition {@code [n, conditionSize]} fed to {@link VaeGraph#CONDITION}, or null
     * @param noise for a chunk of r rows, eps for {@link VaeGraph#NOISE}; or null
     * @param outputs the outputs, each with one row (first dimension) per input row
     * @return each output by name, {@code [n, ...]}, which the caller may keep
     * @throws IllegalArgumentException naming {@code name} if {@code input} is not {@code [n, columns]} with n &gt; 0
     */
    public Map<String, INDArray> runInChunks(INDArray input, String placeholder, int columns, String name,
            INDArray condition, IntFunction<INDArray> noise, String... outputs) {
        return runInChunksFeeding(input, placeholder, columns, name, condition,
                noise == null ? null : rows -> Map.of(VaeGraph.NOISE, noise.apply(rows)), outputs);
    }

    /**
     * {@link #runInChunks} with any further inputs per chunk, e.g. host-drawn noise for other placeholders. Each
     * chunk's outputs are copied straight into the arrays returned (no copy per chunk and no joining copy).
     *
     * @param input the rows, {@code [n, columns]}
     * @param placeholder the placeholder fed with the rows
     * @param columns the columns {@code input} must have
     * @param name names {@code input} in messages
     * @param condition {@code [n, conditionSize]} fed to {@link VaeGraph#CONDITION}, or null
     * @param extra for a chunk of r rows, further inputs by placeholder name (called once per chunk, in row
     *     order); or null
     * @param outputs the outputs, each with one row (first dimension) per input row
     * @return each output by name, {@code [n, ...]}
     * @throws IllegalArgumentException naming {@code name} if {@code input} is not {@code [n, columns]} with n &gt; 0
     */
    public Map<String, INDArray> runInChunksFeeding(INDArray input, String placeholder, int columns,
            String name, INDArray condition, IntFunction<Map<String, INDArray>> extra, String... outputs) {
        checkShape(input, columns, name);
        INDArray typed = cast(input);
        INDArray typedCondition = condition == null ? null : cast(condition);
        long n = typed.rows();
        if (n <= CHUNK) {
            return execute(feed(typed, typedCondition, extra, 0, placeholder), placeholder, outputs);
        }
        Map<String, INDArray> results = new HashMap<>();
        for (long from = 0; from < n; from += CHUNK) {
            Map<String, INDArray> feed = feed(typed, typedCondition, extra, from, placeholder);
            long to = from + feed.get(placeholder).rows();
            synchronized (lock) {
                Map<String, INDArray> out = plan(placeholder, outputs).execute(feed);
                for (String o : outputs) {
                    INDArray chunk = out.get(o);
                    long[] shape = chunk.shape().clone();
                    shape[0] = n;
                    INDArray all = results.computeIfAbsent(o, k -> Nd4j.create(chunk.dataType(), shape));
                    INDArrayIndex[] rows = new INDArrayIndex[shape.length];
                    Arrays.fill(rows, NDArrayIndex.all());
                    rows[0] = NDArrayIndex.interval(from, to);
                    all.get(rows).assign(chunk);
                }
            }
        }
        return results;
    }

    private static Map<String, INDArray> feed(INDArray input, INDArray condition,
            IntFunction<Map<String, INDArray>> extra, long from, String placeholder) {
        INDArray chunk = rows(input, from);
        Map<String, INDArray> feed = new HashMap<>();
        feed.put(placeholder, chunk);
        if (condition != null) {
            feed.put(VaeGraph.CONDITION, rows(condition, from));
        }
        if (extra != null) {
            feed.putAll(extra.apply((int) chunk.rows()));
        }
        return feed;
    }

    /**
     * Checks that an array is {@code [n, columns]} with n &gt; 0.
     *
     * @param a the array
     * @param columns the columns it must have
     * @param name names it in the message
     * @throws IllegalArgumentException naming {@code name} and the shape if not
     * @throws NullPointerException naming {@code name} if it is null
     */
    public static void checkShape(INDArray a, int columns, String name) {
        Objects.requireNonNull(a, name);
        if (a.rank() != 2 || a.columns() != columns || a.rows() == 0) {
            throw new IllegalArgumentException(name + " must have shape [n, " + columns + "] with n > 0, got "
                    + Arrays.toString(a.shape()));
        }
    }

    private static INDArray rows(INDArray a, long from) {
        long to = Math.min(a.rows(), from + CHUNK);
        return from == 0 && to == a.rows() ? a : a.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
    }

    /**
     * The input in the graph's data type, and not a view if it spans several chunks: slicing a view whose offset is
     * not zero with {@code get(interval(..))} returns an empty array in ND4J 1.0.0-M2.1 when the interval starts
     * within the last {@code offset} elements of the view.
     */
    private INDArray cast(INDArray a) {
        INDArray typed = a.dataType() == dataType ? a : a.castTo(dataType);
        return typed.rows() > CHUNK && typed.isView() ? typed.dup('c') : typed;
    }
}
