/**
 * Likelihoods p(x|z): {@link org.vae4j.likelihood.BernoulliLikelihood} (logits, data in [0, 1]) and
 * {@link org.vae4j.likelihood.GaussianLikelihood} (fixed or learned per-feature variance), written from
 * elementwise ops so their gradients are exact.
 */
package org.vae4j.likelihood;
