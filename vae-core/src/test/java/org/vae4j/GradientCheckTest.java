package org.vae4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.data.ImageShape;
import org.vae4j.graph.VaeGraph;
import org.vae4j.likelihood.BernoulliLikelihood;
import org.vae4j.likelihood.GaussianLikelihood;
import org.vae4j.likelihood.Likelihood;
import org.vae4j.likelihood.MixedLikelihood;
import org.vae4j.nn.Activation;
import org.vae4j.nn.ConvDecoder;
import org.vae4j.nn.ConvEncoder;
import org.vae4j.nn.ConvLayer;
import org.vae4j.nn.MlpDecoder;
import org.vae4j.nn.MlpEncoder;
import org.vae4j.objective.AutoencoderObjective;
import org.vae4j.objective.CapacityObjective;
import org.vae4j.objective.ElboObjective;
import org.vae4j.objective.IwaeObjective;
import org.vae4j.objective.Objective;
import org.vae4j.prior.DiagonalGaussianPrior;
import org.vae4j.prior.Gaussians;
import org.vae4j.prior.Prior;
import org.vae4j.prior.StandardNormalPrior;

/**
 * Central finite differences in double precision against SameDiff's gradients of the whole loss: encoder,
 * reparameterization, decoder, likelihood, prior and beta, with eps fixed; and for the autoencoder objective, whose
 * loss does not depend on the encoder's log-variance head: exactly those parameters get no gradient, and the finite
 * differences agree that the loss does not change with them. Also the convolutional encoder and decoder and the
 * conditional VAE, whose condition reaches the loss through the encoder and the decoder.
 */
class GradientCheckTest {
    private static final int INPUT = 6;
    private static final int LATENT = 3;
    private static final int BATCH = 4;

    static Stream<Arguments> models() {
        Prior diagonal = new DiagonalGaussianPrior(new double[] {0.5, -0.3, 0.0}, new double[] {1.5, 0.8, 1.0});
        Objective elbo = new ElboObjective();
        return Stream.of(
                Arguments.of(new BernoulliLikelihood(), new StandardNormalPrior(), Activation.TANH, elbo),
                Arguments.of(new BernoulliLikelihood(), diagonal, Activation.RELU, elbo),
                Arguments.of(GaussianLikelihood.fixedVariance(0.2), new StandardNormalPrior(), Activation.SOFTPLUS, elbo),
                Arguments.of(GaussianLikelihood.learnedVariance(), diagonal, Activation.TANH, elbo),
                Arguments.of(new BernoulliLikelihood(), new StandardNormalPrior(), Activation.TANH,
                        new AutoencoderObjective()),
                Arguments.of(GaussianLikelihood.learnedVariance(), diagonal, Activation.SOFTPLUS,
                        new AutoencoderObjective()),
                Arguments.of(new BernoulliLikelihood(), new StandardNormalPrior(), Activation.TANH, new IwaeObjective(3)),
                Arguments.of(GaussianLikelihood.learnedVariance(), diagonal, Activation.TANH, new IwaeObjective(2)),
                Arguments.of(new BernoulliLikelihood(), diagonal, Activation.TANH, ElboObjective.withFreeBits(0.2)),
                Arguments.of(new BernoulliLikelihood(), new StandardNormalPrior(), Activation.SOFTPLUS,
                        CapacityObjective.linear(5, 2, 1)),
                Arguments.of(MIXED, diagonal, Activation.TANH, elbo),
                Arguments.of(new MixedLikelihood(MIXED.groups(), 0), new StandardNormalPrior(), Activation.SOFTPLUS,
                        new IwaeObjective(2)));
    }

    /** Gaussian, Bernoulli, a categorical group of 3, Gaussian: 6 features, 8 decoder outputs. */
    private static final MixedLikelihood MIXED = new MixedLikelihood(List.of(
            new MixedLikelihood.Group("a", MixedLikelihood.Kind.GAUSSIAN, 0, 1),
            new MixedLikelihood.Group("b", MixedLikelihood.Kind.BERNOULLI, 1, 1),
            new MixedLikelihood.Group("c", MixedLikelihood.Kind.CATEGORICAL, 2, 3),
            new MixedLikelihood.Group("d", MixedLikelihood.Kind.GAUSSIAN, 5, 1)), 0.01);

    @ParameterizedTest(name = "{0} / {1} / {2} / {3}")
    @MethodSource("models")
    void analyticGradientsMatchCentralDifferences(Likelihood likelihood, Prior prior, Activation activation,
            Objective objective) {
        VaeConfig config = VaeConfig.builder(INPUT, LATENT)
                .encoder(new MlpEncoder(List.of(5, 4), activation))
                .decoder(new MlpDecoder(List.of(5), activation))
                .likelihood(likelihood).prior(prior).objective(objective).beta(0.7).dataType(DataType.DOUBLE)
                .seed(11).build();
        List<String> expectedWithout = objective instanceof AutoencoderObjective
                ? List.of("encoder/log_var/W", "encoder/log_var/b") : List.of();
        assertGradientsMatch(config, expectedWithout, 100, Integer.MAX_VALUE);
    }

    static Stream<Arguments> architectures() {
        ImageShape image = new ImageShape(2, 4, 4);
        ConvEncoder convEncoder = new ConvEncoder(List.of(ConvLayer.halving(3), new ConvLayer(2, 2, 1, 0)), List.of(4),
                Activation.TANH);
        ConvDecoder convDecoder = new ConvDecoder(List.of(3), List.of(ConvLayer.halving(3), new ConvLayer(2, 2, 1, 0)),
                Activation.SOFTPLUS);
        return Stream.of(
                Arguments.of("conv encoder and decoder", VaeConfig.builder(image, LATENT).encoder(convEncoder)
                        .decoder(convDecoder)),
                Arguments.of("conditional MLP", VaeConfig.builder(INPUT, LATENT).conditionSize(2)
                        .encoder(new MlpEncoder(List.of(5), Activation.TANH))
                        .decoder(new MlpDecoder(List.of(4), Activation.TANH))),
                Arguments.of("conditional conv, Gaussian", VaeConfig.builder(image, LATENT).conditionSize(3)
                        .encoder(convEncoder).decoder(convDecoder).likelihood(GaussianLikelihood.learnedVariance())),
                Arguments.of("full-covariance prior, closed-form KL", mlp().prior(FULL_PRIOR)),
                Arguments.of("full-covariance prior and posterior, closed-form KL", mlp().prior(FULL_PRIOR)
                        .posterior(org.vae4j.nn.PosteriorFamily.FULL_COVARIANCE)
                        .klEstimator(org.vae4j.prior.KlEstimator.CLOSED_FORM)),
                Arguments.of("full-covariance prior, Monte Carlo KL", mlp().prior(FULL_PRIOR)
                        .klEstimator(org.vae4j.prior.KlEstimator.MONTE_CARLO)),
                Arguments.of("fixed mixture prior", mlp().prior(org.vae4j.prior.GaussianMixturePrior.random(3, LATENT,
                        1.0, 2))),
                Arguments.of("learned mixture prior, IWAE", mlp().prior(
                        new org.vae4j.prior.LearnedGaussianMixturePrior(3, 1.0)).objective(new IwaeObjective(2))),
                Arguments.of("VampPrior", mlp().prior(new org.vae4j.prior.VampPrior(3))),
                Arguments.of("learned full-covariance prior, closed-form KL", mlp().prior(LEARNED_FULL)),
                Arguments.of("learned full-covariance prior, full-covariance posterior, IWAE", mlp().prior(LEARNED_FULL)
                        .posterior(org.vae4j.nn.PosteriorFamily.FULL_COVARIANCE).objective(new IwaeObjective(2))),
                Arguments.of("learned full-covariance prior, full-covariance posterior, Monte Carlo KL", mlp()
                        .prior(LEARNED_FULL).posterior(org.vae4j.nn.PosteriorFamily.FULL_COVARIANCE)),
                Arguments.of("learned full-covariance prior, full-covariance posterior, closed-form KL", mlp()
                        .prior(LEARNED_FULL).posterior(org.vae4j.nn.PosteriorFamily.FULL_COVARIANCE)
                        .klEstimator(org.vae4j.prior.KlEstimator.CLOSED_FORM)),
                Arguments.of("full-covariance posterior", mlp().posterior(org.vae4j.nn.PosteriorFamily.FULL_COVARIANCE)),
                Arguments.of("full-covariance posterior, IWAE", mlp()
                        .posterior(org.vae4j.nn.PosteriorFamily.FULL_COVARIANCE).objective(new IwaeObjective(2))));
    }

    private static final Prior FULL_PRIOR = new org.vae4j.prior.FullCovarianceGaussianPrior(new double[] {0.5, -0.3, 0},
            new double[][] {{1.5, 0.4, -0.2}, {0.4, 1.0, 0.3}, {-0.2, 0.3, 0.8}});

    private static final Prior LEARNED_FULL = new org.vae4j.prior.LearnedFullCovarianceGaussianPrior(LATENT);

    private static VaeConfig.Builder mlp() {
        return VaeConfig.builder(INPUT, LATENT).encoder(new MlpEncoder(List.of(5), Activation.TANH))
                .decoder(new MlpDecoder(List.of(4), Activation.TANH));
    }

    /**
     * The convolutional encoder and decoder, the conditional VAE (gradients through y's paths), the priors (closed-form
     * and Monte Carlo KL, learned parameters, the VampPrior's pseudo-inputs through the encoder) and the
     * full-covariance posterior (its Cholesky head).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("architectures")
    void architecturesMatchCentralDifferences(String name, VaeConfig.Builder builder) {
        assertGradientsMatch(builder.beta(0.7).dataType(DataType.DOUBLE).seed(11).build(), List.of(), 80, 12);
    }

    /**
     * @param atLeast fail unless more values than this were checked
     * @param perParameter check at most this many elements of each parameter (spread over it), to bound the time
     */
    private static void assertGradientsMatch(VaeConfig config, List<String> expectedWithout, int atLeast,
            int perParameter) {
        SameDiff sd = VaeGraph.build(config, DataType.DOUBLE, new SplittableRandom(5));
        if (config.likelihood() instanceof GaussianLikelihood g && g.learned()) {
            // move the learned log-variance away from its initial 0 so its gradient is exercised in general position
            sd.getArrForVarName("likelihood/" + GaussianLikelihood.LOG_VARIANCE).assign(
                    Gaussians.sample(1, config.inputSize(), new SplittableRandom(9), DataType.DOUBLE).muli(0.3));
        }
        if (config.prior() instanceof org.vae4j.prior.LearnedFullCovarianceGaussianPrior) {
            // move the prior from its initial N(0, I) into general position: mean, log-diagonal and lower part
            SplittableRandom moves = new SplittableRandom(10);
            for (String name : List.of("prior/mean", "prior/log_diagonal", "prior/lower")) {
                INDArray p = sd.getArrForVarName(name);
                p.assign(Gaussians.sample(1, (int) p.length(), moves, DataType.DOUBLE).muli(0.4).reshape(p.shape()));
            }
        }
        SplittableRandom random = new SplittableRandom(3);
        Map<String, INDArray> feed = new HashMap<>();
        double[] x = new double[BATCH * config.inputSize()];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextDouble();
        }
        feed.put(VaeGraph.INPUT, Nd4j.create(x, new long[] {BATCH, config.inputSize()}, DataType.DOUBLE));
        feed.put(VaeGraph.NOISE, Gaussians.sample(config.objective().samplesPerExample() * BATCH, LATENT, random,
                DataType.DOUBLE));
        feed.put(VaeGraph.BETA, Nd4j.scalar(DataType.DOUBLE, 0.7));
        feed.put(VaeGraph.CAPACITY, Nd4j.scalar(DataType.DOUBLE, 0.3));
        if (config.conditional()) { // any side vector, not only one-hot
            feed.put(VaeGraph.CONDITION, Gaussians.sample(BATCH, config.conditionSize(), random, DataType.DOUBLE));
        }

        List<String> params = new ArrayList<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                params.add(v.name());
            }
        }
        Map<String, INDArray> analytic = sd.calculateGradients(feed, params);
        double h = 1e-6;
        int checked = 0;
        double worst = 0;
        String worstAt = "";
        List<String> withoutGradient = new ArrayList<>();
        for (String name : params) {
            INDArray param = sd.getArrForVarName(name);
            INDArray grad = analytic.get(name);
            if (grad == null) {
                withoutGradient.add(name);
                grad = param.like(); // zeros: the finite differences must agree
            }
            INDArray flat = param.reshape(param.length());
            INDArray flatGrad = grad.reshape(grad.length());
            long step = Math.max(1, flat.length() / perParameter);
            for (long i = 0; i < flat.length(); i += step) {
                double original = flat.getDouble(i);
                flat.putScalar(i, original + h);
                double plus = loss(sd, feed);
                flat.putScalar(i, original - h);
                double minus = loss(sd, feed);
                flat.putScalar(i, original);
                double numeric = (plus - minus) / (2 * h);
                double a = flatGrad.getDouble(i);
                double error = Math.abs(numeric - a) / Math.max(1e-3, Math.abs(numeric) + Math.abs(a));
                if (error > worst) {
                    worst = error;
                    worstAt = name + "[" + i + "] analytic " + a + " numeric " + numeric;
                }
                checked++;
            }
        }
        assertEquals(expectedWithout, withoutGradient);
        assertTrue(checked > atLeast, "checked only " + checked + " parameters");
        assertTrue(worst < 1e-5, "worst relative error " + worst + " at " + worstAt);
    }

    private static double loss(SameDiff sd, Map<String, INDArray> feed) {
        return sd.output(feed, VaeGraph.LOSS).get(VaeGraph.LOSS).getDouble(0);
    }
}
