package org.vae4j.schedule;

/**
 * The same value at every step.
 *
 * @param value the value, finite
 */
public record ConstantSchedule(double value) implements Schedule {

    /**
     * @param value the value, finite
     * @throws IllegalArgumentException if {@code value} is not finite
     */
    public ConstantSchedule {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("ConstantSchedule.value must be finite, got " + value);
        }
    }

    @Override
    public double valueAt(TrainingStep step) {
        return value;
    }
}
