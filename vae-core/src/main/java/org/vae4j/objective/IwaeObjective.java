package org.vae4j.objective;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.vae4j.nn.DiagonalGaussianVariables;

/**
 * The importance-weighted autoencoder's objective (Burda, Grosse &amp; Salakhutdinov 2016, eq. 8): with k
 * reparameterized samples z_s = mean + exp(logVar / 2) * eps_s from q(z|x),
 *
 * <pre>
 *   L_k(x) = log (1/k) sum_s w_s,   log w_s = log p(x|z_s) + log p(z_s) - log q(z_s|x),
 *   log q(z_s|x) = -1/2 sum_j (log 2 pi + logVar_j + eps_sj^2),
 * </pre>
 *
 * (z_s by {@link DiagonalGaussianVariables#sample}, log q by
 * {@link DiagonalGaussianVariables#logDensityOfSample(SDVariable)}),
 * computed with a log-sum-exp over the samples; the loss is the batch mean of -L_k. In expectation L_k is a tighter
 * lower bound on log p(x) than the ELBO (L_1 is the ELBO with a Monte Carlo KL), and training on it gives better
 * log-likelihoods (Burda et al., table 1). Its gradient is the average of the samples' gradients weighted by their
 * normalized importance weights (eq. 14). beta is not used.
 *
 * <p>The figures reported per example ({@code elbo}, {@code log_likelihood}, {@code kl}) are the ELBO's, averaged
 * over the k samples (log p(x|z) averaged, KL in closed form or, with {@link org.vae4j.prior.KlEstimator#MONTE_CARLO},
 * log q(z|x) - log p(z) averaged), so training curves compare with the VAE's; the
 * model's {@link org.vae4j.Vae#logLikelihood importance-sampled estimate} gives L_k for any k.
 *
 * @param samples k, the importance samples per example, {@code >= 1}
 */
public record IwaeObjective(int samples) implements Objective {

    /**
     * @param samples k, the importance samples per example, {@code >= 1}
     * @throws IllegalArgumentException if {@code samples < 1}
     */
    public IwaeObjective {
        if (samples < 1) {
            throw new IllegalArgumentException("IwaeObjective.samples must be >= 1, got " + samples);
        }
    }

    @Override
    public Terms define(Inputs in) {
        SameDiff sd = in.sd();
        int k = samples;
        DiagonalGaussianVariables q = in.posterior();
        DiagonalGaussianVariables qK = q.tile(k); // sample-major: row s * batch + i holds sample s of example i
        SDVariable eps = in.noise();
        SDVariable z = in.sample(k, eps);
        SDVariable params = in.decoder().decode(z);
        int[] repeat = new int[in.x().getShape().length];
        java.util.Arrays.fill(repeat, 1);
        repeat[0] = k;
        SDVariable logLikelihood = in.likelihood().logProbability(sd.tile(in.x(), repeat), params); // [k * batch]
        SDVariable logPrior = in.prior().logDensity(z);
        SDVariable logQ = qK.logDensityOfSample(eps);
        SDVariable logW = logLikelihood.add(logPrior).sub(logQ).reshape(k, -1); // [k, batch]
        // log-sum-exp over the samples, written out: SDMath.logSumExp's backward pass loses the dimension
        // (reduce_sum_bp without axes fails on [k, batch]) in 1.0.0-M2.1; the max's gradient cancels exactly
        SDVariable max = logW.max(0);
        SDVariable bound = sd.math().log(sd.math().exp(logW.sub(max)).sum(0)).add(max).sub(Math.log(k)); // [batch]
        SDVariable loss = bound.mean(0).neg();

        SDVariable meanLogLikelihood = logLikelihood.reshape(k, -1).mean(0);
        // the closed form, or the Monte Carlo estimate averaged over the k samples
        SDVariable kl = in.klEstimator() == org.vae4j.prior.KlEstimator.CLOSED_FORM
                ? in.closedFormKl(in.posterior()) : logQ.sub(logPrior).reshape(k, -1).mean(0);
        // the first sample of each example, decoded once more for the reconstruction output (not in the loss)
        long latentSize = eps.getShape()[1];
        SDVariable firstEps = eps.reshape(k, -1, latentSize).get(SDIndex.point(0), SDIndex.all(), SDIndex.all());
        SDVariable firstZ = in.sample(1, firstEps);
        SDVariable firstParams = in.decoder().decode(firstZ);
        return new Terms(firstZ, firstParams, meanLogLikelihood, kl, meanLogLikelihood.sub(kl), loss);
    }

    /** @return true */
    @Override
    public boolean usesNoise() {
        return true;
    }

    /** @return true: the {@code elbo} output is the ELBO (the trained L_k is a tighter bound still) */
    @Override
    public boolean isLowerBound() {
        return true;
    }

    @Override
    public boolean lossIsBatchMean() {
        return true;
    }

    /** @return k */
    @Override
    public int samplesPerExample() {
        return samples;
    }
}
