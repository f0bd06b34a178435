package org.vae4j.exec;

import java.util.Arrays;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.ScalarOp;

/**
 * The elementwise ops of a compiled plan that {@link ExecutionPlan} runs on the host, on the JDK's Vector API
 * ({@link HostArrays#VECTOR_API}), for float arrays; ND4J's op dispatch costs more than the arithmetic at a batch of
 * 128 rows. The {@linkplain #exact() exact} ops are one exact IEEE operation per element (an addition, subtraction,
 * multiplication, negation, absolute value or comparison), so they give ND4J's op's bits. The transcendental ones
 * ({@link #EXP}, {@link #SIGMOID}, {@link #SOFTPLUS}) are {@link FloatMath}'s, within about an ulp of the exact value
 * as ND4J's are, but not always the same float: a run with the Vector API is deterministic and differs in the last
 * bits from a run without it.
 */
enum Lanewise {
    /** {@code x + y}: ND4J's {@code add}. */
    ADD,
    /** {@code x - y}: ND4J's {@code subtract}. */
    SUBTRACT,
    /** {@code x * y}: ND4J's {@code multiply}. */
    MULTIPLY,
    /** {@code -x}: ND4J's {@code neg}. */
    NEG,
    /** {@code |x|}: ND4J's {@code abs}. */
    ABS,
    /** {@code x * x}: ND4J's {@code square}. */
    SQUARE,
    /** {@code x + s} for the op's scalar s: ND4J's {@code add_scalar}. */
    ADD_SCALAR,
    /** {@code x * s}: ND4J's {@code mul_scalar}. */
    MULTIPLY_SCALAR,
    /** {@code x < s ? s : x}: ND4J's {@code relu} with cutoff s. */
    RELU,
    /** {@code g * (x > t ? 1 : 0)} for inputs x and g: ReLU's backward {@code thresholdedrelu_bp} with threshold t. */
    RELU_BACKWARD,
    /** {@code x > 0 ? 1 : x < 0 ? -1 : 0}: ND4J's {@code sign} (the backward op of abs). */
    SIGN,
    /** {@code 2 * x}: ND4J's {@code _powderivative} of power 2, {@code 2 * pow(x, 1)} (the backward op of square). */
    SQUARE_DERIVATIVE,
    /** e^x: ND4J's {@code exp} ({@link FloatMath#exp}); not exact. */
    EXP,
    /**
     * 1 / (1 + e^-x): ND4J's {@code sigmoid} ({@link FloatMath#sigmoid}, from e^-|x|, which does not overflow where
     * ND4J's rounds to 0, below about -88); not exact.
     */
    SIGMOID,
    /**
     * log(1 + e^x): ND4J's {@code softplus} ({@link FloatMath#softplus}: max(x, 0) + log(1 + e^-|x|), which neither
     * overflows nor rounds small values to 0 as ND4J's log(1 + e^x) does below about -17); not exact.
     */
    SOFTPLUS;

    /** How the second operand of {@link #ADD}, {@link #SUBTRACT} and {@link #MULTIPLY} is laid out. */
    static final int SAME = 0;
    static final int ROW = 1;
    static final int SCALAR = 2;

    /**
     * @param op an op of a plan
     * @param inputs its inputs
     * @return the host op that computes it, or null
     */
    static Lanewise of(DifferentialFunction op, int inputs) {
        return switch (op.opName()) {
            case "add" -> inputs == 2 ? ADD : null;
            case "subtract" -> inputs == 2 ? SUBTRACT : null;
            case "multiply" -> inputs == 2 ? MULTIPLY : null;
            case "neg" -> inputs == 1 ? NEG : null;
            case "abs" -> inputs == 1 ? ABS : null;
            case "square" -> inputs == 1 ? SQUARE : null;
            case "add_scalar" -> inputs == 1 ? ADD_SCALAR : null;
            case "mul_scalar" -> inputs == 1 ? MULTIPLY_SCALAR : null;
            case "relu" -> inputs == 1 ? RELU : null;
            case "thresholdedrelu_bp" -> inputs == 2 ? RELU_BACKWARD : null;
            case "sign" -> inputs == 1 ? SIGN : null;
            case "_powderivative" -> inputs == 1 && op instanceof ScalarOp so && so.scalar() != null
                    && so.scalar().getDouble(0) == 2.0 ? SQUARE_DERIVATIVE : null;
            case "exp" -> inputs == 1 ? EXP : null;
            case "sigmoid" -> inputs == 1 ? SIGMOID : null;
            case "softplus" -> inputs == 1 ? SOFTPLUS : null;
            default -> null;
        };
    }

    /**
     * The layout of the second operand, or -1 if the host cannot run the op on these arrays: all float and plain
     * ({@link HostArrays#isPlain}); for {@link #ADD}, {@link #SUBTRACT} and {@link #MULTIPLY} y of x's shape
     * ({@link #SAME}), a row of a matrix x's columns ({@link #ROW}), or one value ({@link #SCALAR}); for
     * {@link #RELU_BACKWARD} g of x's shape.
     */
    int layout(INDArray[] args) {
        for (INDArray a : args) {
            if (a.dataType() != DataType.FLOAT || !HostArrays.isPlain(a)) {
                return -1;
            }
        }
        if (args.length == 1) {
            return SAME;
        }
        INDArray x = args[0];
        INDArray y = args[1];
        if (Arrays.equals(x.shape(), y.shape())) {
            return SAME;
        }
        if (this == RELU_BACKWARD || x.length() == 1) {
            return -1;
        }
        if (y.length() == 1) {
            return SCALAR;
        }
        return PlanStep.isBiasAdd(x, y, x) ? ROW : -1;
    }

    /**
     * Computes the op into z.
     *
     * @param args the op's inputs (x, and y or g)
     * @param layout {@link #layout(INDArray[])} of them, not -1
     * @param scalar the op's scalar (s or t), for the ops that have one
     * @param z a plain float array of x's shape (not one of the inputs)
     */
    void run(INDArray[] args, int layout, float scalar, INDArray z) {
        INDArray x = args[0];
        int n = (int) x.length();
        int cols = layout == ROW ? (int) x.size(1) : n;
        VectorizedLanewise.run(this, HostArrays.bytes(x), args.length > 1 ? HostArrays.bytes(args[1]) : null, layout,
                n, cols, scalar, HostArrays.bytes(z));
    }

    /** @return whether the op gives ND4J's op's bits (one exact IEEE operation per element) */
    boolean exact() {
        return ordinal() < EXP.ordinal();
    }

    /** The op on one element: x, y (the second operand, or the scalar). */
    float apply(float x, float y) {
        return switch (this) {
            case ADD, ADD_SCALAR -> x + y;
            case SUBTRACT -> x - y;
            case MULTIPLY, MULTIPLY_SCALAR -> x * y;
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SQUARE -> x * x;
            case RELU -> x < y ? y : x;
            case SIGN -> x > 0 ? 1f : x < 0 ? -1f : 0f;
            case SQUARE_DERIVATIVE -> 2f * x;
            case EXP -> FloatMath.exp(x);
            case SIGMOID -> FloatMath.sigmoid(x);
            case SOFTPLUS -> FloatMath.softplus(x);
            case RELU_BACKWARD -> throw new IllegalStateException("RELU_BACKWARD takes x, g and t");
        };
    }
}
