package org.vae4j.nn;

import org.vae4j.data.ImageShape;

/**
 * The settings of one 2-D convolution layer: output channels, a square kernel, the stride and the zero padding on
 * every side. Used by {@link Conv2d}, {@link ConvTranspose2d}, {@link ConvEncoder} and {@link ConvDecoder}.
 *
 * <p>A convolution maps H to floor((H + 2 padding - kernelSize) / stride) + 1 (likewise W); the transposed
 * convolution with the same settings maps back (H' - 1) stride + kernelSize - 2 padding, which is H exactly when
 * stride divides H + 2 padding - kernelSize. Kernel 4, stride 2, padding 1 halves even sizes: 28 to 14 to 7,
 * 32 to 16 to 8.
 *
 * @param channels output channels, {@code > 0}
 * @param kernelSize kernel height and width, {@code > 0}
 * @param stride step in both directions, {@code > 0}
 * @param padding zeros added on each side, {@code >= 0}
 */
public record ConvLayer(int channels, int kernelSize, int stride, int padding) {

    /**
     * @param channels output channels, {@code > 0}
     * @param kernelSize kernel height and width, {@code > 0}
     * @param stride step in both directions, {@code > 0}
     * @param padding zeros added on each side, {@code >= 0}
     * @throws IllegalArgumentException naming the field if a value is out of range
     */
    public ConvLayer {
        if (channels <= 0) {
            throw new IllegalArgumentException("ConvLayer.channels must be positive, got " + channels);
        }
        if (kernelSize <= 0) {
            throw new IllegalArgumentException("ConvLayer.kernelSize must be positive, got " + kernelSize);
        }
        if (stride <= 0) {
            throw new IllegalArgumentException("ConvLayer.stride must be positive, got " + stride);
        }
        if (padding < 0) {
            throw new IllegalArgumentException("ConvLayer.padding must be >= 0, got " + padding);
        }
    }

    /**
     * A layer that halves even heights and widths: kernel 4, stride 2, padding 1 (as in DCGAN, Radford et al.
     * 2016).
     *
     * @param channels output channels
     * @return the layer settings
     */
    public static ConvLayer halving(int channels) {
        return new ConvLayer(channels, 4, 2, 1);
    }

    /**
     * The shape this convolution gives an input of shape {@code in}.
     *
     * @param in the input shape
     * @return channels x floor((H + 2p - k) / s) + 1 x floor((W + 2p - k) / s) + 1
     * @throws IllegalArgumentException if the padded input is smaller than the kernel
     */
    public ImageShape outputShape(ImageShape in) {
        int h = in.height() + 2 * padding - kernelSize;
        int w = in.width() + 2 * padding - kernelSize;
        if (h < 0 || w < 0) {
            throw new IllegalArgumentException("kernel " + kernelSize + " with padding " + padding
                    + " does not fit an input of shape " + in);
        }
        return new ImageShape(channels, h / stride + 1, w / stride + 1);
    }

    /**
     * The shape the transposed convolution with these settings gives an input of shape {@code in}.
     *
     * @param in the input shape
     * @return channels x ((H - 1) s + k - 2p) x ((W - 1) s + k - 2p)
     * @throws IllegalArgumentException if the output would be empty
     */
    public ImageShape transposedOutputShape(ImageShape in) {
        int h = (in.height() - 1) * stride + kernelSize - 2 * padding;
        int w = (in.width() - 1) * stride + kernelSize - 2 * padding;
        if (h <= 0 || w <= 0) {
            throw new IllegalArgumentException("a transposed convolution with kernel " + kernelSize + ", stride "
                    + stride + " and padding " + padding + " gives an empty output for an input of shape " + in);
        }
        return new ImageShape(channels, h, w);
    }
}
