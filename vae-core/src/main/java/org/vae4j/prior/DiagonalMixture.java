package org.vae4j.prior;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A mixture of K diagonal Gaussians as graph variables, sum_k pi_k N(z; m_k, diag(exp(2 logStd_k))): its
 * log-density, its one-dimensional marginals and reparameterized draws from host noise. Shared by the fixed and
 * learned mixture priors and the VampPrior, whose components may be constants, parameters or encoder outputs.
 *
 * @param sd the graph
 * @param means m, {@code [K, d]}
 * @param logStd log s, {@code [K, d]}
 * @param logWeights log pi, {@code [1, K]}, normalized (log-sum-exp 0)
 * @param components K
 * @param latentSize d
 * @param dataType the graph's floating-point type
 */
record DiagonalMixture(SameDiff sd, SDVariable means, SDVariable logStd, SDVariable logWeights, int components,
        int latentSize,
        DataType dataType) {
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    /** log N(z_j; m_kj, s_kj^2), {@code [n, K, d]}. */
    private SDVariable componentTerms(SDVariable z) {
        SDVariable u = z.reshape(-1, 1, latentSize).sub(means).mul(sd.math().exp(logStd.neg()));
        return sd.math().square(u).mul(-0.5).sub(logStd).sub(HALF_LOG_2PI);
    }

    /** @return log p(z) per row, {@code [n]} */
    SDVariable logDensity(SDVariable z) {
        return GaussianMixturePrior.logSumExp(sd, componentTerms(z).sum(2).add(logWeights), 1);
    }

    /** @return log p(z_j) per row and dimension, {@code [n, d]} */
    SDVariable marginalLogDensities(SDVariable z) {
        return GaussianMixturePrior.logSumExp(sd, componentTerms(z).add(logWeights.reshape(1, -1, 1)), 1);
    }

    /**
     * A draw per row: the component k = argmax_k (log pi_k - log(-log u_k)) (the Gumbel-max trick), then
     * z = m_k + s_k eps.
     *
     * @param normal N(0, 1) noise, {@code [n, d]}
     * @param uniform U(0, 1) noise, {@code [n, K]}
     * @return z, {@code [n, d]}
     */
    SDVariable sample(SDVariable normal, SDVariable uniform) {
        SDVariable gumbel = sd.math().log(sd.math().log(uniform).neg()).neg();
        SDVariable oneHot = sd.oneHot(sd.argmax(gumbel.add(logWeights), 1), components, -1, 1.0, 0.0, dataType);
        return oneHot.mmul(means).add(oneHot.mmul(sd.math().exp(logStd)).mul(normal));
    }

    /** @return this mixture as a prior bound to the graph (no closed-form KL) */
    Prior.Distribution distribution() {
        return new Prior.Distribution() {
            @Override
            public SDVariable logDensity(SDVariable z) {
                return DiagonalMixture.this.logDensity(z);
            }

            @Override
            public SDVariable marginalLogDensities(SDVariable z) {
                return DiagonalMixture.this.marginalLogDensities(z);
            }

            @Override
            public SDVariable sample(SDVariable normal, SDVariable uniform) {
                return DiagonalMixture.this.sample(normal, uniform);
            }
        };
    }
}
