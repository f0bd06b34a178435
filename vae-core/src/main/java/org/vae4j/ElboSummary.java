package org.vae4j;

/**
 * Mean ELBO and its terms over a set of examples, in nats per example. Higher ELBO is better; the negative ELBO
 * is the number usually reported as the "test loss" (about 105 nats for the reference MNIST model after 10
 * epochs). For a model trained with the {@link org.vae4j.objective.AutoencoderObjective} there is no ELBO:
 * {@code elbo} holds its objective, the reconstruction log-likelihood, and {@code kl} is 0.
 *
 * @param elbo mean evidence lower bound, nats per example
 * @param logLikelihood mean reconstruction term E_q[log p(x|z)], nats per example
 * @param kl mean KL(q(z|x) || p(z)), nats per example
 */
public record ElboSummary(double elbo, double logLikelihood, double kl) {
}
