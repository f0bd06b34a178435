package org.vae4j.nn;

import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What a pluggable part of the model (an {@link Encoder}, a {@link Decoder}, a likelihood or a prior) needs in
 * order to add its parameters and ops to the VAE's graph: the {@link SameDiff} graph, the floating-point type of
 * every parameter and activation, and the random generator that initializes parameters (split from the
 * configuration's seed, so that building the same configuration twice gives the same initial parameters).
 *
 * <p>Build-time only: a context is used while the graph is built and is not kept by the trained model.
 *
 * <p>A context may limit the number of parameter values the graph holds ({@code maxParameterValues}): a parameter
 * that would exceed it is refused before its array is allocated. Loading a model file uses the number of values the
 * file holds, so that a configuration asking for far more is refused at once instead of allocating gigabytes first.
 *
 * @param sd the graph being built
 * @param dataType the floating-point type of parameters and activations ({@code FLOAT} for training,
 *     {@code DOUBLE} for gradient checks)
 * @param random the generator for parameter initialization
 * @param maxParameterValues the most parameter values (elements of all trainable parameters together) the graph may
 *     hold; {@link Long#MAX_VALUE} for no limit
 */
public record GraphContext(SameDiff sd, DataType dataType, RandomGenerator random, long maxParameterValues) {

    /**
     * @param sd the graph being built
     * @param dataType the floating-point type of parameters and activations ({@code FLOAT} for training,
     *     {@code DOUBLE} for gradient checks)
     * @param random the generator for parameter initialization
     * @param maxParameterValues the most parameter values the graph may hold, {@code >= 0}
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code dataType} is not a floating-point type or the limit is negative
     */
    public GraphContext {
        Objects.requireNonNull(sd, "sd");
        Objects.requireNonNull(dataType, "dataType");
        Objects.requireNonNull(random, "random");
        if (!dataType.isFPType()) {
            throw new IllegalArgumentException("dataType must be a floating-point type, got " + dataType);
        }
        if (maxParameterValues < 0) {
            throw new IllegalArgumentException("maxParameterValues must be >= 0, got " + maxParameterValues);
        }
    }

    /**
     * A context without a limit on the number of parameter values.
     *
     * @param sd the graph being built
     * @param dataType the floating-point type of parameters and activations
     * @param random the generator for parameter initialization
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code dataType} is not a floating-point type
     */
    public GraphContext(SameDiff sd, DataType dataType, RandomGenerator random) {
        this(sd, dataType, random, Long.MAX_VALUE);
    }

    /**
     * Adds a trainable parameter drawn from U(-bound, bound).
     *
     * @param name the variable's name within the current name scope
     * @param bound half-width of the uniform distribution, {@code >= 0}
     * @param shape the parameter's shape
     * @return the new variable
     * @throws IllegalArgumentException naming the parameter if the graph would then hold more than
     *     {@link #maxParameterValues} parameter values (checked before anything is allocated)
     */
    public SDVariable uniformParameter(String name, double bound, long... shape) {
        long length = reserve(name, shape);
        double[] values = new double[Math.toIntExact(length)];
        for (int i = 0; i < values.length; i++) {
            values[i] = bound * (2 * random.nextDouble() - 1);
        }
        INDArray array = Nd4j.create(values, shape, DataType.DOUBLE).castTo(dataType);
        return sd.var(scoped(name), array);
    }

    /**
     * Adds a trainable parameter with every element equal to {@code value}.
     *
     * @param name the variable's name within the current name scope
     * @param value the initial value of every element
     * @param shape the parameter's shape
     * @return the new variable
     * @throws IllegalArgumentException naming the parameter if the graph would then hold more than
     *     {@link #maxParameterValues} parameter values (checked before anything is allocated)
     */
    public SDVariable constantParameter(String name, double value, long... shape) {
        reserve(name, shape);
        return sd.var(scoped(name), Nd4j.valueArrayOf(shape, value, dataType));
    }

    /** Checks a new parameter against the limit; returns its number of values. */
    private long reserve(String name, long[] shape) {
        long length = 1;
        try {
            for (long d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException("parameter " + scoped(name) + " has a negative dimension: "
                            + Arrays.toString(shape));
                }
                length = Math.multiplyExact(length, d);
            }
        } catch (ArithmeticException e) {
            length = Long.MAX_VALUE;
        }
        if (maxParameterValues == Long.MAX_VALUE) {
            return length;
        }
        long held = 0;
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE && v.getArr() != null) {
                held += v.getArr().length();
            }
        }
        if (length > maxParameterValues - held) {
            throw new IllegalArgumentException("parameter " + scoped(name) + " " + Arrays.toString(shape) + " would"
                    + " bring the graph over the limit of " + maxParameterValues + " parameter values (" + held
                    + " before it)");
        }
        return length;
    }

    /**
     * Adds a non-trainable constant.
     *
     * @param name the constant's name within the current name scope
     * @param values the values, {@code [values.length]} or reshaped to {@code shape}
     * @param shape the constant's shape
     * @return the new constant
     */
    public SDVariable constant(String name, double[] values, long... shape) {
        return sd.constant(scoped(name), Nd4j.create(values, shape, DataType.DOUBLE).castTo(dataType));
    }

    /**
     * Prefixes a name with the graph's current name scope ({@code encoder/hidden0/W}); SameDiff's
     * {@code var(String, INDArray)} does not apply the scope itself in 1.0.0-M2.1.
     *
     * @param name a name within the current scope
     * @return the full name
     */
    public String scoped(String name) {
        String scope = sd.currentNameScope();
        return scope == null || name.startsWith(scope + "/") ? name : scope + "/" + name;
    }
}
