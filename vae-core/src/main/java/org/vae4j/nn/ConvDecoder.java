package org.vae4j.nn;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.vae4j.data.ImageShape;

/**
 * A convolutional decoder, the mirror of a {@link ConvEncoder} with the same layers: z through optional hidden dense
 * layers to a dense projection onto the smallest feature map, then transposed convolutions back up to the image,
 * giving the likelihood's parameters of every pixel (no output activation: the likelihood applies its own link).
 *
 * <p>{@code layers} are listed as for the encoder, from the image side: for an image shape S0 they give the shapes
 * S0, S1 = layers[0](S0), ..., Sn. The decoder runs {@code project} to Sn, then {@code deconv0} from Sn to
 * S(n-1) with the settings of layers[n-1], and so on to S0, the activation after the projection and after every
 * transposed convolution but the last. Each transposed convolution must give back exactly the size its convolution
 * took ({@link #define} checks this, naming the layer). In a conditional VAE its input is [z, y].
 *
 * <p>Parameters, inside the scope {@code decoder}: {@code hidden0/W, hidden0/b, ...} and {@code project/W,
 * project/b} ({@link Dense}), {@code deconv0/W, deconv0/b, ...} ({@link ConvTranspose2d}).
 *
 * @param hiddenSizes sizes of the dense layers before the projection, in order from the latent side; may be empty
 * @param layers the convolution layers of the mirrored encoder, in order from the image; not empty
 * @param activation the activation after the hidden layers, the projection and the inner transposed convolutions
 */
public record ConvDecoder(List<Integer> hiddenSizes, List<ConvLayer> layers, Activation activation)
        implements Decoder {

    /**
     * @param hiddenSizes sizes of the dense layers before the projection, in order from the latent side; may be
     *     empty
     * @param layers the convolution layers of the mirrored encoder, in order from the image; not empty
     * @param activation the activation after the hidden layers, the projection and the inner transposed
     *     convolutions
     * @throws NullPointerException if an argument or a layer is null
     * @throws IllegalArgumentException if there is no layer or a hidden size is not positive
     */
    public ConvDecoder {
        hiddenSizes = HiddenStack.checkSizes(hiddenSizes);
        layers = List.copyOf(Objects.requireNonNull(layers, "layers"));
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("ConvDecoder.layers must not be empty");
        }
        Objects.requireNonNull(activation, "activation");
    }

    /**
     * The mirror of {@link ConvEncoder#of}: the same channels, ReLU, no hidden dense layer.
     *
     * @param channels the channels of the encoder's convolutions, in the encoder's order
     * @return the decoder
     */
    public static ConvDecoder of(int... channels) {
        return new ConvDecoder(List.of(), Arrays.stream(channels).mapToObj(ConvLayer::halving).toList(),
                Activation.RELU);
    }

    /**
     * @throws IllegalArgumentException naming the layer if a kernel does not fit, or if a transposed convolution
     *     cannot give back the exact size of its convolution's input
     */
    @Override
    public Network define(GraphContext ctx, int inputSize, ImageShape outputShape) {
        int n = layers.size();
        ImageShape[] shapes = new ImageShape[n + 1];
        shapes[0] = outputShape;
        for (int i = 0; i < n; i++) {
            try {
                shapes[i + 1] = layers.get(i).outputShape(shapes[i]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ConvDecoder.layers[" + i + "] for output " + outputShape + ": "
                        + e.getMessage(), e);
            }
        }
        HiddenStack hidden = HiddenStack.define(ctx, inputSize, hiddenSizes, activation);
        Dense project = Dense.define(ctx, "project", hidden.outputSize(), shapes[n].size());
        ConvTranspose2d[] deconvs = new ConvTranspose2d[n];
        for (int j = 0; j < n; j++) {
            int i = n - 1 - j; // mirrors layers[i]: from shapes[i + 1] back to shapes[i]
            ConvLayer l = layers.get(i);
            ConvLayer back = new ConvLayer(shapes[i].channels(), l.kernelSize(), l.stride(), l.padding());
            deconvs[j] = ConvTranspose2d.define(ctx, "deconv" + j, shapes[i + 1], back);
            if (!deconvs[j].outputShape().equals(shapes[i])) {
                throw new IllegalArgumentException("ConvDecoder.layers[" + i + "] (kernel " + l.kernelSize()
                        + ", stride " + l.stride() + ", padding " + l.padding() + ") maps " + shapes[i] + " to "
                        + shapes[i + 1] + " but its transposed convolution maps that to " + deconvs[j].outputShape()
                        + ", not back to " + shapes[i] + ": choose settings for which the stride divides height + 2"
                        + " padding - kernel size (and the same for the width)");
            }
        }
        ImageShape smallest = shapes[n];
        return z -> {
            SDVariable h = activation.apply(ctx.sd(), project.apply(hidden.apply(z)));
            h = Reshape.toImages(h, smallest);
            for (int j = 0; j < n; j++) {
                h = deconvs[j].apply(h);
                if (j < n - 1) {
                    h = activation.apply(ctx.sd(), h);
                }
            }
            return Reshape.flatten(h, outputShape);
        };
    }
}
