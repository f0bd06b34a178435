package org.vae4j.spark;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.junit.jupiter.api.Test;

/** An executor without ND4J's native backend is named as such before training, not as a data fault. */
class ExecutorGraphsTest {

    @Test
    void anExecutorThatCannotLoadTheNativeBackendIsNamedWithWhatToPutOnItsClassPath() {
        assertNull(ExecutorGraphs.nativeBackendFault(() -> { }));
        String fault = ExecutorGraphs.nativeBackendFault(() -> {
            throw new UnsatisfiedLinkError("no jnind4jcpu in java.library.path\nsecond line");
        });
        assertTrue(fault.startsWith(ExecutorGraphs.EXECUTOR_FAULT + "the Spark executor on "), fault);
        assertTrue(fault.contains("cannot load ND4J's native backend (put org.nd4j:nd4j-native"), fault);
        assertTrue(fault.endsWith("java.lang.UnsatisfiedLinkError: no jnind4jcpu in java.library.path"), fault);
    }
}
