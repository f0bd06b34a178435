package org.vae4j.prior;

import java.util.random.RandomGenerator;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.nn.CholeskyGaussianVariables;
import org.vae4j.nn.DiagonalGaussianVariables;
import org.vae4j.nn.GraphContext;

/**
 * A Gaussian prior with a full covariance trained with the model, p(z) = N(m*, S*), S* = L* L*^T, through its
 * Cholesky factor L* = diag(exp(r)) + B (positive diagonal by construction, B strictly lower triangular), with the
 * parametrization of the full-covariance posterior ({@link CholeskyGaussianVariables}). Parameters, in the scope
 * {@code prior}: {@value #MEAN} m* {@code [1, d]} (initially 0), {@value #LOG_DIAGONAL} r {@code [1, d]}
 * (initially 0) and {@value #LOWER} {@code [d, d]} (initially 0; only its entries below the diagonal are used):
 * training starts at N(0, I).
 *
 * <p>The KL divergence of a Gaussian posterior q = N(mu, S) is in closed form (the Gaussian KL of
 * Rasmussen &amp; Williams 2006, eq. A.23), with M = L*^-1
 * ({@link CholeskyGaussianVariables#inverseFactor}) and log det S* = 2 sum_j r_j:
 * <pre>
 *   KL(q || p) = 1/2 [tr(S*^-1 S) + (m* - mu)^T S*^-1 (m* - mu) - d + log det S* - log det S]
 * </pre>
 * in nats, where tr(S*^-1 S) = ||M L||_F^2 for S = L L^T (the full-covariance posterior,
 * {@code Distribution.klDivergence(CholeskyGaussianVariables)}) and sum_j (M^T M)_jj sigma_j^2 for the diagonal one,
 * split per dimension as for {@link FullCovarianceGaussianPrior}. The log-density in nats is
 * -1/2 [d log 2 pi + log det S* + ||M (z - m*)||^2]; the
 * marginals are N(m*_j, S*_jj); samples are drawn in the graph, z = m* + L* eps. {@link KlEstimator#CLOSED_FORM}
 * is the default with the diagonal posterior; with the full-covariance posterior a configuration may choose it (the
 * default there is {@link KlEstimator#MONTE_CARLO}, as for every prior).
 *
 * @param latentSize d, the number of latent dimensions, {@code >= 1}
 */
public record LearnedFullCovarianceGaussianPrior(int latentSize) implements Prior {
    /** Name of the mean parameter m*, {@code [1, d]}, in the scope {@code prior}. */
    public static final String MEAN = "mean";
    /** Name of the parameter r, {@code [1, d]}: the log of the diagonal of L*. */
    public static final String LOG_DIAGONAL = "log_diagonal";
    /** Name of the parameter {@code [d, d]} whose entries below the diagonal are those of L*. */
    public static final String LOWER = "lower";
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    /**
     * @param latentSize d, the number of latent dimensions, {@code >= 1}
     * @throws IllegalArgumentException naming the field if {@code latentSize < 1}
     */
    public LearnedFullCovarianceGaussianPrior {
        if (latentSize < 1) {
            throw new IllegalArgumentException("LearnedFullCovarianceGaussianPrior.latentSize must be >= 1, got "
                    + latentSize);
        }
    }

    /** @return true: {@link Distribution#klDivergence(CholeskyGaussianVariables)} is implemented */
    @Override
    public boolean hasClosedFormKlFromFullCovariance() {
        return true;
    }

    /** @return true: sampled in the graph */
    @Override
    public boolean hasLearnedParameters() {
        return true;
    }

    @Override
    public void checkLatentSize(int size) {
        if (size != latentSize) {
            throw new IllegalArgumentException("LearnedFullCovarianceGaussianPrior.latentSize is " + latentSize
                    + " but the model's latentSize is " + size);
        }
    }

    /** @throws UnsupportedOperationException always: the parameters live in the graph; use {@code Vae.generate} */
    @Override
    public INDArray sample(int n, int size, RandomGenerator random, DataType dataType) {
        throw new UnsupportedOperationException("LearnedFullCovarianceGaussianPrior is sampled in the model's graph:"
                + " use Vae.generate");
    }

    @Override
    public Distribution define(GraphContext ctx, int size) {
        checkLatentSize(size);
        int d = latentSize;
        SDVariable mean = ctx.constantParameter(MEAN, 0.0, 1, d);
        SDVariable logDiagonal = ctx.constantParameter(LOG_DIAGONAL, 0.0, 1, d);
        double[] mask = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                mask[i * d + j] = 1;
            }
        }
        SDVariable lower = ctx.constantParameter(LOWER, 0.0, d, d).mul(ctx.constant("lower_mask", mask, d, d));
        return distribution(new CholeskyGaussianVariables(new DiagonalGaussianVariables(mean, logDiagonal.mul(2)),
                lower.reshape(1, d, d)), d);
    }

    /**
     * The Gaussian N(m*, L* L*^T) as a prior bound to the graph.
     *
     * @param p the prior's mean {@code [1, d]}, log of the squared diagonal of its Cholesky factor {@code [1, d]}
     *     and strictly lower part {@code [1, d, d]} (zero on and above the diagonal)
     * @param d the latent size
     * @return the prior's KL divergences (nats per example), log-density, marginals and sampling in the graph
     */
    static Distribution distribution(CholeskyGaussianVariables p, int d) {
        SameDiff sd = p.lower().getSameDiff();
        SDVariable mean = p.diagonal().mean();
        SDVariable logDetTerms = p.diagonal().logVariance(); // 2 log L*_jj, [1, d]
        SDVariable logDet = logDetTerms.sum();
        SDVariable inverse = p.inverseFactor(d); // M = L*^-1, [d, d]
        SDVariable inverseT = inverse.permute(1, 0);
        SDVariable precisionDiagonal = sd.math().square(inverse).sum(0).reshape(1, d); // (M^T M)_jj
        return new Distribution() {
            @Override
            public SDVariable klDivergencePerDimension(DiagonalGaussianVariables q) {
                SDVariable logVar = q.logVariance();
                SDVariable diff = q.mean().sub(mean);
                SDVariable quadratic = diff.mul(diff.mmul(inverseT).mmul(inverse)); // diff_j (S*^-1 diff)_j
                return sd.math().exp(logVar).mul(precisionDiagonal).add(quadratic).sub(1.0).add(logDetTerms)
                        .sub(logVar).mul(0.5);
            }

            @Override
            public SDVariable klDivergence(CholeskyGaussianVariables q) {
                // M L = M diag(sigma) + M B, per example: (M B)_bik by one product over the stacked B_b
                SDVariable b = q.lower().permute(1, 0, 2).reshape(d, -1); // [j, batch * k]
                SDVariable mb = inverse.mmul(b).reshape(d, -1, d).permute(1, 0, 2); // [batch, i, k]
                SDVariable sigma = sd.math().exp(q.diagonal().logVariance().mul(0.5));
                SDVariable ml = mb.add(inverse.reshape(1, d, d).mul(sd.expandDims(sigma, 1)));
                SDVariable trace = sd.math().square(ml).sum(1, 2);
                SDVariable quadratic = sd.math().square(q.diagonal().mean().sub(mean).mmul(inverseT)).sum(1);
                return trace.add(quadratic).sub(d).add(logDet).sub(q.diagonal().logVariance().sum(1)).mul(0.5);
            }

            @Override
            public SDVariable logDensity(SDVariable z) {
                SDVariable u = z.sub(mean).mmul(inverseT);
                return sd.math().square(u).sum(1).add(logDet).add(d * LOG_2PI).mul(-0.5);
            }

            @Override
            public SDVariable marginalLogDensities(SDVariable z) {
                DiagonalGaussianVariables m = p.marginals();
                SDVariable logVar = m.logVariance();
                return sd.math().square(z.sub(m.mean())).mul(sd.math().exp(logVar.neg())).add(logVar).add(LOG_2PI)
                        .mul(-0.5);
            }

            @Override
            public SDVariable sample(SDVariable normal, SDVariable uniform) {
                return p.sample(normal);
            }
        };
    }
}
