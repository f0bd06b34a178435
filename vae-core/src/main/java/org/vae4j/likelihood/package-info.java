/**
 * Likelihoods p(x|z): {@link org.vae4j.likelihood.BernoulliLikelihood} (logits, data in [0, 1]),
 * {@link org.vae4j.likelihood.GaussianLikelihood} (fixed or learned per-feature variance) and
 * {@link org.vae4j.likelihood.MixedLikelihood} (table rows: Gaussian with a per-example variance, Bernoulli and
 * categorical groups of features), written from elementwise ops so their gradients are exact.
 */
package org.vae4j.likelihood;
