package org.vae4j.cli;

/**
 * The kinds of model and training that {@code vae4j train} chooses from, one enum per option and one constant per
 * kind, so that each new kind is one more value of an existing option ({@code --architecture},
 * {@code --likelihood}, {@code --objective}, {@code --beta-schedule}); {@link TrainCommand} builds the configuration from them.
 */
public final class TrainChoices {
    private TrainChoices() {
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
