package org.vae4j.objective;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A deterministic autoencoder, the baseline a VAE is compared with: the decoder sees the encoder's mean, z = mean
 * (no sampling), and the loss is the reconstruction term alone, mean over the batch of -log p(x|z) in nats per
 * example (for the Bernoulli likelihood, the summed binary cross-entropy). There is no KL term, so nothing pulls
 * the codes towards the prior: decoding samples from N(0, I) is not what this model was trained for, which is the
 * point of the comparison (Kingma &amp; Welling 2014, section 1; Doersch 2016, "Tutorial on variational
 * autoencoders", section 2).
 *
 * <p>The model is the same graph as the VAE's (same encoder, decoder and likelihood), trained by the same
 * trainer: the encoder's log-variance head is defined but receives no gradient and keeps its initial values, the
 * noise placeholder and beta are ignored. The graph's outputs read:
 * {@code z} = the posterior mean; {@code elbo} = log p(x|z), the per-example objective, which is <em>not</em> a
 * lower bound on log p(x); {@code kl} = 0. {@link #isLowerBound()} is false so that reports can say so.
 */
public record AutoencoderObjective() implements Objective {

    @Override
    public Terms define(Inputs in) {
        SDVariable z = in.posterior().mean();
        SDVariable params = in.decoder().decode(z);
        SDVariable logLikelihood = in.likelihood().logProbability(in.x(), params);
        SDVariable noKl = in.sd().zerosLike(logLikelihood);
        SDVariable loss = logLikelihood.neg().mean(0);
        return new Terms(z, params, logLikelihood, noKl, logLikelihood, loss);
    }

    /** @return false: no sampling */
    @Override
    public boolean usesNoise() {
        return false;
    }

    /** @return false: the {@code elbo} output is the reconstruction log-likelihood, not a bound */
    @Override
    public boolean isLowerBound() {
        return false;
    }

    @Override
    public boolean lossIsBatchMean() {
        return true;
    }

    /** @return true: one code per example, which the decoder receives with its condition */
    @Override
    public boolean supportsCondition() {
        return true;
    }
}
