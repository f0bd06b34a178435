package org.vae4j.cli;

/**
 * The kinds of model and training that {@code vae4j train} chooses from, one enum per option and one constant per
 * kind, so that each new kind is one more value of an existing option ({@code --architecture},
 * {@code --likelihood}, {@code --objective}, {@code --beta-schedule}; {@code --prior} and {@code --kl-estimator} are
 * parsed here); {@link TrainCommand} builds the
 * configuration from them.
 */
public final class TrainChoices {
    /** What {@code --prior} accepts. */
    static final String PRIORS = "standard, mixture:K, learned-mixture:K, vamp:K or full-covariance:FILE";

    private TrainChoices() {
    }

    /**
     * The prior named by {@code --prior}: {@code standard} (N(0, I)), {@code mixture:K} (a fixed equally weighted
     * mixture of K unit-variance Gaussians with means drawn from N(0, 4 I) by the seed), {@code learned-mixture:K}
     * (K diagonal Gaussians trained with the model) or {@code vamp:K} (the VampPrior with K pseudo-inputs).
     *
     * @param spec the option's value
     * @param latentSize the latent dimensions
     * @param seed the run's seed (draws a fixed mixture's means)
     * @return the prior
     * @throws IllegalArgumentException naming {@code --prior} if the value is not one of those
     */
    static org.vae4j.prior.Prior prior(String spec, int latentSize, long seed) {
        String[] parts = spec.split(":", 2);
        if (parts.length == 1 && parts[0].equals("standard")) {
            return new org.vae4j.prior.StandardNormalPrior();
        }
        int k;
        try {
            k = parts.length == 2 ? Integer.parseInt(parts[1]) : -1;
        } catch (NumberFormatException e) {
            k = -1;
        }
        if (k < 1) {
            throw new IllegalArgumentException("--prior takes " + PRIORS + ", K >= 1, got '" + spec + "'");
        }
        return switch (parts[0]) {
            case "mixture" -> org.vae4j.prior.GaussianMixturePrior.random(k, latentSize, 2.0, seed);
            case "learned-mixture" -> new org.vae4j.prior.LearnedGaussianMixturePrior(k, 2.0);
            case "vamp" -> new org.vae4j.prior.VampPrior(k);
            default -> throw new IllegalArgumentException("--prior takes " + PRIORS + ", got '" + spec + "'");
        };
    }

    /**
     * @param name {@code closed-form}, {@code monte-carlo}, or null for the prior's default
     * @return the estimator, or null
     * @throws IllegalArgumentException naming {@code --kl-estimator} for another value
     */
    static org.vae4j.prior.KlEstimator klEstimator(String name) {
        return name == null ? null : switch (name) {
            case "closed-form" -> org.vae4j.prior.KlEstimator.CLOSED_FORM;
            case "monte-carlo" -> org.vae4j.prior.KlEstimator.MONTE_CARLO;
            default -> throw new IllegalArgumentException("--kl-estimator takes closed-form or monte-carlo, got '"
                    + name + "'");
        };
    }

    /** The encoder and decoder networks. */
    public enum Architecture {
        /** Fully connected encoder and decoder with ReLU hidden layers of {@code --hidden} units. */
        mlp,
        /**
         * Convolutional encoder and decoder ({@code ConvEncoder.of} / {@code ConvDecoder.of}): kernel-4, stride-2
         * convolutions with {@code --channels} output channels, mirrored by transposed convolutions.
         */
        conv
    }

    /** The observation model p(x|z). */
    public enum LikelihoodKind {
        /** Bernoulli pixels in [0, 1] (binary cross-entropy). */
        bernoulli,
        /** Gaussian pixels with a learned per-pixel variance, or the fixed {@code --variance}. */
        gaussian
    }

    /** What training maximizes. */
    public enum ObjectiveKind {
        /**
         * The ELBO with the KL term weighted by {@code --beta} (a VAE; beta-VAE if beta is not 1), with
         * {@code --free-bits} free nats per latent dimension (Kingma et al. 2016).
         */
        elbo,
        /** The importance-weighted bound with {@code --iwae-samples} samples (Burda et al. 2016). */
        iwae,
        /** -log p(x|z) + gamma |KL - C| with C rising to {@code --capacity} nats (Burgess et al. 2018). */
        capacity,
        /** Reconstruction only, through the posterior mean: a deterministic autoencoder (baseline). */
        autoencoder
    }

    /** How beta changes during training. */
    public enum BetaSchedule {
        /** {@code --beta} throughout. */
        constant,
        /** Linear KL warm-up from 0 to {@code --beta} over {@code --warmup-epochs} (Bowman et al. 2016). */
        warmup,
        /** {@code --cycles} cycles, each rising from 0 to {@code --beta} over its first half (Fu et al. 2019). */
        cyclical
    }
}
