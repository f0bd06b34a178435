package org.vae4j;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link Vae#evaluate(org.vae4j.data.ImageDataset, int, long)} measured on a dataset.
 *
 * @param examples the number of examples
 * @param elbo mean ELBO, reconstruction term E_q[log p(x|z)] and KL over the examples, nats per example (one
 *     posterior sample per example, or the mean over the objective's samples)
 * @param latent KL per latent dimension and active units
 * @param importanceSamples k of the importance-sampled estimate, or 0 if it was not computed
 * @param logLikelihood mean importance-sampled estimate of log p(x) with k samples (the IWAE bound L_k, Burda et al.
 *     2016, eq. 8), nats per example; its negative is the test NLL papers report; NaN if {@code importanceSamples}
 *     is 0
 * @param seconds wall time of the whole evaluation, seconds
 * @param importanceSamplingSeconds wall time of the importance-sampled estimate alone, seconds (0 without it)
 * @param logLikelihoodTerms for a likelihood with {@linkplain org.vae4j.likelihood.Likelihood#termNames() terms}
 *     (the {@link org.vae4j.likelihood.MixedLikelihood} of a table), the mean of each term of the reconstruction
 *     term log p(x|z), nats per example, by name ("continuous", "binary", "categorical"), from the same posterior
 *     sample: they sum to {@code elbo.logLikelihood()}; empty for other likelihoods and for objectives of several
 *     samples per example (IWAE)
 */
public record Evaluation(int examples, ElboSummary elbo, LatentDiagnostics latent, int importanceSamples,
        double logLikelihood, double seconds, double importanceSamplingSeconds,
        Map<String, Double> logLikelihoodTerms) {

    /** @throws NullPointerException if {@code logLikelihoodTerms} is null */
    public Evaluation {
        logLikelihoodTerms = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(logLikelihoodTerms));
    }

    /**
     * An evaluation without terms of log p(x|z).
     *
     * @param examples the number of examples
     * @param elbo mean ELBO and its terms
     * @param latent KL per latent dimension and active units
     * @param importanceSamples k, or 0
     * @param logLikelihood the mean importance-sampled estimate, or NaN
     * @param seconds wall time, seconds
     * @param importanceSamplingSeconds wall time of the estimate, seconds
     */
    public Evaluation(int examples, ElboSummary elbo, LatentDiagnostics latent, int importanceSamples,
            double logLikelihood, double seconds, double importanceSamplingSeconds) {
        this(examples, elbo, latent, importanceSamples, logLikelihood, seconds, importanceSamplingSeconds, Map.of());
    }

    /** @return the negative importance-sampled log-likelihood, nats per example (NaN if not computed) */
    public double negativeLogLikelihood() {
        return -logLikelihood;
    }

    /**
     * @return the figures as lines of text, e.g. {@code ELBO = -95.12 nats (log p(x|z) = -70.01, KL = 25.11)},
     *     for a table {@code log p(x|z) by feature group: continuous = -3.1, binary = -0.9, categorical = -1.2},
     *     {@code log p(x) >= -90.37 nats (importance sampling, k = 5000; 1234.5 s)},
     *     {@code Active units: 17 of 50 (Cov > 0.01)}
     */
    public String describe() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "Examples: %d%nELBO = %.4f nats (log p(x|z) = %.4f, KL = %.4f)%n", examples, elbo.elbo(),
                elbo.logLikelihood(), elbo.kl()));
        if (!logLikelihoodTerms.isEmpty()) {
            StringBuilder terms = new StringBuilder();
            logLikelihoodTerms.forEach((name, v) -> terms.append(terms.length() == 0 ? "" : ", ")
                    .append(String.format(Locale.ROOT, "%s = %.4f", name, v)));
            s.append("log p(x|z) by feature group: ").append(terms).append(String.format(Locale.ROOT, "%n"));
        }
        if (importanceSamples > 0) {
            s.append(String.format(Locale.ROOT,
                    "log p(x) >= %.4f nats, NLL = %.4f (importance sampling, k = %d; %.1f s)%n", logLikelihood,
                    -logLikelihood, importanceSamples, importanceSamplingSeconds));
        }
        s.append(String.format(Locale.ROOT, "Active units: %d of %d (Cov_x E_q[z_u] > %s)%n", latent.activeUnits(),
                latent.latentSize(), LatentDiagnostics.ACTIVITY_THRESHOLD));
        s.append(String.format(Locale.ROOT, "Evaluation took %.1f s", seconds));
        return s.toString();
    }
}
