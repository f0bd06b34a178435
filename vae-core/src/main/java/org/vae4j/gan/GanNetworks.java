package org.vae4j.gan;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.vae4j.data.ImageShape;
import org.vae4j.nn.Conv2d;
import org.vae4j.nn.ConvLayer;
import org.vae4j.nn.ConvTranspose2d;
import org.vae4j.nn.Dense;
import org.vae4j.nn.GraphContext;
import org.vae4j.nn.LayerNorm;
import org.vae4j.nn.Reshape;

/**
 * The generator and the discriminator of a {@link GanConfig}, built from vae4j's layer blocks ({@link Dense},
 * {@link Conv2d}, {@link ConvTranspose2d}, {@link LayerNorm}, {@link Reshape}). Each network is defined once (its
 * parameters) and applied as often as the graph needs (the discriminator to real, generated and interpolated
 * images), always with the same parameters.
 */
final class GanNetworks {
    private GanNetworks() {
    }

    /** A network applied to a batch. */
    interface Network {
        /**
         * @param input {@code [batch, in]}
         * @return the output, {@code [batch, out]}
         */
        SDVariable apply(SDVariable input);
    }

    /** A discriminator that also gives its logit's gradient with respect to its input, for WGAN-GP's penalty. */
    interface Critic extends Network {
        /**
         * The gradient of the logit with respect to the input, as forward ops (backpropagation written out), so
         * that the graph's own gradient function can differentiate a penalty built on it.
         *
         * @param x the inputs, {@code [batch, pixels]}
         * @return d logit / d x, {@code [batch, pixels]}
         */
        SDVariable inputGradient(SDVariable x);
    }

    /** The MLP critic's layers. */
    record MlpDiscriminator(SameDiff sd, List<Dense> hidden, List<SDVariable> weights, Dense out, SDVariable outWeights,
            double slope) implements Critic {
        @Override
        public SDVariable apply(SDVariable x) {
            return apply(x, null);
        }

        /**
         * @param x images, {@code [batch, pixels]}
         * @param masks per hidden layer, {@code [batch, width]}: 0 drops a unit, 1/(1 - p) keeps it (inverted
         *     dropout); null for none
         * @return the logits, {@code [batch]}
         */
        SDVariable apply(SDVariable x, List<SDVariable> masks) {
            SDVariable h = x;
            for (int i = 0; i < hidden.size(); i++) {
                h = leaky(sd, hidden.get(i).apply(h), slope);
                if (masks != null) {
                    h = h.mul(masks.get(i));
                }
            }
            return out.apply(h).reshape(-1);
        }

        /**
         * g = w_out^T, then for each hidden layer from the last, g = (g * leaky'(a)) W^T with
         * leaky'(a) = slope + (1 - slope) step(a).
         */
        @Override
        public SDVariable inputGradient(SDVariable x) {
            List<SDVariable> pre = new ArrayList<>();
            SDVariable h = x;
            for (Dense d : hidden) {
                SDVariable a = d.apply(h);
                pre.add(a);
                h = leaky(sd, a, slope);
            }
            // g = ones[batch, 1] x w_out^T: [batch, width of the last hidden layer]
            SDVariable g = sd.mmul(sd.onesLike(out.apply(h)), outWeights, false, true, false);
            for (int i = hidden.size() - 1; i >= 0; i--) {
                g = sd.mmul(g.mul(leakyDerivative(sd, pre.get(i), slope)), weights.get(i), false, true, false);
            }
            return g;
        }
    }

    /** The DCGAN critic's layers. */
    record ConvDiscriminator(SameDiff sd, ImageShape image, List<Conv2d> convs, List<LayerNorm> norms, Dense out,
            SDVariable outWeights, ImageShape last, double slope) implements Critic {
        @Override
        public SDVariable apply(SDVariable x) {
            SDVariable h = Reshape.toImages(x, image);
            for (int i = 0; i < convs.size(); i++) {
                h = convs.get(i).apply(h);
                h = leaky(sd, norms.get(i) == null ? h : norms.get(i).apply(h), slope);
            }
            return out.apply(Reshape.flatten(h, last)).reshape(-1);
        }

        /**
         * g = w_out^T as an image, then for each convolution from the last: times leaky'(pre-activation), through
         * the layer normalization's input gradient ({@link LayerNorm#inputGradient}), through the convolution's
         * ({@link Conv2d#inputGradient}: a transposed convolution with the same kernel).
         */
        @Override
        public SDVariable inputGradient(SDVariable x) {
            List<SDVariable> convOut = new ArrayList<>();
            List<SDVariable> pre = new ArrayList<>();
            SDVariable h = Reshape.toImages(x, image);
            for (int i = 0; i < convs.size(); i++) {
                SDVariable c = convs.get(i).apply(h);
                SDVariable a = norms.get(i) == null ? c : norms.get(i).apply(c);
                convOut.add(c);
                pre.add(a);
                h = leaky(sd, a, slope);
            }
            SDVariable logit = out.apply(Reshape.flatten(h, last));
            SDVariable g = Reshape.toImages(sd.mmul(sd.onesLike(logit), outWeights, false, true, false), last);
            for (int i = convs.size() - 1; i >= 0; i--) {
                g = g.mul(leakyDerivative(sd, pre.get(i), slope));
                if (norms.get(i) != null) {
                    g = norms.get(i).inputGradient(convOut.get(i), g);
                }
                g = convs.get(i).inputGradient(g);
            }
            return Reshape.flatten(g, image);
        }
    }

    /**
     * An MLP's dense layers: {@code hidden0, hidden1, ...} of the given widths, then {@code out}; He-initialized
     * ({@link Dense#defineHe}) or with the default initialization ({@link Dense#define}).
     */
    private record DenseStack(List<Dense> hidden, Dense out) {
        static DenseStack define(GraphContext ctx, int inputs, List<Integer> widths, int outputs, boolean he) {
            List<Dense> hidden = new ArrayList<>();
            int in = inputs;
            for (int i = 0; i < widths.size(); i++) {
                hidden.add(layer(ctx, "hidden" + i, in, widths.get(i), he));
                in = widths.get(i);
            }
            return new DenseStack(hidden, layer(ctx, "out", in, outputs, he));
        }

        private static Dense layer(GraphContext ctx, String name, int in, int out, boolean he) {
            return he ? Dense.defineHe(ctx, name, in, out) : Dense.define(ctx, name, in, out);
        }
    }

    /** slope + (1 - slope) step(a): the derivative of leaky ReLU (of ReLU for slope 0), 1 at a = 0 excluded. */
    static SDVariable leakyDerivative(SameDiff sd, SDVariable a, double slope) {
        return sd.math().step(a, 0.0).mul(1 - slope).add(slope);
    }

    static SDVariable leaky(SameDiff sd, SDVariable a, double slope) {
        return slope == 0 ? sd.nn().relu(a, 0.0) : sd.nn().leakyRelu(a, slope);
    }

    /**
     * Defines the generator in the current name scope (the MLP one He-initialized, {@link Dense#defineHe}, if
     * {@link GanConfig#heInitialization()}).
     *
     * @return z {@code [batch, latentSize]} to images in [0, 1], {@code [batch, pixels]}
     */
    static Network generator(GraphContext ctx, GanConfig config) {
        SameDiff sd = ctx.sd();
        ImageShape image = config.imageShape();
        List<Integer> layers = config.generatorLayers();
        double slope = config.leakySlope();
        if (config.architecture() == GanArchitecture.MLP) {
            DenseStack mlp = DenseStack.define(ctx, config.latentSize(), layers, image.size(),
                    config.heInitialization());
            return z -> {
                SDVariable h = z;
                for (Dense d : mlp.hidden()) {
                    h = leaky(sd, d.apply(h), slope);
                }
                return sd.nn().sigmoid(mlp.out().apply(h));
            };
        }
        int k = layers.size();
        ImageShape start = new ImageShape(layers.get(0), image.height() >> k, image.width() >> k);
        Dense project = Dense.define(ctx, "project", config.latentSize(), start.size());
        LayerNorm projectNorm = config.normalization() ? LayerNorm.define(ctx, "project_norm", start) : null;
        List<ConvTranspose2d> up = new ArrayList<>();
        List<LayerNorm> norms = new ArrayList<>();
        ImageShape shape = start;
        for (int i = 0; i < k; i++) {
            int channels = i + 1 < k ? layers.get(i + 1) : image.channels();
            ConvTranspose2d t = ConvTranspose2d.define(ctx, "up" + i, shape, ConvLayer.halving(channels));
            up.add(t);
            shape = t.outputShape();
            norms.add(config.normalization() && i + 1 < k ? LayerNorm.define(ctx, "up" + i + "_norm", shape) : null);
        }
        return z -> {
            SDVariable h = Reshape.toImages(project.apply(z), start);
            h = sd.nn().relu(projectNorm == null ? h : projectNorm.apply(h), 0.0);
            for (int i = 0; i < k; i++) {
                h = up.get(i).apply(h);
                if (i + 1 < k) {
                    h = sd.nn().relu(norms.get(i) == null ? h : norms.get(i).apply(h), 0.0);
                }
            }
            return sd.nn().sigmoid(Reshape.flatten(h, image));
        };
    }

    /**
     * Defines the discriminator in the current name scope.
     *
     * @return images {@code [batch, pixels]} to logits {@code [batch]}
     */
    static Network discriminator(GraphContext ctx, GanConfig config) {
        SameDiff sd = ctx.sd();
        ImageShape image = config.imageShape();
        List<Integer> layers = config.discriminatorLayers();
        double slope = config.leakySlope();
        if (config.architecture() == GanArchitecture.MLP) {
            DenseStack mlp = DenseStack.define(ctx, image.size(), layers, 1, false);
            List<SDVariable> weights = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                weights.add(sd.getVariable(ctx.scoped("hidden" + i + "/W")));
            }
            return new MlpDiscriminator(sd, mlp.hidden(), weights, mlp.out(), sd.getVariable(ctx.scoped("out/W")),
                    slope);
        }
        List<Conv2d> convs = new ArrayList<>();
        List<LayerNorm> norms = new ArrayList<>();
        ImageShape shape = image;
        for (int i = 0; i < layers.size(); i++) {
            Conv2d c = Conv2d.define(ctx, "conv" + i, shape, ConvLayer.halving(layers.get(i)));
            convs.add(c);
            shape = c.outputShape();
            norms.add(config.normalization() && i > 0 ? LayerNorm.define(ctx, "conv" + i + "_norm", shape) : null);
        }
        Dense out = Dense.define(ctx, "out", shape.size(), 1);
        return new ConvDiscriminator(sd, image, convs, norms, out, sd.getVariable(ctx.scoped("out/W")), shape, slope);
    }
}
