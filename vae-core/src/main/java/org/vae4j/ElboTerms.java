package org.vae4j;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The ELBO of each example and its two terms, estimated with one reparameterized sample z ~ q(z|x):
 * ELBO = log p(x|z) - KL(q(z|x) || p(z)) (Kingma &amp; Welling 2014, eq. 10).
 *
 * @param elbo the evidence lower bound in nats, shape {@code [n]}
 * @param logLikelihood the reconstruction term log p(x|z) in nats, shape {@code [n]}
 * @param kl the KL divergence in nats, shape {@code [n]}
 */
public record ElboTerms(INDArray elbo, INDArray logLikelihood, INDArray kl) {

    /** @return the means over examples */
    public ElboSummary summary() {
        long n = elbo.length();
        return new ElboSummary(elbo.sumNumber().doubleValue() / n, logLikelihood.sumNumber().doubleValue() / n,
                kl.sumNumber().doubleValue() / n);
    }
}
