package org.vae4j;

import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.vae4j.data.ImageShape;
import org.vae4j.likelihood.BernoulliLikelihood;
import org.vae4j.likelihood.Likelihood;
import org.vae4j.nn.Decoder;
import org.vae4j.nn.Encoder;
import org.vae4j.nn.MlpDecoder;
import org.vae4j.nn.MlpEncoder;
import org.vae4j.nn.PosteriorFamily;
import org.vae4j.objective.AutoencoderObjective;
import org.vae4j.objective.ElboObjective;
import org.vae4j.objective.Objective;
import org.vae4j.prior.KlEstimator;
import org.vae4j.prior.Prior;
import org.vae4j.prior.StandardNormalPrior;
import org.vae4j.schedule.ConstantSchedule;
import org.vae4j.schedule.CyclicalSchedule;
import org.vae4j.schedule.LinearWarmup;
import org.vae4j.schedule.Schedule;
import org.vae4j.schedule.TrainingStep;
import org.vae4j.train.TrainingSpec;

/**
 * The complete, immutable description of a VAE and how to train it. Every value is validated at construction;
 * an invalid one throws {@link IllegalArgumentException} (or {@link NullPointerException}) naming the field.
 *
 * <p>Build one with {@link #builder(int, int)}; its defaults are the reference model of the PyTorch VAE example:
 * MLP encoder and decoder with one hidden layer of 512 ReLU units, Bernoulli likelihood, standard normal prior,
 * the ELBO objective, beta 1, Adam with learning rate 1e-3, batch size 128, 10 epochs, seed 0, float32.
 *
 * @param inputShape the shape of one example, channels x height x width (e.g. {@code 1x28x28} for MNIST,
 *     {@code 3x32x32} for colour images); data rows hold it flattened, channel-first, {@code [n, inputShape.size()]}.
 *     A flat vector of n features is {@code ImageShape.vector(n)}, {@code 1x1xn}
 * @param latentSize latent dimensions; {@code > 0}
 * @param conditionSize 0 for a VAE; {@code > 0} for a conditional VAE (Sohn, Lee &amp; Yan 2015) on a side vector y
 *     of this size, which the encoder and the decoder both receive: q(z|x, y) and p(x|z, y). {@link VaeTrainer}
 *     feeds the one-hot labels of the data (labels in {@code [0, conditionSize)}); the model's methods take any
 *     {@code [n, conditionSize]} array. A conditional VAE trains with an objective that
 *     {@linkplain Objective#supportsCondition() supports one}: {@link ElboObjective} or {@link AutoencoderObjective}
 * @param encoder the inference network q(z|x)
 * @param decoder the generative network mapping z to the likelihood's parameters
 * @param likelihood the observation model p(x|z)
 * @param prior the prior p(z)
 * @param objective what training maximizes: {@link ElboObjective} (the VAE) or {@link AutoencoderObjective} (the
 *     deterministic autoencoder baseline, which ignores {@code beta})
 * @param beta the weight of the KL term in the training loss (1 is the ELBO; Higgins et al. 2017) as a
 *     {@link Schedule} computed on the host at every update: constant ({@link Builder#beta(double)}), a linear
 *     warm-up ({@link LinearWarmup}) or cyclical annealing ({@link CyclicalSchedule}); its values must be finite
 *     and {@code >= 0} (the trainer checks each one); ignored by objectives without a beta-weighted KL term
 * @param updater the optimizer (a copy is kept); its learning rate (at the first iteration, if scheduled) must be
 *     finite and {@code > 0}, and for ND4J's updaters their decay rates (beta1, beta2, momentum, rmsDecay, rho) in
 *     [0, 1) and epsilon finite and {@code > 0}
 * @param batchSize examples per mini-batch; {@code > 0}
 * @param epochs passes over the training set; {@code >= 0}
 * @param seed the seed of every random draw: parameter initialization, shuffling and the reparameterization noise
 * @param dataType {@code FLOAT} (default) or {@code DOUBLE}
 * @param dynamicBinarization whether every training batch is binarized afresh: each pixel value p in [0, 1] is
 *     replaced by a Bernoulli(p) draw, a new draw every epoch, seeded from {@code seed} (the setting of the
 *     published MNIST log-likelihoods, e.g. Burda et al. 2016, section 5); only with a
 *     {@linkplain Likelihood#isBinary() binary} likelihood such as {@link BernoulliLikelihood}; default false
 * @param klEstimator how the KL divergence of the ELBO is computed: {@link KlEstimator#CLOSED_FORM} (only for a prior
 *     whose {@link Prior#hasClosedFormKl()} is true) or {@link KlEstimator#MONTE_CARLO}, log q(z|x) - log p(z) at
 *     the reparameterized sample; the builder's default is the prior's {@link Prior#defaultKlEstimator()}
 * @param posterior the family of the posterior q(z|x): {@link PosteriorFamily#DIAGONAL} (the default) or
 *     {@link PosteriorFamily#FULL_COVARIANCE} (needs {@link KlEstimator#MONTE_CARLO}, the builder's default for it,
 *     unless {@link Prior#hasClosedFormKlFromFullCovariance()})
 */
public record VaeConfig(
        ImageShape inputShape,
        int latentSize,
        int conditionSize,
        Encoder encoder,
        Decoder decoder,
        Likelihood likelihood,
        Prior prior,
        Objective objective,
        Schedule beta,
        IUpdater updater,
        int batchSize,
        int epochs,
        long seed,
        DataType dataType,
        boolean dynamicBinarization,
        KlEstimator klEstimator,
        PosteriorFamily posterior) implements TrainingSpec {

    /**
     * @param inputShape the shape of one example, channels x height x width
     * @param latentSize latent dimensions; {@code > 0}
     * @param conditionSize 0 for a VAE; {@code > 0} for a conditional VAE
     * @param encoder the inference network q(z|x)
     * @param decoder the generative network mapping z to the likelihood's parameters
     * @param likelihood the observation model p(x|z)
     * @param prior the prior p(z)
     * @param objective what training maximizes: {@link ElboObjective} (the VAE) or {@link AutoencoderObjective} (the
     *     deterministic autoencoder baseline, which ignores {@code beta})
     * @param beta the weight of the KL term in the training loss (1 is the ELBO; Higgins et al. 2017) as a
     *     {@link Schedule} computed on the host at every update: constant ({@link Builder#beta(double)}), a linear
     *     warm-up ({@link LinearWarmup}) or cyclical annealing ({@link CyclicalSchedule}); its values must be finite
     *     and {@code >= 0} (the trainer checks each one); ignored by objectives without a beta-weighted KL term
     * @param updater the optimizer (a copy is kept); learning rate finite and {@code > 0}, decay rates in [0, 1),
     *     epsilon finite and {@code > 0}
     * @param batchSize examples per mini-batch; {@code > 0}
     * @param epochs passes over the training set; {@code >= 0}
     * @param seed the seed of every random draw: parameter initialization, shuffling and the reparameterization noise
     * @param dataType {@code FLOAT} (default) or {@code DOUBLE}
     * @param dynamicBinarization whether every training batch is binarized afresh: each pixel value p in [0, 1] is
     *     replaced by a Bernoulli(p) draw, a new draw every epoch, seeded from {@code seed} (the setting of the
     *     published MNIST log-likelihoods, e.g. Burda et al. 2016, section 5); only with a
     *     {@linkplain Likelihood#isBinary() binary} likelihood such as {@link BernoulliLikelihood}; default false
     * @param klEstimator how the KL divergence of the ELBO is computed: {@link KlEstimator#CLOSED_FORM} (only for a prior
         *     whose {@link Prior#hasClosedFormKl()} is true) or {@link KlEstimator#MONTE_CARLO}, log q(z|x) - log p(z) at
         *     the reparameterized sample; the builder's default is the prior's {@link Prior#defaultKlEstimator()}
     * @param posterior the family of the posterior q(z|x): {@link PosteriorFamily#DIAGONAL} (the default) or
     *     {@link PosteriorFamily#FULL_COVARIANCE} (needs {@link KlEstimator#MONTE_CARLO}, the builder's default for it,
     *     unless {@link Prior#hasClosedFormKlFromFullCovariance()})
     * @throws IllegalArgumentException naming the field if a value is out of range
     * @throws NullPointerException naming the field if a value is null
     */
    public VaeConfig {
        Objects.requireNonNull(inputShape, "VaeConfig.inputShape");
        positive("latentSize", latentSize);
        if (conditionSize < 0) {
            throw new IllegalArgumentException("VaeConfig.conditionSize must be >= 0, got " + conditionSize);
        }
        Objects.requireNonNull(encoder, "VaeConfig.encoder");
        Objects.requireNonNull(decoder, "VaeConfig.decoder");
        Objects.requireNonNull(likelihood, "VaeConfig.likelihood");
        Objects.requireNonNull(prior, "VaeConfig.prior");
        prior.checkLatentSize(latentSize);
        Objects.requireNonNull(objective, "VaeConfig.objective");
        LatentChecks.check(prior, klEstimator, posterior, objective, conditionSize);
        if (conditionSize > 0 && !objective.supportsCondition()) {
            throw new IllegalArgumentException("VaeConfig.objective " + objective + " does not support a condition"
                    + " (conditionSize " + conditionSize + "): a conditional VAE trains with an objective whose"
                    + " supportsCondition() is true, such as ElboObjective or AutoencoderObjective");
        }
        Objects.requireNonNull(beta, "VaeConfig.beta");
        if (beta instanceof ConstantSchedule c && !(c.value() >= 0)) {
            throw new IllegalArgumentException("VaeConfig.beta must be finite and >= 0, got " + c.value());
        }
        updater = Objects.requireNonNull(updater, "VaeConfig.updater").clone();
        Updaters.check(updater);
        positive("batchSize", batchSize);
        if (epochs < 0) {
            throw new IllegalArgumentException("VaeConfig.epochs must be >= 0, got " + epochs);
        }
        Objects.requireNonNull(dataType, "VaeConfig.dataType");
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
            throw new IllegalArgumentException("VaeConfig.dataType must be FLOAT or DOUBLE, got " + dataType);
        }
        likelihood.parameterSize(inputShape.size()); // throws if the likelihood cannot score this many features
        if (dynamicBinarization && !likelihood.isBinary()) {
            throw new IllegalArgumentException("VaeConfig.dynamicBinarization needs a likelihood of binary data"
                    + " (isBinary() true, such as BernoulliLikelihood), got " + likelihood);
        }
    }

    /**
     * The KL weight at one training step, checked.
     *
     * @param step where training is
     * @return beta at that step
     * @throws IllegalArgumentException naming the schedule and the step if its value is negative or not finite
     */
    public double betaAt(TrainingStep step) {
        double value = beta.valueAt(step);
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("VaeConfig.beta (" + beta + ") gave " + value + " at " + step
                    + "; beta must be finite and >= 0");
        }
        return value;
    }

    /**
     * The number of values in one example.
     *
     * @return {@code inputShape().size()}, e.g. 784 for MNIST
     */
    public int inputSize() {
        return inputShape.size();
    }

    /**
     * Whether this is a conditional VAE.
     *
     * @return {@code conditionSize() > 0}
     */
    public boolean conditional() {
        return conditionSize > 0;
    }

    /** @return a copy of the optimizer configuration (the record keeps its own) */
    @Override
    public IUpdater updater() {
        return updater.clone();
    }

    private static void positive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("VaeConfig." + field + " must be positive, got " + value);
        }
    }

    /**
     * Starts a builder with the reference model's defaults, for images of a shape.
     *
     * @param inputShape the shape of one image, e.g. {@code Mnist.SHAPE}
     * @param latentSize latent dimensions, e.g. 20
     * @return the builder
     * @throws NullPointerException if {@code inputShape} is null
     */
    public static Builder builder(ImageShape inputShape, int latentSize) {
        return new Builder(Objects.requireNonNull(inputShape, "VaeConfig.inputShape"), latentSize);
    }

    /**
     * Starts a builder with the reference model's defaults, for flat vectors: the input shape is
     * {@code ImageShape.vector(inputSize)}. Enough for MLP encoders and decoders, which use the data flat; a
     * convolutional one needs {@link #builder(ImageShape, int)}.
     *
     * @param inputSize features per example, e.g. 784; {@code > 0}
     * @param latentSize latent dimensions, e.g. 20
     * @return the builder
     * @throws IllegalArgumentException if {@code inputSize} is not positive
     */
    public static Builder builder(int inputSize, int latentSize) {
        if (inputSize <= 0) {
            throw new IllegalArgumentException("VaeConfig.inputSize must be positive, got " + inputSize);
        }
        return new Builder(ImageShape.vector(inputSize), latentSize);
    }

    /** @return a builder holding this configuration's values */
    public Builder toBuilder() {
        return new Builder(inputShape, latentSize).conditionSize(conditionSize).encoder(encoder).decoder(decoder).likelihood(likelihood)
                .prior(prior).objective(objective).beta(beta).updater(updater).batchSize(batchSize).epochs(epochs).seed(seed)
                .dataType(dataType).dynamicBinarization(dynamicBinarization).klEstimator(klEstimator).posterior(posterior);
    }

    /** Builds a {@link VaeConfig}; values are validated by {@link #build()}. */
    public static final class Builder {
        private final ImageShape inputShape;
        private final int latentSize;
        private int conditionSize = 0;
        private Encoder encoder = MlpEncoder.relu(512);
        private Decoder decoder = MlpDecoder.relu(512);
        private Likelihood likelihood = new BernoulliLikelihood();
        private Prior prior = new StandardNormalPrior();
        private Objective objective = new ElboObjective();
        private Schedule beta = new ConstantSchedule(1.0);
        private IUpdater updater = new Adam(1e-3);
        private int batchSize = 128;
        private int epochs = 10;
        private long seed = 0;
        private DataType dataType = DataType.FLOAT;
        private boolean dynamicBinarization;
        private KlEstimator klEstimator;
        private PosteriorFamily posterior = PosteriorFamily.DIAGONAL;

        private Builder(ImageShape inputShape, int latentSize) {
            this.inputShape = inputShape;
            this.latentSize = latentSize;
        }

        /**
         * @param conditionSize the size of the condition vector of a conditional VAE (e.g. 10 for one-hot MNIST
         *     digit labels); default 0, an unconditional VAE
         * @return this builder
         */
        public Builder conditionSize(int conditionSize) {
            this.conditionSize = conditionSize;
            return this;
        }

        /**
         * @param encoder the inference network; default MLP 512 ReLU
         * @return this builder
         */
        public Builder encoder(Encoder encoder) {
            this.encoder = encoder;
            return this;
        }

        /**
         * @param decoder the generative network; default MLP 512 ReLU
         * @return this builder
         */
        public Builder decoder(Decoder decoder) {
            this.decoder = decoder;
            return this;
        }

        /**
         * @param likelihood the observation model; default Bernoulli
         * @return this builder
         */
        public Builder likelihood(Likelihood likelihood) {
            this.likelihood = likelihood;
            return this;
        }

        /**
         * @param prior the prior; default standard normal
         * @return this builder
         */
        public Builder prior(Prior prior) {
            this.prior = prior;
            return this;
        }

        /**
         * @param objective what training maximizes; default {@link ElboObjective}
         * @return this builder
         */
        public Builder objective(Objective objective) {
            this.objective = objective;
            return this;
        }

        /**
         * @param beta the KL weight at every step; default 1
         * @return this builder
         * @throws IllegalArgumentException if {@code beta} is not finite (a negative value is reported by
         *     {@link #build()})
         */
        public Builder beta(double beta) {
            if (!Double.isFinite(beta)) {
                throw new IllegalArgumentException("VaeConfig.beta must be finite and >= 0, got " + beta);
            }
            this.beta = new ConstantSchedule(beta);
            return this;
        }

        /**
         * @param beta the KL weight as a schedule over training steps, e.g.
         *     {@code LinearWarmup.overEpochs(10)} (0 to 1 over the first 10 epochs) or
         *     {@link CyclicalSchedule#standard()}
         * @return this builder
         */
        public Builder beta(Schedule beta) {
            this.beta = beta;
            return this;
        }

        /**
         * @param dynamicBinarization whether each training batch is binarized afresh (Bernoulli draws with the
         *     pixel values as probabilities, new every epoch); default false
         * @return this builder
         */
        public Builder dynamicBinarization(boolean dynamicBinarization) {
            this.dynamicBinarization = dynamicBinarization;
            return this;
        }

        /**
         * @param updater the optimizer; default Adam(1e-3)
         * @return this builder
         */
        public Builder updater(IUpdater updater) {
            this.updater = updater;
            return this;
        }

        /**
         * @param batchSize examples per mini-batch; default 128
         * @return this builder
         */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * @param epochs passes over the training set; default 10
         * @return this builder
         */
        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /**
         * @param seed the seed of every random draw; default 0
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param dataType FLOAT (default) or DOUBLE
         * @return this builder
         */
        public Builder dataType(DataType dataType) {
            this.dataType = dataType;
            return this;
        }

        /**
         * @param klEstimator how the KL divergence is computed; default (or null): the prior's
         *     {@link Prior#defaultKlEstimator()}
         * @return this builder
         */
        public Builder klEstimator(KlEstimator klEstimator) {
            this.klEstimator = klEstimator;
            return this;
        }

        /**
         * @param posterior the posterior family; default {@link PosteriorFamily#DIAGONAL}
         * @return this builder
         */
        public Builder posterior(PosteriorFamily posterior) {
            this.posterior = posterior;
            return this;
        }

        /**
         * @return the validated configuration
         * @throws IllegalArgumentException naming the field if a value is out of range
         * @throws NullPointerException naming the field if a value is null
         */
        public VaeConfig build() {
            return new VaeConfig(inputShape, latentSize, conditionSize, encoder, decoder, likelihood, prior, objective,
                    beta, updater, batchSize, epochs, seed, dataType, dynamicBinarization,
                    klEstimator != null ? klEstimator : posterior == PosteriorFamily.FULL_COVARIANCE
                            ? KlEstimator.MONTE_CARLO : prior == null ? null : prior.defaultKlEstimator(), posterior);
        }
    }
}
