package org.vae4j.prior;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.vae4j.nn.GraphContext;

/**
 * A mixture of K diagonal Gaussians whose weights, means and standard deviations are trained with the model:
 * p(z) = sum_k softmax(a)_k N(z; m_k, diag(exp(2 r_k))), with parameters {@code prior/logits} a {@code [1, K]}
 * (initially 0, equal weights), {@code prior/means} m {@code [K, latentSize]} (initially U(-spread, spread)) and
 * {@code prior/log_standard_deviations} r {@code [K, latentSize]} (initially 0). Its KL divergence is estimated by
 * Monte Carlo ({@link KlEstimator#MONTE_CARLO}); its samples are drawn in the graph. The weights stay a
 * distribution by construction (softmax).
 *
 * @param components K, {@code >= 1}
 * @param spread the half-width of the means' initial uniform distribution, finite, {@code >= 0}
 */
public record LearnedGaussianMixturePrior(int components, double spread) implements LearnedMixturePrior {

    /**
     * @param components K, {@code >= 1}
     * @param spread the half-width of the means' initial uniform distribution, finite, {@code >= 0}
     * @throws IllegalArgumentException naming the field if K = 0 or spread is out of range
     */
    public LearnedGaussianMixturePrior {
        if (components < 1) {
            throw new IllegalArgumentException("LearnedGaussianMixturePrior.components must be >= 1, got "
                    + components);
        }
        if (!(spread >= 0) || Double.isInfinite(spread)) {
            throw new IllegalArgumentException("LearnedGaussianMixturePrior.spread must be finite and >= 0, got "
                    + spread);
        }
    }

    @Override
    public Distribution define(GraphContext ctx, int latentSize) {
        SameDiff sd = ctx.sd();
        SDVariable logits = ctx.constantParameter("logits", 0.0, 1, components);
        SDVariable means = ctx.uniformParameter("means", spread, components, latentSize);
        SDVariable logStd = ctx.constantParameter("log_standard_deviations", 0.0, components, latentSize);
        SDVariable logWeights = logits.sub(GaussianMixturePrior.logSumExp(sd, logits, 1));
        return new DiagonalMixture(sd, means, logStd, logWeights, components, latentSize, ctx.dataType())
                .distribution();
    }
}
