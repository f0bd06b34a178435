package org.vae4j.graph;

import java.util.random.RandomGenerator;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.vae4j.data.ImageShape;
import org.vae4j.likelihood.Likelihood;
import org.vae4j.nn.CholeskyGaussianVariables;
import org.vae4j.nn.Decoder;
import org.vae4j.nn.DiagonalGaussianVariables;
import org.vae4j.nn.Encoder;
import org.vae4j.nn.GraphContext;
import org.vae4j.nn.PosteriorFamily;
import org.vae4j.objective.Objective;
import org.vae4j.prior.Prior;

/**
 * The VAE as one SameDiff graph, and the names of its placeholders and outputs.
 *
 * <p>Training path: x -&gt; encoder -&gt; (mean, log-variance) -&gt; the configuration's {@link Objective}, which
 * chooses the latent code the decoder sees and defines the per-example terms and the loss. With the default
 * {@link org.vae4j.objective.ElboObjective}: z = mean + exp(logVar / 2) * eps -&gt; decoder -&gt; likelihood
 * parameters -&gt; log p(x|z); KL(q(z|x) || p(z)) in closed form or by Monte Carlo
 * ({@link GraphSpec#klEstimator()}); ELBO = log p(x|z) - KL per example; the loss is
 * mean(beta * KL - log p(x|z)) over the batch (Kingma &amp; Welling 2014, eq. 10; Higgins et al. 2017, eq. 4 for
 * beta). With {@link org.vae4j.objective.AutoencoderObjective}: z = mean, loss = mean(-log p(x|z)).
 *
 * <p>Generation path: the decoder's parameters applied a second time to the placeholder {@link #LATENT}, so
 * that decoding needs no input image. The noise eps is a placeholder drawn on the host (SameDiff's in-graph random
 * ops do not resample in 1.0.0-M2.1, deeplearning4j#8602).
 *
 * <p>Conditional VAE ({@link GraphSpec#conditionSize()} &gt; 0, Sohn, Lee &amp; Yan 2015): the placeholder
 * {@link #CONDITION} y is passed to the encoder with x, q(z|x, y), and appended to every latent code the decoder
 * sees, p(x|z, y) with the decoder applied to [z, y], in the training and in the generation path; the objective and
 * the prior are unchanged (p(z|y) = p(z)).
 */
public final class VaeGraph {
    /** Placeholder: data, {@code [batch, inputSize]}. */
    public static final String INPUT = "x";
    /** Placeholder: standard normal noise of the reparameterization, {@code [samples * batch, latentSize]} with
     * {@link Objective#samplesPerExample()} samples per example, sample-major. */
    public static final String NOISE = "eps";
    /** Placeholder: the KL weight beta, scalar. */
    public static final String BETA = "beta";
    /** Placeholder: the KL target C of {@link org.vae4j.objective.CapacityObjective}, scalar, nats. */
    public static final String CAPACITY = "capacity";
    /** Placeholder: latent codes to decode, {@code [n, latentSize]}. */
    public static final String LATENT = "z_in";
    /**
     * Placeholder of a conditional VAE only: the condition y of each row of {@link #INPUT} or {@link #LATENT},
     * {@code [batch, conditionSize]} (e.g. one-hot labels). The encoder receives it with x, the decoder [z, y].
     */
    public static final String CONDITION = "y";

    /** Output: posterior mean, {@code [batch, latentSize]}. */
    public static final String POSTERIOR_MEAN = "posterior_mean";
    /** Output: posterior log-variance, {@code [batch, latentSize]}; for a full-covariance posterior, the log of the
     * squared diagonal of its Cholesky factor. */
    public static final String POSTERIOR_LOG_VARIANCE = "posterior_log_var";
    /** Output of a {@linkplain PosteriorFamily#FULL_COVARIANCE full-covariance} posterior: the strictly lower
     * triangular part of its Cholesky factor, {@code [batch, latentSize, latentSize]}. */
    public static final String POSTERIOR_LOWER = "posterior_lower";
    /** Output: the latent code the decoder sees in the training path, {@code [batch, latentSize]}: the
     * reparameterized sample for the ELBO, the posterior mean for the autoencoder. */
    public static final String Z = "z";
    /** Output: likelihood mean of the reconstruction from z, {@code [batch, inputSize]}. */
    public static final String RECONSTRUCTION = "reconstruction";
    /** Output: log p(x|z) per example in nats, {@code [batch]}; its terms in {@link #logLikelihoodTerm}. */
    public static final String LOG_LIKELIHOOD = "log_likelihood";
    /** Output: KL(q(z|x) || p(z)) per example in nats, {@code [batch]}; 0 for an objective without a KL term. */
    public static final String KL = "kl";
    /** Output: KL(q(z_j|x) || p(z_j)) per example and latent dimension in nats, {@code [batch, latentSize]}: the
     * prior's closed-form terms (which sum to {@link #KL}), or for a prior without a closed form the one-sample
     * estimate log q(z_j|x) - log p(z_j) against its marginals at the first noise sample (these need not sum to the
     * joint KL). */
    public static final String KL_PER_DIMENSION = "kl_per_dimension";
    /** Output: the objective per example in nats, {@code [batch]}: the ELBO log p(x|z) - KL (one eps sample) when
     * {@link Objective#isLowerBound()}, else what the objective maximizes (the autoencoder's log p(x|z)). */
    public static final String ELBO = "elbo";
    /** Output: the training loss, nats per example averaged over the batch, scalar: mean(beta * KL - log p(x|z))
     * for the ELBO. */
    public static final String LOSS = "loss";
    /** Output: likelihood mean decoded from {@link #LATENT}, {@code [n, inputSize]}. */
    public static final String DECODED = "decoded";
    /**
     * Output: log p(x|z) per example in nats for x fed to {@link #INPUT} and z fed to {@link #LATENT} (row i of
     * each), {@code [n]}; used by importance sampling.
     */
    public static final String LATENT_LOG_LIKELIHOOD = "latent_log_likelihood";

    /** Placeholder of a {@linkplain Prior#hasLearnedParameters() learned} prior: N(0, 1) noise for {@link #PRIOR_SAMPLE},
     * {@code [n, latentSize]}. */
    public static final String PRIOR_NOISE = "eps_prior";
    /** Placeholder of a learned prior: U(0, 1) noise for {@link #PRIOR_SAMPLE}, {@code [n, mixtureComponents]}. */
    public static final String PRIOR_UNIFORM = "u_prior";
    /** Output of a learned prior: z ~ p(z) from the noise in {@link #PRIOR_NOISE} and {@link #PRIOR_UNIFORM},
     * {@code [n, latentSize]}. */
    public static final String PRIOR_SAMPLE = "prior_sample";
    /** Placeholder: U(0, 1) noise for {@link #DECODED_SAMPLE}, {@code [n, inputSize]}. */
    public static final String OBSERVATION_UNIFORM = "u_x";
    /** Placeholder: N(0, 1) noise for {@link #DECODED_SAMPLE}, {@code [n, inputSize]}. */
    public static final String OBSERVATION_NOISE = "eps_x";
    /**
     * Output: a draw x ~ p(x|z) for z fed to {@link #LATENT}, from the noise in {@link #OBSERVATION_UNIFORM} and
     * {@link #OBSERVATION_NOISE}, {@code [n, inputSize]}; absent if the likelihood cannot sample
     * ({@link Likelihood.Distribution#sample}).
     */
    public static final String DECODED_SAMPLE = "decoded_sample";

    /** Output: log p(z) per row in nats for z fed to {@link #LATENT}, {@code [n]}; used by importance sampling. */
    public static final String LATENT_LOG_PRIOR = "latent_log_prior";

    private VaeGraph() {
    }

    /**
     * Output, for a likelihood with {@link Likelihood#termNames() terms} and an objective of one sample per example:
     * one term of {@link #LOG_LIKELIHOOD} in nats, {@code [batch]}, e.g. {@code log_likelihood_binary}.
     *
     * @param term the term's name
     * @return the output's name
     */
    public static String logLikelihoodTerm(String term) {
        return LOG_LIKELIHOOD + "_" + term;
    }

    /**
     * Builds the graph of a configuration.
     *
     * @param config the model's parts and sizes ({@code org.vae4j.VaeConfig} is one)
     * @param dataType the floating-point type of parameters and activations
     * @param init the generator for initial parameter values
     * @return the graph, with {@link #LOSS} as its loss variable
     */
    public static SameDiff build(GraphSpec config, DataType dataType, RandomGenerator init) {
        return build(config, dataType, init, Long.MAX_VALUE);
    }

    /**
     * Builds the graph of a configuration, refusing one with more parameter values than a limit before it allocates
     * them (a model file's configuration is held to the values the file holds).
     *
     * @param config the model's parts and sizes
     * @param dataType the floating-point type of parameters and activations
     * @param init the generator for initial parameter values
     * @param maxParameterValues the most parameter values (elements of all trainable parameters) the graph may hold
     * @return the graph, with {@link #LOSS} as its loss variable
     * @throws IllegalArgumentException naming the parameter that would exceed the limit
     */
    public static SameDiff build(GraphSpec config, DataType dataType, RandomGenerator init, long maxParameterValues) {
        SameDiff sd = SameDiff.create();
        GraphContext ctx = new GraphContext(sd, dataType, init, maxParameterValues);
        ImageShape inputShape = config.inputShape();
        int inputSize = config.inputSize();
        int latentSize = config.latentSize();
        int conditionSize = config.conditionSize();

        SDVariable x = sd.placeHolder(INPUT, dataType, -1, inputSize);
        SDVariable eps = sd.placeHolder(NOISE, dataType, -1, latentSize);
        SDVariable beta = sd.placeHolder(BETA, dataType);
        SDVariable capacity = sd.placeHolder(CAPACITY, dataType);
        SDVariable latent = sd.placeHolder(LATENT, dataType, -1, latentSize);
        SDVariable y = conditionSize == 0 ? null : sd.placeHolder(CONDITION, dataType, -1, conditionSize);

        Encoder.Network encoder = scoped(sd, "encoder",
                () -> config.encoder().define(ctx, inputShape, conditionSize, latentSize));
        int parameterSize = config.likelihood().parameterSize(inputSize);
        ImageShape decoderShape = parameterSize == inputSize ? inputShape : ImageShape.vector(parameterSize);
        Decoder.Network network = scoped(sd, "decoder",
                () -> config.decoder().define(ctx, latentSize + conditionSize, decoderShape));
        Decoder.Network decoder = y == null ? network : z -> network.decode(sd.concat(1, z, y));
        Likelihood.Distribution likelihood = scoped(sd, "likelihood", () -> config.likelihood().define(ctx, inputSize));
        Prior.Distribution prior = scoped(sd, "prior", () -> config.prior().define(ctx, latentSize, encoder,
                inputSize));

        DiagonalGaussianVariables q = encoder.encode(x, y);
        SDVariable mean = q.mean().rename(POSTERIOR_MEAN);
        SDVariable logVar = q.logVariance().rename(POSTERIOR_LOG_VARIANCE);
        DiagonalGaussianVariables posterior = new DiagonalGaussianVariables(mean, logVar);
        SDVariable lower = config.posterior() != PosteriorFamily.FULL_COVARIANCE ? null
                : scoped(sd, "encoder", () -> choleskyLower(ctx, y == null ? sd.concat(1, x, mean, logVar)
                        : sd.concat(1, x, y, mean, logVar), inputSize + conditionSize + 2 * latentSize, latentSize))
                        .rename(POSTERIOR_LOWER);

        Objective.Terms terms = config.objective().define(
                new Objective.Inputs(sd, x, eps, beta, capacity, posterior, decoder, likelihood, prior,
                        config.klEstimator(), lower));
        // Named copies: an objective may return one variable for two terms (the autoencoder's z is the mean).
        sd.identity(Z, terms.latent());
        sd.identity(RECONSTRUCTION, likelihood.mean(terms.decoderOutput()));
        sd.identity(LOG_LIKELIHOOD, terms.logLikelihood());
        if (config.objective().samplesPerExample() == 1) { // the terms of the same log p(x|z), same z
            likelihood.logProbabilityTerms(x, terms.decoderOutput()).forEach((name, v) -> sd.identity(
                    logLikelihoodTerm(name), v));
        }
        sd.identity(KL, terms.kl());
        sd.identity(ELBO, terms.bound());
        sd.identity(LOSS, terms.loss());
        sd.setLossVariables(LOSS);
        klPerDimension(config, prior, lower == null ? posterior
                : new CholeskyGaussianVariables(posterior, lower).marginals(), eps).rename(KL_PER_DIMENSION);

        SDVariable latentParams = decoder.decode(latent);
        likelihood.mean(latentParams).rename(DECODED);
        try {
            likelihood.sample(latentParams, sd.placeHolder(OBSERVATION_UNIFORM, dataType, -1, inputSize),
                    sd.placeHolder(OBSERVATION_NOISE, dataType, -1, inputSize)).rename(DECODED_SAMPLE);
        } catch (UnsupportedOperationException e) {
            // a user-defined likelihood without sampling: the graph has no DECODED_SAMPLE output
        }
        likelihood.logProbability(x, latentParams).rename(LATENT_LOG_LIKELIHOOD);
        prior.logDensity(latent).rename(LATENT_LOG_PRIOR);
        if (config.prior().hasLearnedParameters()) {
            prior.sample(sd.placeHolder(PRIOR_NOISE, dataType, -1, latentSize),
                    sd.placeHolder(PRIOR_UNIFORM, dataType, -1, config.prior().mixtureComponents()))
                    .rename(PRIOR_SAMPLE);
        }

        createGradientFunction(sd);

        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE && !v.dataType().equals(dataType)) {
                throw new IllegalStateException("Parameter " + v.name() + " is " + v.dataType() + ", expected "
                        + dataType);
            }
        }
        return sd;
    }

    /**
     * The strictly lower triangular part B of a full-covariance posterior's Cholesky factor L = diag(sigma) + B: a
     * dense head {@code encoder/cholesky} (weights and bias initialized to 0) from the input and the encoder's mean and
     * log-variance to latentSize^2 values, masked to the entries below the diagonal.
     */
    private static SDVariable choleskyLower(GraphContext ctx, SDVariable features, int in, int latentSize) {
        int d = latentSize;
        SDVariable w = ctx.constantParameter("cholesky/W", 0.0, in, (long) d * d);
        SDVariable b = ctx.constantParameter("cholesky/b", 0.0, 1, (long) d * d);
        double[] mask = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                mask[i * d + j] = 1;
            }
        }
        return features.mmul(w).add(b).reshape(-1, d, d).mul(ctx.constant("cholesky_mask", mask, 1, d, d));
    }

    /**
     * The per-dimension KL diagnostic: the prior's closed-form terms when it has them, else the one-sample Monte Carlo
     * estimate of KL(q(z_j|x) || p(z_j)) against the prior's marginals (q's marginals, for a full-covariance posterior), log q(z_j|x) - log p(z_j), at the first noise
     * sample of each example.
     */
    private static SDVariable klPerDimension(GraphSpec config, Prior.Distribution prior,
            DiagonalGaussianVariables posterior, SDVariable eps) {
        if (config.prior().hasClosedFormKl()) {
            return prior.klDivergencePerDimension(posterior);
        }
        int k = config.objective().samplesPerExample();
        SDVariable first = k == 1 ? eps : eps.reshape(k, -1, config.latentSize())
                .get(org.nd4j.autodiff.samediff.SDIndex.point(0), org.nd4j.autodiff.samediff.SDIndex.all(),
                        org.nd4j.autodiff.samediff.SDIndex.all());
        return posterior.logDensityOfSamplePerDimension(first)
                .sub(prior.marginalLogDensities(posterior.sample(first)));
    }

    /**
     * Builds the backward graph now. SameDiff 1.0.0-M2.1 prints "Added differentiated op ..." for every op with an
     * unconditional {@code System.out.println} in {@code createGradFunction} (no logger, flag or system property
     * controls it, and the method is too large to replicate). The build runs under {@link GradientOutputFilter},
     * installed once as {@code System.out}, which drops those lines for this thread only and forwards everything
     * else, from every thread, unchanged: nothing another thread prints meanwhile is lost or reordered. Public for
     * other graphs built from vae4j's blocks (the sample-quality classifier).
     *
     * @param sd a graph with its loss variables set
     */
    public static void createGradientFunction(SameDiff sd) {
        GradientOutputFilter.quietly(() -> {
            sd.createGradFunction();
            return null;
        });
    }

    private static <T> T scoped(SameDiff sd, String scope, java.util.function.Supplier<T> body) {
        try (var ignored = sd.withNameScope(scope)) {
            return body.get();
        }
    }
}
