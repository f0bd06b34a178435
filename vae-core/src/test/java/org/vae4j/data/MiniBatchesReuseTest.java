package org.vae4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.prior.Gaussians;

/** The allocation-free forms give exactly what the allocating forms give. */
class MiniBatchesReuseTest {

    @Test
    void reusedBatchesHoldTheSameRowsAsNewOnes() {
        ImageDataset data = ImageDataset.of(Nd4j.rand(DataType.FLOAT, 10, 4), null, new ImageShape(1, 2, 2));
        List<INDArray> fresh = new ArrayList<>();
        for (INDArray b : data.shuffledBatches(4, new SplittableRandom(3))) {
            fresh.add(b);
        }
        List<INDArray> reused = new ArrayList<>();
        INDArray firstFull = null;
        int i = 0;
        for (INDArray b : data.shuffledBatches(4, new SplittableRandom(3)).reusingArrays()) {
            assertEquals(fresh.get(i++), b);
            if (b.rows() == 4) {
                if (firstFull == null) {
                    firstFull = b;
                }
                assertSame(firstFull, b, "one array per batch size");
            }
            reused.add(b);
        }
        assertEquals(3, reused.size());
        assertEquals(2, reused.get(2).rows());
    }

    @Test
    void fillDrawsWhatSampleDraws() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray expected = Gaussians.sample(3, 5, new SplittableRandom(9), type);
            INDArray target = Nd4j.create(type, 3, 5);
            assertSame(target, Gaussians.fill(target, new SplittableRandom(9)));
            assertEquals(expected, target);
        }
        INDArray view = Nd4j.create(DataType.FLOAT, 4, 5).getRow(1);
        assertThrows(IllegalArgumentException.class, () -> Gaussians.fill(view, new SplittableRandom(1)));
    }
}
