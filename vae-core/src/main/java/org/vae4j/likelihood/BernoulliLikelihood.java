package org.vae4j.likelihood;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.nn.GraphContext;

/**
 * Independent Bernoulli pixels parameterized by logits l (the decoder's output):
 * log p(x|z) = sum_j [x_j l_j - log(1 + exp(l_j))] (Kingma &amp; Welling 2014, appendix C.1), for x in [0, 1]
 * (binary, or grey levels read as probabilities, the usual "continuous Bernoulli-free" practice of the PyTorch
 * and Keras examples).
 *
 * <p>Computed in the numerically stable form -(max(l, 0) - l x + log(1 + exp(-|l|))), which equals the binary
 * cross-entropy with logits and never overflows. The mean is sigmoid(l).
 */
public record BernoulliLikelihood() implements Likelihood {

    @Override
    public Distribution define(GraphContext ctx, int inputSize) {
        SameDiff sd = ctx.sd();
        return new Distribution() {
            @Override
            public SDVariable logProbability(SDVariable x, SDVariable logits) {
                SDVariable crossEntropy = sd.nn().relu(logits, 0.0)
                        .sub(logits.mul(x))
                        .add(sd.nn().softplus(sd.math().abs(logits).neg()));
                return crossEntropy.sum(1).neg();
            }

            @Override
            public SDVariable mean(SDVariable logits) {
                return sd.nn().sigmoid(logits);
            }

            @Override
            public SDVariable sample(SDVariable logits, SDVariable uniform, SDVariable normal) {
                return sd.lt(uniform, sd.nn().sigmoid(logits)).castTo(ctx.dataType());
            }
        };
    }

    /** @return true: Bernoulli pixels are binary */
    @Override
    public boolean isBinary() {
        return true;
    }

    /** @throws org.vae4j.data.InvalidDataException if a value is outside [0, 1] or not finite */
    @Override
    public void checkData(INDArray x, String what) {
        Likelihood.checkRange(x, 0.0, 1.0, what, "Bernoulli");
    }
}
