/**
 * Priors p(z), each with its log-density in the graph: {@link org.vae4j.prior.StandardNormalPrior},
 * {@link org.vae4j.prior.DiagonalGaussianPrior} and {@link org.vae4j.prior.FullCovarianceGaussianPrior} with their
 * closed-form KL divergences from a diagonal Gaussian posterior; the fixed {@link org.vae4j.prior.GaussianMixturePrior},
 * the trained {@link org.vae4j.prior.LearnedGaussianMixturePrior} and the {@link org.vae4j.prior.VampPrior}, whose KL
 * is estimated by Monte Carlo ({@link org.vae4j.prior.KlEstimator}); the trained
 * {@link org.vae4j.prior.LearnedFullCovarianceGaussianPrior}, with a closed-form KL. Fixed priors sample on the host
 * from seeded generators, learned ones in the graph.
 */
package org.vae4j.prior;
