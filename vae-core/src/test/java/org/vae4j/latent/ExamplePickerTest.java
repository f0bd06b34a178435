package org.vae4j.latent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.ImageShape;

class ExamplePickerTest {
    private static final ImageShape SHAPE = new ImageShape(1, 1, 2);
    private static final ImageDataset DATA = ImageDataset.of(Nd4j.zeros(DataType.FLOAT, 6, 2),
            new int[] {3, 1, 7, 1, 7, 1}, SHAPE);

    @Test
    void picksOneExampleOfEachLabelReproduciblyAndUniformly() {
        int[] picks = ExamplePicker.pick(DATA, 42, 1, 7);
        assertEquals(1, DATA.label(picks[0]));
        assertEquals(7, DATA.label(picks[1]));
        assertArrayEquals(picks, ExamplePicker.pick(DATA, 42, 1, 7));
        assertEquals(picks[0], ExamplePicker.pick(DATA, 42, 1, 3)[0], "the same seed starts from the same 1");
        Set<Integer> ones = new TreeSet<>();
        for (long seed = 0; seed < 60; seed++) {
            ones.add(ExamplePicker.pick(DATA, seed, 1)[0]);
        }
        assertEquals(Set.of(1, 3, 5), ones, "every 1 is picked by some seed");
        assertArrayEquals(new int[] {2, 4}, ExamplePicker.indicesOf(DATA, 7));
    }

    @Test
    void missingLabelsAreNamed() {
        var absent = assertThrows(IllegalArgumentException.class, () -> ExamplePicker.pick(DATA, 1, 1, 9));
        assertTrue(absent.getMessage().contains("label 9") && absent.getMessage().contains("[1, 3, 7]"),
                absent.getMessage());
        ImageDataset unlabelled = ImageDataset.of(Nd4j.zeros(DataType.FLOAT, 2, 2), null, SHAPE);
        var none = assertThrows(IllegalArgumentException.class, () -> ExamplePicker.pick(unlabelled, 1, 1));
        assertTrue(none.getMessage().contains("has no labels"), none.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ExamplePicker.pick(DATA, 1));
    }
}
