package org.vae4j;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A batch of diagonal Gaussians, such as the posteriors q(z|x) that {@link Vae#encode} returns.
 *
 * @param mean the means, shape {@code [n, latentSize]}
 * @param logVariance the natural logs of the variances, shape {@code [n, latentSize]}
 */
public record DiagonalGaussian(INDArray mean, INDArray logVariance) {
}
