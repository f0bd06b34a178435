package org.vae4j;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.nn.GraphContext;

/** A small double-precision graph for evaluating one piece of a VAE on given arrays. */
public final class GraphProbe {
    public final SameDiff sd = SameDiff.create();
    public final GraphContext ctx = new GraphContext(sd, DataType.DOUBLE, new SplittableRandom(1));
    private final Map<String, INDArray> feed = new HashMap<>();

    /** Adds a placeholder holding {@code values} reshaped to {@code [rows, values.length / rows]}. */
    public SDVariable input(String name, int rows, double... values) {
        INDArray a = Nd4j.create(values, new long[] {rows, values.length / rows}, DataType.DOUBLE);
        feed.put(name, a);
        return sd.placeHolder(name, DataType.DOUBLE, a.shape());
    }

    /** Evaluates {@code v} and returns its values. */
    public double[] eval(SDVariable v) {
        return sd.output(feed, v.name()).get(v.name()).toDoubleVector();
    }

    public static INDArray matrix(int rows, double... values) {
        return Nd4j.create(values, new long[] {rows, values.length / rows}, DataType.DOUBLE);
    }
}
