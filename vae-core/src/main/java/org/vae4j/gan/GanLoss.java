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
}
