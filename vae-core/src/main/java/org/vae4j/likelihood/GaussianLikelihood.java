package org.vae4j.likelihood;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.nn.GraphContext;

/**
 * Independent Gaussian pixels whose means are the decoder's output mu:
 * log p(x|z) = -1/2 sum_j [log(2 pi) + log sigma_j^2 + (x_j - mu_j)^2 / sigma_j^2]
 * (Kingma &amp; Welling 2014, appendix C.2, with the variance either fixed or learned).
 *
 * <p>Two forms: {@link #fixedVariance(double)} with one known variance for every feature, and
 * {@link #learnedVariance()} with a learned per-feature log-variance, a parameter {@code likelihood/log_var} of
 * shape {@code [1, inputSize]} initialized to 0 (variance 1) and shared by all examples.
 *
 * @param variance the fixed variance, {@code > 0}; ignored when {@code learned} is true
 * @param learned whether the per-feature log-variance is a trained parameter
 */
public record GaussianLikelihood(double variance, boolean learned) implements Likelihood {

    /** Name of the learned log-variance parameter inside the scope {@code likelihood}. */
    public static final String LOG_VARIANCE = "log_var";

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    /**
     * @param variance the fixed variance, {@code > 0}; ignored when {@code learned} is true
     * @param learned whether the per-feature log-variance is a trained parameter
     * @throws IllegalArgumentException if {@code variance} is not positive and finite
     */
    public GaussianLikelihood {
        if (!(variance > 0) || Double.isInfinite(variance)) {
            throw new IllegalArgumentException("GaussianLikelihood.variance must be positive and finite, got "
                    + variance);
        }
    }

    /**
     * @param variance the variance of every feature, {@code > 0}
     * @return a Gaussian likelihood with that fixed variance
     */
    public static GaussianLikelihood fixedVariance(double variance) {
        return new GaussianLikelihood(variance, false);
    }

    /** @return a Gaussian likelihood with a learned per-feature log-variance (initially variance 1) */
    public static GaussianLikelihood learnedVariance() {
        return new GaussianLikelihood(1.0, true);
    }

    @Override
    public Distribution define(GraphContext ctx, int inputSize) {
        SameDiff sd = ctx.sd();
        SDVariable logVariance = learned
                ? ctx.constantParameter(LOG_VARIANCE, Math.log(variance), 1, inputSize)
                : null;
        double fixedLogVariance = Math.log(variance);
        return new Distribution() {
            @Override
            public SDVariable logProbability(SDVariable x, SDVariable mu) {
                SDVariable squared = sd.math().square(x.sub(mu));
                SDVariable perFeature = learned
                        ? squared.mul(sd.math().exp(logVariance.neg())).add(logVariance).add(LOG_2PI)
                        : squared.div(variance).add(LOG_2PI + fixedLogVariance);
                return perFeature.sum(1).mul(-0.5);
            }

            @Override
            public SDVariable mean(SDVariable mu) {
                return mu;
            }

            @Override
            public SDVariable sample(SDVariable mu, SDVariable uniform, SDVariable normal) {
                return learned ? mu.add(sd.math().exp(logVariance.mul(0.5)).mul(normal))
                        : mu.add(normal.mul(Math.sqrt(variance)));
            }
        };
    }

    /** @throws org.vae4j.data.InvalidDataException if a value is NaN or infinite */
    @Override
    public void checkData(INDArray x, String what) {
        Likelihood.checkRange(x, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, what, "Gaussian");
    }
}
