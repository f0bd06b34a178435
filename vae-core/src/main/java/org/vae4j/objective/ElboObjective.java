package org.vae4j.objective;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The variational autoencoder's objective, the default: the evidence lower bound with one reparameterized sample
 * per example (Kingma &amp; Welling 2014, eq. 10), with the KL term weighted by beta in the loss (Higgins et al.
 * 2017, eq. 4).
 *
 * <ul>
 *   <li>latent: z = mean + exp(logVar / 2) * eps, eps ~ N(0, I) fed from the host (reparameterization, Kingma
 *       &amp; Welling 2014, section 2.4);</li>
 *   <li>per example: ELBO = log p(x|z) - KL(q(z|x) || p(z)), in nats, beta not applied;</li>
 *   <li>loss: mean over the batch of beta * KL - log p(x|z), nats per example.</li>
 * </ul>
 */
public record ElboObjective() implements Objective {

    @Override
    public Terms define(Inputs in) {
        SDVariable mean = in.posterior().mean();
        SDVariable logVar = in.posterior().logVariance();
        SDVariable z = mean.add(in.sd().math().exp(logVar.mul(0.5)).mul(in.noise()));
        SDVariable params = in.decoder().decode(z);
        SDVariable logLikelihood = in.likelihood().logProbability(in.x(), params);
        SDVariable kl = in.prior().klDivergence(in.posterior());
        SDVariable elbo = logLikelihood.sub(kl);
        SDVariable loss = kl.mul(in.beta()).sub(logLikelihood).mean(0);
        return new Terms(z, params, logLikelihood, kl, elbo, loss);
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
}
