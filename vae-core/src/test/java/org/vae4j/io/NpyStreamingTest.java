package org.vae4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Streaming an array gives exactly the bytes of {@link Npy#write(INDArray)}, for every layout ND4J has. */
class NpyStreamingTest {

    @Test
    void streamedBytesAndSizeEqualTheByteArrayForEveryLayoutAndChunkSize() throws IOException {
        List<INDArray> arrays = new ArrayList<>();
        for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            INDArray cube = Nd4j.rand(type, 3, 5, 7).subi(0.5).muli(1e6);
            arrays.add(Nd4j.scalar(type, -2.5));
            arrays.add(Nd4j.rand(type, 1001));
            arrays.add(cube);
            arrays.add(cube.dup('f'));
            arrays.add(cube.permute(2, 0, 1));
            arrays.add(cube.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all(), NDArrayIndex.interval(2, 6)));
            arrays.add(cube.reshape(15, 7).transpose());
            arrays.add(cube.reshape(105, 1).dup('f'));
            arrays.add(cube.reshape(1, 105).dup('f'));
            arrays.add(cube.reshape(15, 7).getRow(4));
            arrays.add(cube.reshape(15, 7).getColumn(3));
            arrays.add(Nd4j.create(type, 0, 3));
        }
        for (INDArray a : arrays) {
            byte[] expected = Npy.write(a);
            String what = a.dataType() + " " + a.shapeInfoToString().replace('\n', ' ');
            assertEquals(expected.length, Npy.size(a), what);
            for (int chunk : new int[] {8, 24, 1 << 16}) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                Npy.write(a, out, new byte[chunk]);
                assertArrayEquals(expected, out.toByteArray(), what + ", chunks of " + chunk + " bytes");
            }
            assertArrayEquals(expected, Npy.write(a), what + " unchanged");
        }
    }

    @Test
    void otherTypesAndTooSmallBuffersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Npy.write(Nd4j.zeros(DataType.INT, 3),
                new ByteArrayOutputStream(), new byte[64]));
        assertThrows(IllegalArgumentException.class, () -> Npy.size(Nd4j.zeros(DataType.HALF, 3)));
        assertThrows(IllegalArgumentException.class, () -> Npy.write(Nd4j.zeros(DataType.FLOAT, 3),
                new ByteArrayOutputStream(), new byte[4]));
    }
}
