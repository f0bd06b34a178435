package org.vae4j.nn;

import org.nd4j.autodiff.samediff.SDVariable;
import org.vae4j.data.ImageShape;

/**
 * Parameter-free reshapes between the flat rows the VAE's placeholders hold ({@code [batch, C*H*W]}, channel-first
 * as {@link ImageShape} describes) and the image tensors convolutions work on ({@code [batch, C, H, W]}).
 */
public final class Reshape {
    private Reshape() {
    }

    /**
     * @param x flat images, shape {@code [batch, shape.size()]}
     * @param shape the shape of one image
     * @return the same values as {@code [batch, C, H, W]}
     */
    public static SDVariable toImages(SDVariable x, ImageShape shape) {
        return x.reshape(-1, shape.channels(), shape.height(), shape.width());
    }

    /**
     * @param x images, shape {@code [batch, C, H, W]}
     * @param shape the shape of one image
     * @return the same values as {@code [batch, C*H*W]}
     */
    public static SDVariable flatten(SDVariable x, ImageShape shape) {
        return x.reshape(-1, shape.size());
    }
}
