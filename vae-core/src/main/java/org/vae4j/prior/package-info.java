/**
 * Priors p(z): {@link org.vae4j.prior.StandardNormalPrior} and {@link org.vae4j.prior.DiagonalGaussianPrior}, each
 * with its closed-form KL divergence from a diagonal Gaussian posterior and host-side sampling from seeded
 * generators.
 */
package org.vae4j.prior;
