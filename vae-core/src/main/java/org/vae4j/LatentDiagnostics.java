package org.vae4j;

import java.util.Arrays;

/**
 * How a model uses its latent space on a set of examples: the KL divergence each latent dimension carries and the
 * number of active units.
 *
 * <p>A unit (latent dimension) u is active when Cov_x(E_q(z|x)[z_u]) &gt; 0.01: its posterior mean varies across
 * examples, so it carries information about them (Burda, Grosse &amp; Salakhutdinov 2016, section 5.2). An inactive
 * unit's posterior is (nearly) the prior for every example; when most units are inactive the posterior has
 * collapsed. {@link VaeTrainer} records these figures every epoch and warns when fewer than half the units are
 * active.
 *
 * @param klPerDimension mean over the examples of KL(q(z_j|x) || p(z_j)) per latent dimension j, nats; they sum to
 *     the mean KL
 * @param meanVariance per latent dimension, the variance over the examples of the posterior mean (the activity
 *     statistic)
 * @param activeUnits the number of dimensions whose {@code meanVariance} exceeds {@link #ACTIVITY_THRESHOLD}
 */
public record LatentDiagnostics(double[] klPerDimension, double[] meanVariance, int activeUnits) {

    /** The activity threshold of Burda et al. 2016, section 5.2. */
    public static final double ACTIVITY_THRESHOLD = 0.01;

    /**
     * @throws IllegalArgumentException if the arrays differ in length or {@code activeUnits} is out of range
     */
    public LatentDiagnostics {
        klPerDimension = klPerDimension.clone();
        meanVariance = meanVariance.clone();
        if (klPerDimension.length != meanVariance.length) {
            throw new IllegalArgumentException("klPerDimension has " + klPerDimension.length
                    + " values but meanVariance " + meanVariance.length);
        }
        if (activeUnits < 0 || activeUnits > klPerDimension.length) {
            throw new IllegalArgumentException("activeUnits must be in [0, " + klPerDimension.length + "], got "
                    + activeUnits);
        }
    }

    /**
     * @param klPerDimension mean KL per dimension, nats
     * @param meanVariance variance of the posterior mean per dimension
     * @return the diagnostics, counting active units with {@link #ACTIVITY_THRESHOLD}
     */
    static LatentDiagnostics of(double[] klPerDimension, double[] meanVariance) {
        int active = (int) Arrays.stream(meanVariance).filter(v -> v > ACTIVITY_THRESHOLD).count();
        return new LatentDiagnostics(klPerDimension, meanVariance, active);
    }

    /** @return the mean KL per dimension, nats (a copy) */
    @Override
    public double[] klPerDimension() {
        return klPerDimension.clone();
    }

    /** @return the variance of the posterior mean per dimension (a copy) */
    @Override
    public double[] meanVariance() {
        return meanVariance.clone();
    }

    /** @return the number of latent dimensions */
    public int latentSize() {
        return klPerDimension.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LatentDiagnostics d && activeUnits == d.activeUnits
                && Arrays.equals(klPerDimension, d.klPerDimension) && Arrays.equals(meanVariance, d.meanVariance);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(klPerDimension) + Arrays.hashCode(meanVariance) + activeUnits;
    }

    @Override
    public String toString() {
        return "LatentDiagnostics[activeUnits=" + activeUnits + " of " + klPerDimension.length + ", klPerDimension="
                + Arrays.toString(klPerDimension) + "]";
    }
}
