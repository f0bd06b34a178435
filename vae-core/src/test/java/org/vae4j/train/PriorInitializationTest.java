package org.vae4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.vae4j.prior.VampPrior;

class PriorInitializationTest {
    @Test
    void upToNTheIndicesAreDistinctThenDrawnAgain() {
        int[] some = PriorInitialization.draw(7, 10, new SplittableRandom(1));
        assertEquals(7, Arrays.stream(some).distinct().count(), Arrays.toString(some));
        assertTrue(Arrays.stream(some).allMatch(i -> i >= 0 && i < 10), Arrays.toString(some));
        int[] more = PriorInitialization.draw(13, 5, new SplittableRandom(1));
        assertEquals(13, more.length);
        assertEquals(5, Arrays.stream(more, 0, 5).distinct().count(), "all n examples first: " + Arrays.toString(more));
        assertTrue(Arrays.stream(more).allMatch(i -> i >= 0 && i < 5), Arrays.toString(more));
        assertEquals(Arrays.toString(some), Arrays.toString(PriorInitialization.draw(7, 10, new SplittableRandom(1))),
                "reproducible for a seed");
    }

    @Test
    void aGraphWithoutPseudoInputsIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PriorInitialization.initialize(new VampPrior(3), SameDiff.create(), null, null));
        assertTrue(e.getMessage().contains("prior/pseudo_inputs"), e.getMessage());
    }
}
