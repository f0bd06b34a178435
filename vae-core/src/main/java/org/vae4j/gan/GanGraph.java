package org.vae4j.gan;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.vae4j.nn.GraphContext;

/**
 * A GAN as one SameDiff graph: the generator (parameters under {@code generator/}), the discriminator (under
 * {@code discriminator/}), both losses, and the names of its placeholders and outputs.
 *
 * <p>Both losses live in one graph whose loss variable is {@link #LOSS} = w_d * {@link #DISCRIMINATOR_LOSS} +
 * w_g * {@link #GENERATOR_LOSS}, with the weights fed as placeholders: a discriminator step feeds (1, 0) and asks the
 * compiled plan only for the discriminator's parameter gradients, a generator step feeds (0, 1) and asks only for the
 * generator's. The parameters are one set of arrays, updated in place by each network's own optimizer. The noise z
 * and WGAN-GP's interpolation weights e are placeholders drawn on the host (SameDiff's in-graph random ops do not
 * resample, deeplearning4j#8602). Losses are written from elementwise ops (SameDiff's loss ops ignore the gradient
 * flowing into them, deeplearning4j#9026), with log sigmoid(l) = -softplus(-l) and softplus(t) = relu(t) +
 * softplus(-|t|), stable for any logit.
 *
 * <p>Formulas (means over the batch; l the discriminator's logit): discriminator loss softplus(-l(x)) +
 * softplus(l(G(z))) = -[log D(x) + log(1 - D(G(z)))] (Goodfellow et al. 2014, eq. 1); generator loss
 * softplus(-l(G(z))) = -log D(G(z)) (non-saturating, section 3) or -softplus(l(G(z))) = log(1 - D(G(z)))
 * (minimax). WGAN-GP (Gulrajani et al. 2017, algorithm 1): critic loss l(G(z)) - l(x) + lambda (||grad_xhat
 * l(xhat)||_2 - 1)^2 at xhat = e x + (1 - e) G(z); generator loss -l(G(z)). The penalty's input gradient is built
 * as explicit forward ops ({@link GanNetworks.Critic#inputGradient}; for a convolution, a transposed convolution
 * with the same kernel), which the graph's gradient function then differentiates; its norm is
 * sqrt(sum g^2 + 1e-12), so the penalty stays differentiable at g = 0.
 */
public final class GanGraph {
    /** Placeholder: real images, {@code [batch, pixels]} in [0, 1]. */
    public static final String REAL = "x";
    /** Placeholder: noise z ~ N(0, I), {@code [batch, latentSize]}. */
    public static final String NOISE = "z";
    /** Placeholder (WGAN-GP): interpolation weights e ~ U(0, 1), {@code [batch, 1]}. */
    public static final String MIX = "e";
    /** Placeholder: the weight of the discriminator loss in {@link #LOSS}, scalar. */
    public static final String DISCRIMINATOR_WEIGHT = "w_d";
    /** Placeholder: the weight of the generator loss in {@link #LOSS}, scalar. */
    public static final String GENERATOR_WEIGHT = "w_g";

    /**
     * Placeholders (MLP discriminator with dropout): {@code dropout_real_i} and {@code dropout_fake_i}, the masks of
     * hidden layer i for the real and the generated batch, {@code [batch, width_i]}, 0 or 1/(1 - p), drawn on the host.
     */
    public static final String DROPOUT_REAL = "dropout_real_";
    /** See {@link #DROPOUT_REAL}. */
    public static final String DROPOUT_FAKE = "dropout_fake_";

    /** Output: G(z), {@code [batch, pixels]} in [0, 1]. */
    public static final String GENERATED = "generated";
    /** Output: the discriminator's logit of each real image, {@code [batch]}. */
    public static final String REAL_LOGIT = "real_logit";
    /** Output: the discriminator's logit of each generated image, {@code [batch]}. */
    public static final String FAKE_LOGIT = "fake_logit";
    /** Output: the discriminator's logit of each real image without dropout (for inference), {@code [batch]}. */
    public static final String LOGIT = "logit";
    /** Output: the discriminator's (critic's) loss, scalar, nats per example (WGAN-GP: critic units). */
    public static final String DISCRIMINATOR_LOSS = "d_loss";
    /** Output: the generator's loss, scalar. */
    public static final String GENERATOR_LOSS = "g_loss";
    /** Output (WGAN-GP): lambda times the mean squared deviation of the critic's input-gradient norm from 1. */
    public static final String PENALTY = "gradient_penalty";
    /**
     * Output (WGAN-GP): the critic's input gradient at the interpolates, grad_xhat l(xhat), {@code [batch, pixels]}.
     */
    public static final String INPUT_GRADIENT = "critic_input_gradient";
    /** Output: the loss variable, w_d * d_loss + w_g * g_loss. */
    public static final String LOSS = "loss";
    /** Scope of the generator's parameters. */
    public static final String GENERATOR = "generator";
    /** Scope of the discriminator's parameters. */
    public static final String DISCRIMINATOR = "discriminator";

    private GanGraph() {
    }

    /**
     * @param parameter a parameter's name
     * @return whether it belongs to the generator
     */
    public static boolean isGenerator(String parameter) {
        return parameter.startsWith(GENERATOR + "/");
    }

    /**
     * @param parameter a parameter's name
     * @return whether it belongs to the discriminator
     */
    public static boolean isDiscriminator(String parameter) {
        return parameter.startsWith(DISCRIMINATOR + "/");
    }

    /**
     * Builds the graph (generator parameters first, then the discriminator's, each initialized as its layer block
     * does from {@code init}).
     *
     * @param config the GAN
     * @param init the generator of initial parameter values
     * @param maxParameterValues the most parameter values the graph may hold ({@link Long#MAX_VALUE}: no limit)
     * @return the graph, with its gradient function built
     * @throws IllegalArgumentException naming the parameter that would exceed the limit
     */
    public static SameDiff build(GanConfig config, RandomGenerator init, long maxParameterValues) {
        SameDiff sd = SameDiff.create();
        DataType dt = config.dataType();
        GraphContext ctx = new GraphContext(sd, dt, init, maxParameterValues);
        SDVariable x = sd.placeHolder(REAL, dt, -1, config.pixels());
        SDVariable z = sd.placeHolder(NOISE, dt, -1, config.latentSize());
        SDVariable wd = sd.placeHolder(DISCRIMINATOR_WEIGHT, dt);
        SDVariable wg = sd.placeHolder(GENERATOR_WEIGHT, dt);
        GanNetworks.Network generator = scoped(sd, GENERATOR, () -> GanNetworks.generator(ctx, config));
        GanNetworks.Network discriminator = scoped(sd, DISCRIMINATOR, () -> GanNetworks.discriminator(ctx, config));

        SDVariable fake = generator.apply(z).rename(GENERATED);
        SDVariable realLogit;
        SDVariable fakeLogit;
        if (config.discriminatorDropout() > 0) {
            List<SDVariable> realMasks = new ArrayList<>();
            List<SDVariable> fakeMasks = new ArrayList<>();
            for (int i = 0; i < config.discriminatorLayers().size(); i++) {
                int width = config.discriminatorLayers().get(i);
                realMasks.add(sd.placeHolder(DROPOUT_REAL + i, dt, -1, width));
                fakeMasks.add(sd.placeHolder(DROPOUT_FAKE + i, dt, -1, width));
            }
            GanNetworks.MlpDiscriminator mlp = (GanNetworks.MlpDiscriminator) discriminator;
            realLogit = mlp.apply(x, realMasks).rename(REAL_LOGIT);
            fakeLogit = mlp.apply(fake, fakeMasks).rename(FAKE_LOGIT);
            discriminator.apply(x).rename(LOGIT);
        } else {
            realLogit = discriminator.apply(x).rename(REAL_LOGIT);
            fakeLogit = discriminator.apply(fake).rename(FAKE_LOGIT);
            sd.identity(LOGIT, realLogit);
        }
        SDVariable dLoss;
        SDVariable gLoss;
        switch (config.loss()) {
            case WGAN_GP -> {
                SDVariable e = sd.placeHolder(MIX, dt, -1, 1);
                SDVariable mixed = x.mul(e).add(fake.mul(e.rsub(1.0)));
                SDVariable g = ((GanNetworks.Critic) discriminator).inputGradient(mixed);
                g.rename(INPUT_GRADIENT);
                SDVariable norm = sd.math().sqrt(g.mul(g).sum(1).add(1e-12));
                SDVariable deviation = norm.sub(1.0);
                SDVariable penalty = deviation.mul(deviation).mean().mul(config.gradientPenalty()).rename(PENALTY);
                dLoss = fakeLogit.mean().sub(realLogit.mean()).add(penalty);
                gLoss = fakeLogit.mean().neg();
            }
            case MINIMAX -> {
                dLoss = softplus(sd, realLogit.neg()).add(softplus(sd, fakeLogit)).mean();
                gLoss = softplus(sd, fakeLogit).mean().neg();
            }
            default -> {
                dLoss = softplus(sd, realLogit.neg()).add(softplus(sd, fakeLogit)).mean();
                gLoss = softplus(sd, fakeLogit.neg()).mean();
            }
        }
        dLoss.rename(DISCRIMINATOR_LOSS);
        gLoss.rename(GENERATOR_LOSS);
        sd.identity(LOSS, dLoss.mul(wd).add(gLoss.mul(wg)));
        sd.setLossVariables(LOSS);
        org.vae4j.graph.GradientOutputFilter.quietly(() -> {
            sd.createGradFunction();
            return null;
        });
        return sd;
    }

    /** log(1 + exp(t)) computed as relu(t) + softplus(-|t|), which neither overflows nor loses small values. */
    static SDVariable softplus(SameDiff sd, SDVariable t) {
        return sd.nn().relu(t, 0.0).add(sd.nn().softplus(sd.math().abs(t).neg()));
    }

    private static <T> T scoped(SameDiff sd, String scope, Supplier<T> body) {
        try (var ignored = sd.withNameScope(scope)) {
            return body.get();
        }
    }
}
