package org.vae4j.objective;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The variational autoencoder's objective, the default: the evidence lower bound with one reparameterized sample
 * per example (Kingma &amp; Welling 2014, eq. 10), with the KL term weighted by beta in the loss (Higgins et al.
 * 2017, eq. 4), optionally with free bits (Kingma et al. 2016, "Improved Variational Inference with Inverse
 * Autoregressive Flow", appendix C.8).
 *
 * <ul>
 *   <li>latent: z = mean + exp(logVar / 2) * eps, eps ~ N(0, I) fed from the host (reparameterization, Kingma
 *       &amp; Welling 2014, section 2.4; {@link org.vae4j.nn.DiagonalGaussianVariables#sample});</li>
 *   <li>per example: ELBO = log p(x|z) - KL(q(z|x) || p(z)), in nats, beta not applied;</li>
 *   <li>loss without free bits: mean over the batch of beta * KL - log p(x|z), nats per example;</li>
 *   <li>loss with free bits lambda &gt; 0: beta * sum_j max(lambda, mean over the batch of KL_j) - mean of
 *       log p(x|z), where KL_j is the divergence of latent dimension j: a dimension whose KL, averaged over the
 *       mini-batch, is below lambda nats gets no gradient pushing it further towards the prior, which counters
 *       posterior collapse. The reported ELBO is unchanged.</li>
 * </ul>
 *
 * <p>The KL term is computed as the configuration's {@link org.vae4j.prior.KlEstimator} says; free bits need the
 * per-dimension KL in closed form ({@link org.vae4j.VaeConfig} refuses them with the Monte Carlo estimator).
 *
 * @param freeBits lambda, the free nats per latent dimension; 0 (the default) for the plain ELBO; finite,
 *     {@code >= 0}
 */
public record ElboObjective(double freeBits) implements Objective {

    /**
     * @param freeBits lambda, the free nats per latent dimension; 0 (the default) for the plain ELBO; finite,
     *     {@code >= 0}
     * @throws IllegalArgumentException if {@code freeBits} is negative or not finite
     */
    public ElboObjective {
        if (!(freeBits >= 0) || Double.isInfinite(freeBits)) {
            throw new IllegalArgumentException("ElboObjective.freeBits must be finite and >= 0, got " + freeBits);
        }
    }

    /** The plain ELBO, without free bits. */
    public ElboObjective() {
        this(0);
    }

    /**
     * @param lambda free nats per latent dimension, e.g. 0.5
     * @return the ELBO objective with free bits
     * @throws IllegalArgumentException if {@code lambda} is negative or not finite
     */
    public static ElboObjective withFreeBits(double lambda) {
        return new ElboObjective(lambda);
    }

    @Override
    public Terms define(Inputs in) {
        SDVariable z = in.sample(1, in.noise());
        SDVariable params = in.decoder().decode(z);
        SDVariable logLikelihood = in.likelihood().logProbability(in.x(), params);
        SDVariable loss;
        SDVariable kl;
        if (freeBits == 0) {
            kl = in.klDivergence(in.posterior(), in.noise(), z);
            loss = kl.mul(in.beta()).sub(logLikelihood).mean(0);
        } else {
            SDVariable perDimension = in.prior().klDivergencePerDimension(in.posterior());
            kl = perDimension.sum(1);
            // max(lambda, KL_j) = relu(KL_j - lambda) + lambda, with KL_j the batch mean of dimension j
            SDVariable clamped = in.sd().nn().relu(perDimension.mean(0).sub(freeBits), 0).add(freeBits);
            loss = clamped.sum().mul(in.beta()).sub(logLikelihood.mean(0));
        }
        return new Terms(z, params, logLikelihood, kl, logLikelihood.sub(kl), loss);
    }

    /** @return true: z is sampled with the noise eps */
    @Override
    public boolean usesNoise() {
        return true;
    }

    /** @return true: the {@code elbo} output is the ELBO */
    @Override
    public boolean isLowerBound() {
        return true;
    }

    @Override
    public boolean lossIsBatchMean() {
        return freeBits == 0;
    }

    /** @return true: one code per example, which the decoder receives with its condition */
    @Override
    public boolean supportsCondition() {
        return true;
    }
}
