package org.vae4j.cli;

import org.vae4j.VaeConfig;
import org.vae4j.nn.PosteriorFamily;
import picocli.CommandLine.Option;

/** {@code vae4j train}'s options of the latent model: the prior, the KL estimator and the posterior family. */
public final class LatentOptions {

    @Option(names = "--prior", defaultValue = "standard", paramLabel = "SPEC", description = "Prior p(z): "
            + TrainChoices.PRIORS + " (fixed, learned or VampPrior mixtures of K Gaussians) (default: ${DEFAULT-VALUE}).")
    String prior;

    @Option(names = "--kl-estimator", paramLabel = "NAME", description = "KL divergence: closed-form or monte-carlo"
            + " (default: closed-form where the prior has one and the posterior is diagonal, else monte-carlo).")
    String klEstimator;

    @Option(names = "--posterior", defaultValue = "diagonal", paramLabel = "NAME", description = "Posterior q(z|x):"
            + " diagonal or full-covariance (a Cholesky factor from the encoder) (default: ${DEFAULT-VALUE}).")
    String posterior;

    /**
     * Sets the prior, the KL estimator and the posterior family on a configuration builder.
     *
     * @param builder the builder
     * @param latentSize the latent dimensions
     * @param seed the run's seed
     * @return the builder
     * @throws IllegalArgumentException naming the option if a value is not one it takes
     */
    VaeConfig.Builder apply(VaeConfig.Builder builder, int latentSize, long seed) {
        PosteriorFamily family = switch (posterior) {
            case "diagonal" -> PosteriorFamily.DIAGONAL;
            case "full-covariance" -> PosteriorFamily.FULL_COVARIANCE;
            default -> throw new IllegalArgumentException("--posterior takes diagonal or full-covariance, got '"
                    + posterior + "'");
        };
        return builder.prior(TrainChoices.prior(prior, latentSize, seed))
                .klEstimator(TrainChoices.klEstimator(klEstimator)).posterior(family);
    }
}
