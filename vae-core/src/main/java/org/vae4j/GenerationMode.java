package org.vae4j;

/**
 * What {@link Vae#generate(int, long, GenerationMode)} returns for each latent code z ~ p(z): the likelihood's mean
 * E[x|z] or a draw x ~ p(x|z) (DL4J's {@code generateAtMeanGivenZ} and {@code generateRandomGivenZ}).
 */
public enum GenerationMode {
    /** The mean of p(x|z): pixel probabilities for the Bernoulli likelihood, mu for the Gaussian. */
    MEAN,
    /** A draw from p(x|z): binary pixels for the Bernoulli likelihood, mu + sigma eps for the Gaussian. */
    SAMPLE
}
