package org.vae4j.gan;

/**
 * The GAN objective. With l = the discriminator's logit, D(x) = sigmoid(l), G(z) the generator's image and means over
 * the batch:
 * <ul>
 *   <li>{@link #NON_SATURATING} (the default): discriminator -[log D(x) + log(1 - D(G(z)))], generator
 *       -log D(G(z)) (Goodfellow et al. 2014, eq. 1 and section 3, the heuristic that gives strong gradients early in
 *       training);</li>
 *   <li>{@link #MINIMAX}: the same discriminator loss, generator log(1 - D(G(z))) (Goodfellow et al. 2014, eq. 1 as
 *       written);</li>
 *   <li>{@link #WGAN_GP}: a critic l without sigmoid, critic loss l(G(z)) - l(x) + lambda (||grad_xhat l(xhat)||_2 -
 *       1)^2 at xhat = e x + (1 - e) G(z), e ~ U(0, 1) per example, generator -l(G(z)) (Gulrajani et al. 2017,
 *       algorithm 1; lambda = 10 and 5 critic steps per generator step by default).</li>
 * </ul>
 * Logs of sigmoids are computed stably from logits: log D = -softplus(-l), log(1 - D) = -softplus(l).
 */
public enum GanLoss {
    /** -log D(G(z)) for the generator. */
    NON_SATURATING,
    /** log(1 - D(G(z))) for the generator. */
    MINIMAX,
    /** Wasserstein GAN with gradient penalty. */
    WGAN_GP;

    /** @return whether this is the Wasserstein critic (no sigmoid, no accuracy) */
    public boolean isWasserstein() {
        return this == WGAN_GP;
    }

    /**
     * What an epoch in which the discriminator caught every generated image ({@link GanEpochRecord#discriminatorWon()})
     * means for the generator under this loss, for warnings. With l the logit of a generated image, the generator
     * loss's derivative in l is -sigmoid(l) for {@link #MINIMAX} (near 0 when l is very negative: the gradients
     * vanish, Goodfellow et al. 2014, section 3) and sigmoid(l) - 1 for {@link #NON_SATURATING} (near -1: the
     * gradients stay strong).
     *
     * @return one or two sentences, without a leading capital or final period, to follow a semicolon
     */
    public String whenDiscriminatorWins() {
        return switch (this) {
            case MINIMAX -> "the minimax generator loss log(1 - D(G(z))) saturates then and the generator's gradients"
                    + " vanish; if it lasts, the generator may stop learning (the non-saturating loss avoids this)";
            case NON_SATURATING -> "the non-saturating generator loss -log D(G(z)) still gives strong gradients, but if"
                    + " it lasts the discriminator learns faster than the generator, which may have collapsed to few"
                    + " modes";
            case WGAN_GP -> "a Wasserstein critic does not classify, so this is not measured for WGAN-GP";
        };
    }
}
