package org.vae4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import org.junit.jupiter.api.Test;

/** The default thread count: two on two or more cores, unless the user chose with vae4j.threads or OMP_NUM_THREADS. */
class BackendTest {

    @Test
    void twoThreadsOnTwoOrMoreCoresUnlessThePropertyOrTheEnvironmentChooses() {
        assertEquals(2, Backend.defaultThreads(null, null, 2));
        assertEquals(2, Backend.defaultThreads(null, null, 64), "more cores: still two unless the user asks");
        assertEquals(1, Backend.defaultThreads(null, null, 1));
        assertEquals(0, Backend.defaultThreads(null, "2", 2), "OMP_NUM_THREADS: ND4J's own count is left alone");
        assertEquals(3, Backend.defaultThreads(" 3 ", "2", 2), "the property wins over the variable");
        for (String bad : new String[] {"0", "-1", "two", ""}) {
            var e = assertThrows(IllegalArgumentException.class, () -> Backend.defaultThreads(bad, null, 2));
            assertEquals("system property vae4j.threads must be a whole number >= 1, got '" + bad + "'",
                    e.getMessage());
        }
    }
}
