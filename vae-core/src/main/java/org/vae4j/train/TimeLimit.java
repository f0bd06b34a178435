package org.vae4j.train;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A training run's wall-time budget, the same rule for every trainer: training stops after the epoch that would leave
 * too little time for another, that is when the time elapsed since the run started plus the last epoch's time would
 * exceed the limit, unless that epoch was the last one anyway.
 *
 * @param limit the wall time, positive
 */
public record TimeLimit(Duration limit) {
    /**
     * @throws IllegalArgumentException if {@code limit} is not positive
     * @throws NullPointerException if {@code limit} is null
     */
    public TimeLimit {
        Objects.requireNonNull(limit, "limit");
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("time limit must be positive, got " + limit);
        }
    }

    /**
     * @param epoch the epoch just finished, from 1
     * @param epochs the configuration's epochs
     * @param runStarted {@link System#nanoTime()} when the run started
     * @param epochStarted {@link System#nanoTime()} when this epoch started
     * @return whether to stop after this epoch
     */
    public boolean reachedAfter(int epoch, int epochs, long runStarted, long epochStarted) {
        long now = System.nanoTime();
        return epoch < epochs && now - runStarted + (now - epochStarted) > limit.toNanos();
    }

    /**
     * @param epoch the epoch training stops after
     * @param epochs the configuration's epochs
     * @return the log line that says so
     */
    public String message(int epoch, int epochs) {
        return String.format(Locale.ROOT, "Time limit %s reached: stopping after epoch %d of %d", limit, epoch, epochs);
    }
}
