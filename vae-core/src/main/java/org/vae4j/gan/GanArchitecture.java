package org.vae4j.gan;

/**
 * How the generator and discriminator are built from vae4j's layer blocks ({@code org.vae4j.nn}).
 * <ul>
 *   <li>{@link #MLP}: dense layers with leaky ReLU (slope {@link GanConfig#leakySlope()}) between them, the hidden
 *       widths of {@link GanConfig#generatorLayers()} and {@link GanConfig#discriminatorLayers()};</li>
 *   <li>{@link #DCGAN} (Radford et al. 2016, section 3.1): the generator maps z by a dense layer to
 *       {@code generatorLayers[0] x H/2^k x W/2^k} and upsamples by k transposed convolutions (kernel 4, stride 2,
 *       padding 1) through {@code generatorLayers[1..]} channels to the image's; the discriminator downsamples by
 *       stride-2 convolutions with {@code discriminatorLayers} channels and ends with a dense layer to one logit.
 *       Hidden layers are followed by layer normalization ({@code nn.LayerNorm}, which vae4j has in place of the
 *       paper's batch normalization) when {@link GanConfig#normalization()} is set, and by ReLU (generator) or leaky
 *       ReLU (discriminator).</li>
 * </ul>
 */
public enum GanArchitecture {
    /** Fully connected networks. */
    MLP,
    /** Deep convolutional networks. */
    DCGAN
}
