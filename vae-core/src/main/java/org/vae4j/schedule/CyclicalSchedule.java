package org.vae4j.schedule;

/**
 * Cyclical annealing (Fu et al. 2019, "Cyclical Annealing Schedule", eq. 6): the run's T updates are split into
 * {@code cycles} equal cycles; within each, beta rises linearly from 0 to {@code max} over the first
 * {@code rising} fraction of the cycle and stays at {@code max} for the rest:
 * tau = ((t mod ceil(T / M)) / (T / M)), beta = max * tau / R if tau &lt;= R, else max.
 *
 * @param cycles M, the number of cycles, {@code >= 1}
 * @param rising R, the fraction of each cycle spent rising, in (0, 1]
 * @param max the value at the top of each cycle (1 for the ELBO)
 */
public record CyclicalSchedule(int cycles, double rising, double max) implements Schedule {

    /**
     * @param cycles M, the number of cycles, {@code >= 1}
     * @param rising R, the fraction of each cycle spent rising, in (0, 1]
     * @param max the value at the top of each cycle (1 for the ELBO)
     * @throws IllegalArgumentException naming the field if a value is out of range
     */
    public CyclicalSchedule {
        if (cycles < 1) {
            throw new IllegalArgumentException("CyclicalSchedule.cycles must be >= 1, got " + cycles);
        }
        if (!(rising > 0 && rising <= 1)) {
            throw new IllegalArgumentException("CyclicalSchedule.rising must be in (0, 1], got " + rising);
        }
        if (!(max >= 0) || Double.isInfinite(max)) {
            throw new IllegalArgumentException("CyclicalSchedule.max must be finite and >= 0, got " + max);
        }
    }

    /** @return Fu et al.'s recommended setting: 4 cycles, half of each rising, to beta = 1 */
    public static CyclicalSchedule standard() {
        return new CyclicalSchedule(4, 0.5, 1.0);
    }

    @Override
    public double valueAt(TrainingStep step) {
        double period = (double) step.totalIterations() / cycles;
        long cycleLength = (long) Math.ceil(period);
        double tau = (step.iteration() % cycleLength) / period;
        return tau <= rising ? max * tau / rising : max;
    }
}
