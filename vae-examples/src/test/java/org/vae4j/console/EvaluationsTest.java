package org.vae4j.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The figures per latent dimension that {@code vae4j evaluate} and {@code embed} and the examples print. */
class EvaluationsTest {

    @Test
    void perDimensionHasTwoDecimalsJoinedBySpacesOrAsAList() {
        List<String> kl = Evaluations.perDimension(new double[] {0.004, 3.14159, 12.5});
        assertEquals("0.00 3.14 12.50", String.join(" ", kl));
        assertEquals("[0.00, 3.14, 12.50]", kl.toString());
        assertEquals(List.of(), Evaluations.perDimension(new double[0]));
    }
}
