package org.vae4j.graph;

import org.vae4j.data.ImageShape;
import org.vae4j.likelihood.Likelihood;
import org.vae4j.nn.Decoder;
import org.vae4j.nn.Encoder;
import org.vae4j.objective.Objective;
import org.vae4j.prior.Prior;

/**
 * What {@link VaeGraph#build} needs to build a VAE's graph: the model's parts and sizes. {@code org.vae4j.VaeConfig}
 * implements it, so the graph depends on these parts only, not on the configuration class above it.
 */
public interface GraphSpec {
    /** @return the shape of one example, channels x height x width */
    ImageShape inputShape();

    /** @return the features per example, {@code inputShape().size()} */
    int inputSize();

    /** @return the latent dimensions */
    int latentSize();

    /** @return the size of the condition y of a conditional VAE, 0 for a VAE */
    int conditionSize();

    /** @return the inference network q(z|x) */
    Encoder encoder();

    /** @return the generative network mapping z to the likelihood's parameters */
    Decoder decoder();

    /** @return the observation model p(x|z) */
    Likelihood likelihood();

    /** @return the prior p(z) */
    Prior prior();

    /** @return how the KL divergence of the ELBO is computed: in closed form or by Monte Carlo */
    org.vae4j.prior.KlEstimator klEstimator();

    /** @return the family of the posterior q(z|x): diagonal or full-covariance Gaussian */
    org.vae4j.nn.PosteriorFamily posterior();

    /** @return what training maximizes */
    Objective objective();
}
