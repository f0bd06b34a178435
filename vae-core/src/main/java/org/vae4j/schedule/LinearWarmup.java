package org.vae4j.schedule;

import java.util.Objects;

/**
 * Rises linearly from {@code start} to {@code end} over {@code length} units, then stays at {@code end}: the KL
 * warm-up ("deterministic warm-up") of Bowman et al. 2016, section 3.1, and S&oslash;nderby et al. 2016, section 2.3:
 * value(t) = start + (end - start) * min(1, t / length), with t counted from 0 at the first update.
 *
 * @param start the value at the first update
 * @param end the value once warm-up is over
 * @param length the warm-up's length, {@code > 0}
 * @param unit what {@code length} counts
 */
public record LinearWarmup(double start, double end, double length, StepUnit unit) implements Schedule {

    /**
     * @param start the value at the first update
     * @param end the value once warm-up is over
     * @param length the warm-up's length, {@code > 0}
     * @param unit what {@code length} counts
     * @throws IllegalArgumentException naming the field if a value is out of range
     */
    public LinearWarmup {
        if (!Double.isFinite(start) || !Double.isFinite(end)) {
            throw new IllegalArgumentException("LinearWarmup.start and end must be finite, got " + start + ", " + end);
        }
        if (!(length > 0) || Double.isInfinite(length)) {
            throw new IllegalArgumentException("LinearWarmup.length must be positive and finite, got " + length);
        }
        Objects.requireNonNull(unit, "LinearWarmup.unit");
    }

    /**
     * @param epochs warm-up length in epochs
     * @return beta rising from 0 to 1 over that many epochs
     */
    public static LinearWarmup overEpochs(double epochs) {
        return new LinearWarmup(0.0, 1.0, epochs, StepUnit.EPOCHS);
    }

    @Override
    public double valueAt(TrainingStep step) {
        return start + (end - start) * Math.min(1.0, unit.progress(step) / length);
    }
}
