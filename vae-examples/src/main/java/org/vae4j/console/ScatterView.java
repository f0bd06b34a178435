package org.vae4j.console;

import org.vae4j.latent.Embedding;
import org.vae4j.latent.Projection;

/** The two axes of a scatter plot of posterior means ({@code --view} of {@code vae4j embed} and the examples). */
public enum ScatterView {
    /** The two latent dimensions with the largest KL (the dimensions themselves for latent size 2). */
    kl,
    /** The first two principal components of the posterior means. */
    pca;

    /**
     * @param embedding the posterior means
     * @return them on this view's two axes
     */
    public Projection of(Embedding embedding) {
        return this == pca ? embedding.pca() : embedding.topKl();
    }
}
