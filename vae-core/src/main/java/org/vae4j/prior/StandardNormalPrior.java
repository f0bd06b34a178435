package org.vae4j.prior;

import java.util.random.RandomGenerator;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.nn.DiagonalGaussianVariables;
import org.vae4j.nn.GraphContext;

/**
 * The standard normal prior p(z) = N(0, I), with the closed-form KL divergence of a diagonal Gaussian posterior
 * (Kingma &amp; Welling 2014, appendix B):
 * KL(q || p) = -1/2 sum_j (1 + log sigma_j^2 - mu_j^2 - sigma_j^2), and its log-density
 * log N(z; 0, I) = -1/2 sum_j (log 2 pi + z_j^2).
 */
public record StandardNormalPrior() implements Prior {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    @Override
    public void checkLatentSize(int latentSize) {
        // any size
    }

    @Override
    public Distribution define(GraphContext ctx, int latentSize) {
        SameDiff sd = ctx.sd();
        return new Distribution() {
            @Override
            public SDVariable klDivergencePerDimension(DiagonalGaussianVariables q) {
                SDVariable logVar = q.logVariance();
                return logVar.add(1.0).sub(sd.math().square(q.mean())).sub(sd.math().exp(logVar)).mul(-0.5);
            }

            @Override
            public SDVariable logDensity(SDVariable z) {
                return sd.math().square(z).add(LOG_2PI).sum(1).mul(-0.5);
            }
        };
    }

    @Override
    public INDArray sample(int n, int latentSize, RandomGenerator random, DataType dataType) {
        return Gaussians.sample(n, latentSize, random, dataType);
    }
}
