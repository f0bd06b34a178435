package org.vae4j.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Exact schedule values at given steps. */
class ScheduleTest {
    private static TrainingStep at(long iteration) {
        // 100 updates per epoch, 10 epochs
        return new TrainingStep((int) (iteration / 100) + 1, iteration, 100, 1000);
    }

    @Test
    void constantIsConstant() {
        assertEquals(0.25, Schedule.constant(0.25).valueAt(at(0)));
        assertEquals(0.25, Schedule.constant(0.25).valueAt(at(999)));
    }

    @Test
    void linearWarmupOverEpochsAndIterations() {
        LinearWarmup epochs = LinearWarmup.overEpochs(2);
        assertEquals(0.0, epochs.valueAt(at(0)));
        assertEquals(0.25, epochs.valueAt(at(50)), 1e-15);
        assertEquals(0.5, epochs.valueAt(at(100)), 1e-15);
        assertEquals(1.0, epochs.valueAt(at(200)));
        assertEquals(1.0, epochs.valueAt(at(999)));
        LinearWarmup steps = new LinearWarmup(0.5, 4.0, 70, StepUnit.ITERATIONS);
        assertEquals(0.5, steps.valueAt(at(0)));
        assertEquals(0.5 + 3.5 * 10 / 70.0, steps.valueAt(at(10)), 1e-15);
        assertEquals(4.0, steps.valueAt(at(70)));
        assertEquals(4.0, steps.valueAt(at(500)));
    }

    @Test
    void cyclicalAnnealingFollowsFuEtAl() {
        CyclicalSchedule s = CyclicalSchedule.standard(); // 4 cycles of 250 updates, rising for 125
        assertEquals(0.0, s.valueAt(at(0)));
        assertEquals(50 / 125.0, s.valueAt(at(50)), 1e-15);
        assertEquals(1.0, s.valueAt(at(125)), 1e-15);
        assertEquals(1.0, s.valueAt(at(249)));
        assertEquals(0.0, s.valueAt(at(250)));
        assertEquals(10 / 125.0, s.valueAt(at(760)), 1e-15);
        // an uneven split: 1000 updates in 3 cycles of ceil(333.3) = 334 updates, tau measured against 333.3
        CyclicalSchedule three = new CyclicalSchedule(3, 1.0, 2.0);
        assertEquals(2.0 * 100 / (1000 / 3.0), three.valueAt(at(100)), 1e-12);
        assertEquals(2.0 * 2 / (1000 / 3.0), three.valueAt(at(336)), 1e-12);
    }

    @Test
    void invalidSettingsNameTheField() {
        var e = assertThrows(IllegalArgumentException.class, () -> new CyclicalSchedule(0, 0.5, 1));
        assertTrue(e.getMessage().contains("cycles"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> new LinearWarmup(0, 1, 0, StepUnit.EPOCHS));
        assertTrue(e2.getMessage().contains("length"), e2.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TrainingStep(0, 0, 1, 1));
    }
}
