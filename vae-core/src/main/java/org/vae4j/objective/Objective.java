package org.vae4j.objective;

import java.util.Objects;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.vae4j.likelihood.Likelihood;
import org.vae4j.nn.Decoder;
import org.vae4j.nn.DiagonalGaussianVariables;
import org.vae4j.prior.KlEstimator;
import org.vae4j.prior.Prior;

/**
 * What training maximizes: given the encoder's posterior, the decoder, the likelihood and the prior bound to the
 * graph, an objective chooses the latent code the decoder sees in the training path and defines the per-example
 * terms and the scalar loss that the trainer minimizes.
 *
 * <p>{@link org.vae4j.graph.VaeGraph#build} calls {@link #define} once and names what it returns ({@code z},
 * {@code log_likelihood}, {@code kl}, {@code elbo}, {@code loss}), so the trainer, the model's inference methods
 * and the generation path are the same for every objective. The implementations: {@link ElboObjective} (the VAE,
 * the default; optionally with free bits), {@link IwaeObjective} (the importance-weighted bound of Burda et al.
 * 2016), {@link CapacityObjective} (the capacity-controlled objective of Burgess et al. 2018) and
 * {@link AutoencoderObjective} (a deterministic autoencoder baseline).
 *
 * <p>An objective that needs several noise samples per example ({@link #samplesPerExample()}) applies the decoder to
 * all of them; its per-example terms stay {@code [batch]} vectors.
 */
public interface Objective {

    /**
     * Adds the training path's ops to the graph.
     *
     * @param in the graph's placeholders and the model's parts, already defined
     * @return the latent code fed to the decoder, the decoder's output and the per-example terms and loss
     */
    Terms define(Inputs in);

    /**
     * Whether the training path reads the noise placeholder {@code eps}. When false the trainer draws no noise
     * and the graph ignores any that is fed.
     *
     * @return true if eps is used
     */
    boolean usesNoise();

    /**
     * Whether the {@code elbo} output is an evidence lower bound on log p(x) and {@code kl} the posterior's
     * divergence from the prior. False for {@link AutoencoderObjective}, whose {@code elbo} output is its
     * reconstruction log-likelihood (not a bound) and whose {@code kl} output is 0. Reports and plots use this to
     * say what the figures are.
     *
     * @return true for a lower bound
     */
    boolean isLowerBound();

    /**
     * Whether this objective trains a conditional VAE ({@code VaeConfig.conditionSize > 0}): there the decoder's
     * network receives [z, y], with the condition y of shape {@code [batch, conditionSize]} concatenated to each
     * code, so the objective must decode exactly one code per example. {@link org.vae4j.VaeConfig} rejects a
     * condition with an objective that returns false.
     *
     * <p>Default false, so an objective claims support explicitly: true for {@link ElboObjective} and
     * {@link AutoencoderObjective}; false for {@link IwaeObjective} (it decodes {@code [k * batch, latentSize]}
     * codes, which cannot be concatenated with a {@code [batch, conditionSize]} condition) and for
     * {@link CapacityObjective} (not offered for conditional VAEs).
     *
     * @return true if a condition is supported
     */
    default boolean supportsCondition() {
        return false;
    }

    /**
     * Whether the loss is the batch mean of a per-example term plus terms that do not depend on the batch, so that
     * the gradient of a batch of b rows split into parts of b_p rows is the weighted mean of the parts' gradients,
     * {@code sum_p (b_p / b) d loss_p / d theta}; the trainer then computes the parts on its threads. False for
     * objectives whose loss is a nonlinear function of batch means (free bits, {@link CapacityObjective}).
     *
     * <p>Default false, so an objective claims it explicitly: true for the plain ELBO, {@link IwaeObjective} and
     * {@link AutoencoderObjective}.
     *
     * @return true if the loss is a mean over the batch's examples
     */
    default boolean lossIsBatchMean() {
        return false;
    }

    /**
     * Noise samples per example: the trainer and the model feed {@code eps} of shape
     * {@code [samplesPerExample * batch, latentSize]}, sample-major (row {@code s * batch + i} is sample s of
     * example i). 1 for the ELBO; k for the importance-weighted bound.
     *
     * @return samples per example, {@code >= 1}
     */
    default int samplesPerExample() {
        return 1;
    }

    /**
     * The value fed to the {@code capacity} placeholder at a training step (the KL target C of
     * {@link CapacityObjective}); 0 for objectives that do not read it.
     *
     * @param step where training is
     * @return C in nats
     */
    default double capacityAt(org.vae4j.schedule.TrainingStep step) {
        return 0;
    }

    /**
     * The graph and the model's parts, as {@link org.vae4j.graph.VaeGraph#build} hands them to {@link #define}.
     *
     * @param sd the graph being built
     * @param x the data placeholder, {@code [batch, inputSize]}
     * @param noise the standard normal noise placeholder, {@code [samplesPerExample * batch, latentSize]}
     * @param beta the KL weight placeholder, scalar
     * @param capacity the KL target placeholder (see {@link #capacityAt}), scalar, nats
     * @param posterior the encoder's output q(z|x) for {@code x}: mean and log-variance, {@code [batch, latentSize]}
     * @param decoder the decoder's network (may be applied more than once; the parameters are shared)
     * @param likelihood the likelihood bound to the graph
     * @param prior the prior bound to the graph
     * @param klEstimator how {@link #klDivergence} computes the KL divergence
     * @param posteriorLower for a {@linkplain org.vae4j.nn.PosteriorFamily#FULL_COVARIANCE full-covariance}
     *     posterior, the strictly lower triangular part of its Cholesky factor, {@code [batch, latentSize,
     *     latentSize]}; null for the diagonal posterior
     */
    record Inputs(SameDiff sd, SDVariable x, SDVariable noise, SDVariable beta, SDVariable capacity,
            DiagonalGaussianVariables posterior,
            Decoder.Network decoder, Likelihood.Distribution likelihood, Prior.Distribution prior,
            KlEstimator klEstimator, SDVariable posteriorLower) {

        /**
         * @param sd the graph being built
         * @param x the data placeholder, {@code [batch, inputSize]}
         * @param noise the standard normal noise placeholder, {@code [samplesPerExample * batch, latentSize]}
         * @param beta the KL weight placeholder, scalar
         * @param capacity the KL target placeholder (see {@link #capacityAt}), scalar, nats
         * @param posterior the encoder's output q(z|x) for {@code x}: mean and log-variance,
         *     {@code [batch, latentSize]}
         * @param decoder the decoder's network (may be applied more than once; the parameters are shared)
         * @param likelihood the likelihood bound to the graph
         * @param prior the prior bound to the graph
         * @param klEstimator how {@link #klDivergence} computes the KL divergence
         * @param posteriorLower the strictly lower triangular part of a full-covariance posterior's Cholesky
         *     factor, {@code [batch, latentSize, latentSize]}, or null for the diagonal posterior
         * @throws NullPointerException naming the component if one is null (but {@code posteriorLower})
         */
        public Inputs {
            Objects.requireNonNull(sd, "sd");
            Objects.requireNonNull(x, "x");
            Objects.requireNonNull(noise, "noise");
            Objects.requireNonNull(beta, "beta");
            Objects.requireNonNull(capacity, "capacity");
            Objects.requireNonNull(posterior, "posterior");
            Objects.requireNonNull(decoder, "decoder");
            Objects.requireNonNull(likelihood, "likelihood");
            Objects.requireNonNull(prior, "prior");
            Objects.requireNonNull(klEstimator, "klEstimator");
        }

        /**
         * KL(q(z|x) || p(z)) per row, by the configured estimator: in closed form from q's parameters, or the
         * Monte Carlo estimate log q(z|x) - log p(z) at the reparameterized sample z = q.sample(eps) (the same
         * noise as the reconstruction term; Kingma &amp; Welling 2014, eq. 6).
         *
         * @param q the posterior, {@code [rows, latentSize]}
         * @param eps the noise z was drawn with, {@code [rows, latentSize]}
         * @param z {@code q.sample(eps)}, {@code [rows, latentSize]}
         * @return the KL divergence or its estimate, nats, {@code [rows]}
         */
        public SDVariable klDivergence(DiagonalGaussianVariables q, SDVariable eps, SDVariable z) {
            // log q(z|x) from the noise: the same for the full-covariance posterior, whose det L = prod_j sigma_j
            return klEstimator == KlEstimator.CLOSED_FORM ? closedFormKl(q)
                    : q.logDensityOfSample(eps).sub(prior.logDensity(z));
        }

        /**
         * KL(q(z|x) || p(z)) per row in closed form: from the diagonal posterior, or from the full-covariance one
         * N(mu, L L^T) when {@link #posteriorLower} is set ({@link Prior.Distribution#klDivergence(
         * org.vae4j.nn.CholeskyGaussianVariables)}).
         *
         * @param q the posterior's mean and log-variance (log of the squared diagonal of L), {@code [batch,
         *     latentSize]}
         * @return the KL divergence in nats, {@code [batch]}
         * @throws UnsupportedOperationException if the prior has no closed form for this posterior
         */
        public SDVariable closedFormKl(DiagonalGaussianVariables q) {
            return posteriorLower == null ? prior.klDivergence(q)
                    : prior.klDivergence(new org.vae4j.nn.CholeskyGaussianVariables(q, posteriorLower));
        }

        /**
         * The reparameterized sample of the posterior, k samples per example: z = mu + sigma * eps for the diagonal
         * posterior, z = mu + L eps for the full-covariance one.
         *
         * @param k samples per example, {@code >= 1}; the posterior is tiled sample-major as
         *     {@link DiagonalGaussianVariables#tile}
         * @param eps standard normal noise, {@code [k * batch, latentSize]}
         * @return z, {@code [k * batch, latentSize]}
         */
        public SDVariable sample(int k, SDVariable eps) {
            if (posteriorLower == null) {
                return (k == 1 ? posterior : posterior.tile(k)).sample(eps);
            }
            org.vae4j.nn.CholeskyGaussianVariables q = new org.vae4j.nn.CholeskyGaussianVariables(posterior,
                    posteriorLower);
            return (k == 1 ? q : q.tile(k)).sample(eps);
        }
    }

    /**
     * The training path an objective defined. Each component may be any variable of the graph (the graph names
     * copies of them), and two components may be the same variable.
     *
     * @param latent a code the decoder was applied to, one per example (the first sample, for an objective with
     *     several), {@code [batch, latentSize]}
     * @param decoderOutput the decoder's output for {@code latent} (the likelihood's parameters),
     *     {@code [batch, inputSize]}
     * @param logLikelihood log p(x|z) per example in nats (averaged over the samples, for an objective with
     *     several), {@code [batch]}
     * @param kl KL(q(z|x) || p(z)) per example in nats, {@code [batch]} (0 where the objective has no KL term)
     * @param bound the per-example figure reported as the lower bound, in nats, {@code [batch]}: the ELBO
     *     (logLikelihood - kl) for every objective that is a lower bound, also for those that train another
     *     function of it; for the autoencoder its reconstruction log-likelihood
     * @param loss what the trainer minimizes, nats per example averaged over the batch, scalar
     */
    record Terms(SDVariable latent, SDVariable decoderOutput, SDVariable logLikelihood, SDVariable kl,
            SDVariable bound, SDVariable loss) {

        /**
         * @param latent a code the decoder was applied to, one per example (the first sample, for an objective with
         *     several), {@code [batch, latentSize]}
         * @param decoderOutput the decoder's output for {@code latent} (the likelihood's parameters),
         *     {@code [batch, inputSize]}
         * @param logLikelihood log p(x|z) per example in nats (averaged over the samples, for an objective with
         *     several), {@code [batch]}
         * @param kl KL(q(z|x) || p(z)) per example in nats, {@code [batch]} (0 where the objective has no KL term)
         * @param bound the per-example figure reported as the lower bound, in nats, {@code [batch]}: the ELBO
         *     (logLikelihood - kl) for every objective that is a lower bound, also for those that train another
         *     function of it; for the autoencoder its reconstruction log-likelihood
         * @param loss what the trainer minimizes, nats per example averaged over the batch, scalar
         * @throws NullPointerException naming the component if one is null
         */
        public Terms {
            Objects.requireNonNull(latent, "latent");
            Objects.requireNonNull(decoderOutput, "decoderOutput");
            Objects.requireNonNull(logLikelihood, "logLikelihood");
            Objects.requireNonNull(kl, "kl");
            Objects.requireNonNull(bound, "bound");
            Objects.requireNonNull(loss, "loss");
        }
    }
}
