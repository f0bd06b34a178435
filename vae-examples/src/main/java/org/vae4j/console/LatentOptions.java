package org.vae4j.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.vae4j.VaeConfig;
import org.vae4j.nn.PosteriorFamily;
import org.vae4j.prior.FullCovarianceGaussianPrior;
import org.vae4j.prior.GaussianMixturePrior;
import org.vae4j.prior.KlEstimator;
import org.vae4j.prior.LearnedFullCovarianceGaussianPrior;
import org.vae4j.prior.LearnedGaussianMixturePrior;
import org.vae4j.prior.Prior;
import org.vae4j.prior.StandardNormalPrior;
import org.vae4j.prior.VampPrior;
import picocli.CommandLine.Option;

/**
 * The options of the latent model, as a picocli mixin shared by {@code vae4j train} and the examples: the prior, the
 * KL estimator and the posterior family.
 */
public final class LatentOptions {
    /** What {@code --prior} accepts. */
    public static final String PRIORS = "standard, mixture:K, learned-mixture:K, vamp:K, full-covariance:FILE or"
            + " learned-full-covariance";

    private static final String FULL_COVARIANCE = "full-covariance:";

    @Option(names = "--prior", defaultValue = "standard", paramLabel = "SPEC", description = "Prior p(z), one of: "
            + PRIORS + ". The mixtures have K Gaussian components, fixed, learned, or the encoder's"
            + " posteriors at K learned pseudo-inputs; FILE is a CSV file whose row i is m_i, S_i1, ..., S_id: the"
            + " mean m and the covariance S of a Gaussian prior; learned-full-covariance trains m and S (through"
            + " its Cholesky factor) with the model (default: ${DEFAULT-VALUE}).")
    String prior;

    @Option(names = "--kl-estimator", paramLabel = "NAME", description = "KL divergence: closed-form or monte-carlo"
            + " (default: closed-form where the prior has one and the posterior is diagonal, else monte-carlo).")
    String klEstimator;

    @Option(names = "--posterior", defaultValue = "diagonal", paramLabel = "NAME", description = "Posterior q(z|x):"
            + " diagonal or full-covariance (a Cholesky factor from the encoder) (default: ${DEFAULT-VALUE}).")
    String posterior;

    /**
     * Reads {@code --prior full-covariance:FILE}: a CSV file of latentSize rows, row i holding the mean m_i and then
     * row i of the covariance S (latentSize + 1 numbers), e.g. for two dimensions {@code 0.5,1.0,0.3} and
     * {@code -1,0.3,2}.
     *
     * @param file the CSV file
     * @param latentSize the latent dimensions
     * @return the prior N(m, S)
     * @throws IllegalArgumentException naming {@code --prior}, the file and the row and column of a bad value, or
     *     what is wrong with the covariance (not symmetric, not positive definite)
     */
    static FullCovarianceGaussianPrior fullCovariance(Path file, int latentSize) {
        String where = "--prior " + FULL_COVARIANCE + file;
        List<CSVRecord> rows;
        try (CSVParser parser = CSVParser.parse(file, StandardCharsets.UTF_8, CSVFormat.DEFAULT)) {
            rows = parser.getRecords();
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException(where + ": cannot be read: " + e.getMessage(), e);
        }
        if (rows.size() != latentSize) {
            throw new IllegalArgumentException(where + ": has " + rows.size() + " rows, expected one per latent"
                    + " dimension (" + latentSize + ")");
        }
        double[] mean = new double[latentSize];
        double[][] covariance = new double[latentSize][latentSize];
        for (int i = 0; i < latentSize; i++) {
            CSVRecord row = rows.get(i);
            if (row.size() != latentSize + 1) {
                throw new IllegalArgumentException(where + ": row " + (i + 1) + " has " + row.size() + " values,"
                        + " expected " + (latentSize + 1) + " (the mean, then the covariance row)");
            }
            for (int j = 0; j <= latentSize; j++) {
                double v;
                try {
                    v = Double.parseDouble(row.get(j).trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(where + ": row " + (i + 1) + ", column " + (j + 1) + ": '"
                            + row.get(j) + "' is not a number", e);
                }
                if (j == 0) {
                    mean[i] = v;
                } else {
                    covariance[i][j - 1] = v;
                }
            }
        }
        try {
            return new FullCovarianceGaussianPrior(mean, covariance);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    /**
     * The prior named by {@code --prior}: {@code standard} (N(0, I)), {@code mixture:K} (a fixed equally weighted
     * mixture of K unit-variance Gaussians with means drawn from N(0, 4 I) by the seed), {@code learned-mixture:K}
     * (K diagonal Gaussians trained with the model), {@code vamp:K} (the VampPrior with K pseudo-inputs) or
     * {@code learned-full-covariance} (N(m, S) trained with the model, S through its Cholesky factor).
     *
     * @param spec the option's value
     * @param latentSize the latent dimensions
     * @param seed the run's seed (draws a fixed mixture's means)
     * @return the prior
     * @throws IllegalArgumentException naming {@code --prior} if the value is not one of those
     */
    static Prior prior(String spec, int latentSize, long seed) {
        String[] parts = spec.split(":", 2);
        if (parts.length == 1 && parts[0].equals("standard")) {
            return new StandardNormalPrior();
        }
        if (parts.length == 1 && parts[0].equals("learned-full-covariance")) {
            return new LearnedFullCovarianceGaussianPrior(latentSize);
        }
        int k;
        try {
            k = parts.length == 2 ? Integer.parseInt(parts[1]) : -1;
        } catch (NumberFormatException e) {
            k = -1;
        }
        if (k < 1) {
            throw new IllegalArgumentException("--prior takes " + PRIORS + ", K >= 1, got '" + spec + "'");
        }
        return switch (parts[0]) {
            case "mixture" -> GaussianMixturePrior.random(k, latentSize, 2.0, seed);
            case "learned-mixture" -> new LearnedGaussianMixturePrior(k, 2.0);
            case "vamp" -> new VampPrior(k);
            default -> throw new IllegalArgumentException("--prior takes " + PRIORS + ", got '" + spec + "'");
        };
    }

    /**
     * @param name {@code closed-form}, {@code monte-carlo}, or null for the prior's default
     * @return the estimator, or null
     * @throws IllegalArgumentException naming {@code --kl-estimator} for another value
     */
    static KlEstimator klEstimator(String name) {
        return name == null ? null : switch (name) {
            case "closed-form" -> KlEstimator.CLOSED_FORM;
            case "monte-carlo" -> KlEstimator.MONTE_CARLO;
            default -> throw new IllegalArgumentException("--kl-estimator takes closed-form or monte-carlo, got '"
                    + name + "'");
        };
    }

    /** @return the value of {@code --prior} */
    public String prior() {
        return prior;
    }

    /**
     * Sets the prior, the KL estimator and the posterior family on a configuration builder.
     *
     * @param builder the builder
     * @param latentSize the latent dimensions
     * @param seed the run's seed
     * @return the builder
     * @throws IllegalArgumentException naming the option if a value is not one it takes
     */
    public VaeConfig.Builder apply(VaeConfig.Builder builder, int latentSize, long seed) {
        PosteriorFamily family = switch (posterior) {
            case "diagonal" -> PosteriorFamily.DIAGONAL;
            case "full-covariance" -> PosteriorFamily.FULL_COVARIANCE;
            default -> throw new IllegalArgumentException("--posterior takes diagonal or full-covariance, got '"
                    + posterior + "'");
        };
        return builder.prior(prior.startsWith(FULL_COVARIANCE) ? fullCovariance(Path.of(prior.substring(
                FULL_COVARIANCE.length())), latentSize) : prior(prior, latentSize, seed))
                .klEstimator(klEstimator(klEstimator)).posterior(family);
    }
}
