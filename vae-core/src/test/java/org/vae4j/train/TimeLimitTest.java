package org.vae4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimeLimitTest {
    @Test
    void stopsAfterTheEpochThatWouldEndPastTheBudgetButNotAfterTheLast() {
        long now = System.nanoTime();
        long hour = Duration.ofHours(1).toNanos();
        TimeLimit limit = new TimeLimit(Duration.ofHours(1));
        assertFalse(limit.reachedAfter(1, 5, now, now));
        // 40 minutes in, the last epoch took 30: another would end past the hour
        assertTrue(limit.reachedAfter(2, 5, now - hour * 4 / 6, now - hour / 2));
        assertFalse(limit.reachedAfter(5, 5, now - hour * 4 / 6, now - hour / 2), "the last epoch anyway");
        assertTrue(new TimeLimit(Duration.ofNanos(1)).reachedAfter(1, 2, now, now));
    }

    @Test
    void refusesALimitThatIsNotPositiveAndSaysWhereItStops() {
        assertEquals("time limit must be positive, got PT0S",
                assertThrows(IllegalArgumentException.class, () -> new TimeLimit(Duration.ZERO)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TimeLimit(Duration.ofSeconds(-1)));
        assertEquals("Time limit PT1H reached: stopping after epoch 3 of 10",
                new TimeLimit(Duration.ofHours(1)).message(3, 10));
    }
}
