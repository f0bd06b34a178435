package org.vae4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.io.Npy;

class FileDatasetTest {

    private static ImageDataset random(int n, int d, long seed) {
        INDArray x = Nd4j.rand(DataType.FLOAT, n, d).muli(10).subi(5);
        int[] labels = new SplittableRandom(seed).ints(n, 0, 3).toArray();
        return ImageDataset.of(x, labels, ImageShape.vector(d));
    }

    @Test
    void rowsGatherAndSubsetsReadWhatWasWritten(@TempDir Path dir) throws Exception {
        ImageDataset data = random(2_345, 7, 1);
        FileDataset file = FileDataset.write(data, dir.resolve("rows.npy"));
        assertEquals(2_345, file.size());
        assertEquals(ImageShape.vector(7), file.shape());
        assertArrayEquals(data.labels(), file.labels());
        assertEquals(data.features(), file.features());
        assertEquals(data.rows(100, 130), file.rows(100, 130));
        int[] idx = {2_344, 0, 17, 17, 1_000};
        assertEquals(data.gather(idx, null), file.gather(idx, Nd4j.create(DataType.FLOAT, idx.length, 7)));
        FileDataset sub = file.subset(1_000, 1_500).subset(10, 20);
        assertEquals(data.subset(1_010, 1_020).features(), sub.features());
        assertArrayEquals(data.subset(1_010, 1_020).labels(), sub.labels());
        // a NumPy reader sees the same array
        assertEquals(data.features(), Npy.read(Files.readAllBytes(dir.resolve("rows.npy"))));
    }

    @Test
    void shuffledBatchesOfAFileEqualThoseInMemory(@TempDir Path dir) throws Exception {
        ImageDataset data = random(1_000, 5, 2);
        FileDataset file = FileDataset.write(data, dir.resolve("rows.npy"));
        var a = data.shuffledBatches(64, new SplittableRandom(9)).iterator();
        var b = file.shuffledBatches(64, new SplittableRandom(9)).reusingArrays().iterator();
        while (a.hasNext()) {
            assertEquals(a.next(), b.next());
        }
        assertFalse(b.hasNext());
    }

    @Test
    void chunksOfAnotherWidthOrWithNanAreRefusedAndNothingIsWritten(@TempDir Path dir) {
        Path target = dir.resolve("bad.npy");
        List<INDArray> chunks = new ArrayList<>(List.of(Nd4j.rand(DataType.FLOAT, 3, 4), Nd4j.rand(DataType.FLOAT, 2, 5)));
        var e = assertThrows(InvalidDataException.class, () -> FileDataset.write(target, chunks.iterator()));
        assertTrue(e.getMessage().contains("chunk 1") && e.getMessage().contains("4 columns"), e.getMessage());
        INDArray nan = Nd4j.rand(DataType.FLOAT, 3, 4);
        nan.putScalar(1, 2, Float.NaN);
        e = assertThrows(InvalidDataException.class,
                () -> FileDataset.write(target, List.of(Nd4j.rand(DataType.FLOAT, 3, 4), nan).iterator()));
        assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("rows 3 to 6"), e.getMessage());
        assertEquals(0, dir.toFile().list().length, "no file and no temporary file left");
    }

    @Test
    void filesThatAreNotFloatRowsAreTypedErrorsNamingTheFile(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("notes.npy"), "hello");
        var e = assertThrows(InvalidDataException.class, () -> FileDataset.open(text, null, null));
        assertTrue(e.getMessage().contains(text.toString()) && e.getMessage().contains("magic"), e.getMessage());
        Path doubles = Files.write(dir.resolve("d.npy"), Npy.write(Nd4j.rand(DataType.DOUBLE, 3, 2)));
        e = assertThrows(InvalidDataException.class, () -> FileDataset.open(doubles, null, null));
        assertTrue(e.getMessage().contains("float32 rows"), e.getMessage());
        byte[] full = Npy.write(Nd4j.rand(DataType.FLOAT, 10, 3));
        Path truncated = Files.write(dir.resolve("t.npy"), java.util.Arrays.copyOf(full, full.length - 5));
        e = assertThrows(InvalidDataException.class, () -> FileDataset.open(truncated, null, null));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("10 rows"), e.getMessage());
        Path ok = Files.write(dir.resolve("ok.npy"), full);
        e = assertThrows(InvalidDataException.class, () -> FileDataset.open(ok, new int[9], null));
        assertTrue(e.getMessage().contains("10 rows but 9 labels"), e.getMessage());
        e = assertThrows(InvalidDataException.class, () -> FileDataset.open(ok, null, new ImageShape(1, 2, 2)));
        assertTrue(e.getMessage().contains("3 features per row"), e.getMessage());
    }
}
