package org.vae4j.prior;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.vae4j.nn.DiagonalGaussianVariables;
import org.vae4j.nn.Encoder;
import org.vae4j.nn.GraphContext;

/**
 * The VampPrior (Tomczak &amp; Welling 2018, "VAE with a VampPrior", eq. 9): the mixture of the encoder's posteriors
 * at K learned pseudo-inputs u_k, p(z) = 1/K sum_k q(z | u_k). The pseudo-inputs are a parameter
 * {@code prior/pseudo_inputs} of shape {@code [K, inputSize]}, trained with the model; the encoder's parameters are
 * shared with the posterior. By default {@link org.vae4j.VaeTrainer} sets the pseudo-inputs to K training examples
 * drawn by the seed before the first step (the option {@code use_training_data_init} of the authors' code), so that
 * they start in the data's space whatever its scale (a standardized table as well as pixels in [0, 1]); the parameter
 * then holds the pseudo-inputs themselves. With {@code initializeFromTrainingData = false} (a model file written
 * before the field existed reads as false) the pseudo-inputs are 0.5 + the parameter, which starts at
 * U(-0.05, 0.05): grey images for pixels in [0, 1]. The KL divergence is estimated by Monte Carlo
 * ({@link KlEstimator#MONTE_CARLO}); samples are drawn in the graph. Not for a conditional VAE. With a
 * full-covariance posterior the components are the diagonal parts of q(z | u_k) (the encoder's mean and variance).
 *
 * @param components K, the number of pseudo-inputs, {@code >= 1} (Tomczak &amp; Welling use 500 on MNIST)
 * @param initializeFromTrainingData whether training starts the pseudo-inputs at K training examples
 */
public record VampPrior(int components, boolean initializeFromTrainingData) implements LearnedMixturePrior {

    /**
     * A VampPrior whose pseudo-inputs start at K training examples.
     *
     * @param components K, the number of pseudo-inputs, {@code >= 1}
     * @throws IllegalArgumentException naming the field if K = 0
     */
    public VampPrior(int components) {
        this(components, true);
    }

    /**
     * @param components K, the number of pseudo-inputs, {@code >= 1}
     * @param initializeFromTrainingData whether training starts the pseudo-inputs at K training examples
     * @throws IllegalArgumentException naming the field if K = 0
     */
    public VampPrior {
        if (components < 1) {
            throw new IllegalArgumentException("VampPrior.components (K pseudo-inputs) must be >= 1, got "
                    + components);
        }
    }

    /** Name of the pseudo-inputs parameter, {@code [K, inputSize]}, in the scope {@code prior}. */
    public static final String PSEUDO_INPUTS = "pseudo_inputs";

    /** @throws UnsupportedOperationException always: the VampPrior needs the encoder */
    @Override
    public Distribution define(GraphContext ctx, int latentSize) {
        throw new UnsupportedOperationException("VampPrior needs the encoder: define(ctx, latentSize, encoder,"
                + " inputSize)");
    }

    @Override
    public Distribution define(GraphContext ctx, int latentSize, Encoder.Network encoder, int inputSize) {
        SameDiff sd = ctx.sd();
        SDVariable pseudoInputs = initializeFromTrainingData
                ? ctx.uniformParameter(PSEUDO_INPUTS, 0.05, components, inputSize) // replaced by the trainer
                : ctx.uniformParameter(PSEUDO_INPUTS, 0.05, components, inputSize).add(0.5);
        DiagonalGaussianVariables q = encoder.encode(pseudoInputs, null);
        double[] logWeights = new double[components];
        java.util.Arrays.fill(logWeights, -Math.log(components));
        return new DiagonalMixture(sd, q.mean(), q.logVariance().mul(0.5),
                ctx.constant("log_weights", logWeights, 1, components), components, latentSize, ctx.dataType())
                .distribution();
    }
}
