package org.vae4j.nn;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.vae4j.data.ImageShape;

/**
 * A convolutional encoder for C x H x W images: convolution layers, each followed by the activation, then the
 * flattened feature maps through optional hidden dense layers to two linear heads for the posterior's mean and
 * log-variance. In a conditional VAE the condition y is appended to the flattened features, [features, y], before
 * the dense layers (Sohn, Lee &amp; Yan 2015, section 4).
 *
 * <p>Parameters, inside the scope {@code encoder}: {@code conv0/W, conv0/b, ...} ({@link Conv2d}),
 * {@code hidden0/W, hidden0/b, ...} ({@link Dense}), {@code mean/W, mean/b}, {@code log_var/W, log_var/b}.
 *
 * <p>{@code ConvEncoder.of(32, 64)} on MNIST: 1x28x28 to 32x14x14 to 64x7x7 (kernel 4, stride 2, padding 1), 3136
 * features, then the two heads.
 *
 * @param layers the convolution layers, in order from the image; not empty
 * @param hiddenSizes sizes of the dense layers after the convolutions, in order; may be empty
 * @param activation the activation after every convolution and hidden layer
 */
public record ConvEncoder(List<ConvLayer> layers, List<Integer> hiddenSizes, Activation activation)
        implements Encoder {

    /**
     * @param layers the convolution layers, in order from the image; not empty
     * @param hiddenSizes sizes of the dense layers after the convolutions, in order; may be empty
     * @param activation the activation after every convolution and hidden layer
     * @throws NullPointerException if an argument or a layer is null
     * @throws IllegalArgumentException if there is no layer or a hidden size is not positive
     */
    public ConvEncoder {
        layers = List.copyOf(Objects.requireNonNull(layers, "layers"));
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("ConvEncoder.layers must not be empty");
        }
        hiddenSizes = HiddenStack.checkSizes(hiddenSizes);
        Objects.requireNonNull(activation, "activation");
    }

    /**
     * An encoder of {@linkplain ConvLayer#halving halving} ReLU convolutions (kernel 4, stride 2, padding 1) and no
     * hidden dense layer.
     *
     * @param channels the output channels of each convolution, in order
     * @return the encoder
     */
    public static ConvEncoder of(int... channels) {
        return new ConvEncoder(Arrays.stream(channels).mapToObj(ConvLayer::halving).toList(), List.of(),
                Activation.RELU);
    }

    /**
     * @throws IllegalArgumentException naming the layer if a kernel does not fit the image it gets
     */
    @Override
    public Network define(GraphContext ctx, ImageShape inputShape, int conditionSize, int latentSize) {
        Conv2d[] convs = new Conv2d[layers.size()];
        ImageShape shape = inputShape;
        for (int i = 0; i < convs.length; i++) {
            try {
                convs[i] = Conv2d.define(ctx, "conv" + i, shape, layers.get(i));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ConvEncoder.layers[" + i + "] on input " + inputShape + ": "
                        + e.getMessage(), e);
            }
            shape = convs[i].outputShape();
        }
        ImageShape features = shape;
        HiddenStack hidden = HiddenStack.define(ctx, features.size() + conditionSize, hiddenSizes, activation);
        Dense mean = Dense.define(ctx, "mean", hidden.outputSize(), latentSize);
        Dense logVar = Dense.define(ctx, "log_var", hidden.outputSize(), latentSize);
        return (x, condition) -> {
            SDVariable h = Reshape.toImages(x, inputShape);
            for (Conv2d conv : convs) {
                h = activation.apply(ctx.sd(), conv.apply(h));
            }
            h = Reshape.flatten(h, features);
            if (condition != null) {
                h = ctx.sd().concat(1, h, condition);
            }
            h = hidden.apply(h);
            return new DiagonalGaussianVariables(mean.apply(h), logVar.apply(h));
        };
    }
}
