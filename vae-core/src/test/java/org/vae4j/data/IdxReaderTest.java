package org.vae4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir
    Path dir;

    private static final int[] PIXELS = {0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255};

    private IdxFormatException assertFormatError(Path file, Executable e, String... fragments) {
        IdxFormatException ex = assertThrows(IdxFormatException.class, e::run);
        assertEquals(file, ex.file());
        assertTrue(ex.getMessage().contains(file.toString()), () -> "message should name the file: " + ex.getMessage());
        for (String f : fragments) {
            assertTrue(ex.getMessage().contains(f), () -> "message should contain '" + f + "': " + ex.getMessage());
        }
        return ex;
    }

    interface Executable {
        void run() throws Exception;
    }

    @Test
    void readsPlainImages() throws Exception {
        Path f = IdxTestFiles.write(dir.resolve("imgs-idx3-ubyte"), IdxTestFiles.images(2, 2, 3, PIXELS));
        assertFalse(IdxReader.isGzip(f));
        IdxImages img = IdxReader.readImages(f);
        assertEquals(2, img.count());
        assertEquals(2, img.rows());
        assertEquals(3, img.cols());
        assertEquals(12, img.pixels().length);
        assertEquals(255, img.pixel(1, 1, 2));
        assertEquals(250, img.pixel(1, 0, 0));
        assertEquals(3, img.pixel(0, 1, 0));
        assertEquals(ImageShape.grayscale(2, 3), img.shape());
    }

    @Test
    void detectsGzipByContentNotName() throws Exception {
        byte[] gz = IdxTestFiles.gzip(IdxTestFiles.images(2, 2, 3, PIXELS));
        Path noSuffix = IdxTestFiles.write(dir.resolve("images-idx3-ubyte"), gz);
        Path plainWithGzSuffix = IdxTestFiles.write(dir.resolve("plain.gz"), IdxTestFiles.images(2, 2, 3, PIXELS));
        assertTrue(IdxReader.isGzip(noSuffix));
        byte[] a = IdxReader.readImages(noSuffix).pixels();
        byte[] b = IdxReader.readImages(plainWithGzSuffix).pixels();
        assertArrayEquals(a, b);
        assertEquals(255, a[11] & 0xFF);
    }

    @Test
    void readsLabelsPlainAndGzip() throws Exception {
        int[] labels = {5, 0, 4, 1, 9, 255};
        Path plain = IdxTestFiles.write(dir.resolve("l"), IdxTestFiles.labels(labels));
        Path gz = IdxTestFiles.write(dir.resolve("l.gz"), IdxTestFiles.gzip(IdxTestFiles.labels(labels)));
        assertArrayEquals(labels, IdxReader.readLabels(plain));
        assertArrayEquals(labels, IdxReader.readLabels(gz));
    }

    @Test
    void emptyImageFileIsValid() throws Exception {
        Path f = IdxTestFiles.write(dir.resolve("empty"), IdxTestFiles.images(0, 28, 28));
        assertEquals(0, IdxReader.readImages(f).count());
    }

    @Test
    void wrongMagicLabelFileReadAsImages() throws Exception {
        Path f = IdxTestFiles.write(dir.resolve("labels-idx1-ubyte"), IdxTestFiles.labels(1, 2, 3));
        assertFormatError(f, () -> IdxReader.readImages(f), "0x00000803", "0x00000801", "label file");
        Path g = IdxTestFiles.write(dir.resolve("images-idx3-ubyte"), IdxTestFiles.images(1, 1, 1, 7));
        assertFormatError(g, () -> IdxReader.readLabels(g), "0x00000801", "0x00000803", "image file");
    }

    @Test
    void notAnIdxFileAtAll() throws Exception {
        Path f = IdxTestFiles.write(dir.resolve("readme.txt"), "hello, world, this is text".getBytes());
        assertFormatError(f, () -> IdxReader.readImages(f), "expected magic number 0x00000803", "0x68656c6c",
                "not an IDX file");
    }

    @Test
    void wrongDataType() throws Exception {
        byte[] data = ByteBuffer.allocate(20).putInt(0x00000D03).putInt(1).putInt(1).putInt(1).putFloat(1f).array();
        Path f = IdxTestFiles.write(dir.resolve("floats"), data);
        assertFormatError(f, () -> IdxReader.readImages(f), "data type 0x0d", "float");
    }

    @Test
    void truncatedDataPlain() throws Exception {
        byte[] full = IdxTestFiles.images(2, 2, 3, PIXELS);
        Path f = IdxTestFiles.write(dir.resolve("trunc"), Arrays.copyOf(full, full.length - 5));
        assertFormatError(f, () -> IdxReader.readImages(f), "truncated", "= 12 data bytes", "only 7 are present");
    }

    @Test
    void truncatedDataGzip() throws Exception {
        byte[] full = IdxTestFiles.images(2, 2, 3, PIXELS);
        Path f = IdxTestFiles.write(dir.resolve("trunc.gz"),
                IdxTestFiles.gzip(Arrays.copyOf(full, full.length - 5)));
        assertFormatError(f, () -> IdxReader.readImages(f), "truncated", "12 data bytes", "only 7");
    }

    @Test
    void truncatedCompressedStream() throws Exception {
        byte[] gz = IdxTestFiles.gzip(IdxTestFiles.images(2, 2, 3, PIXELS));
        Path f = IdxTestFiles.write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length - 12));
        assertFormatError(f, () -> IdxReader.readImages(f));
    }

    @Test
    void aTruncatedCompressedStreamReportsHowMuchDecoded() throws Exception {
        // 400 images of 28x28 (313,600 bytes) of random pixels: gzip cannot shrink them much, so cutting the
        // compressed file in half leaves about half the data decodable.
        int[] pixels = new java.util.Random(3).ints(400 * 28 * 28, 0, 256).toArray();
        byte[] gz = IdxTestFiles.gzip(IdxTestFiles.images(400, 28, 28, pixels));
        Path f = IdxTestFiles.write(dir.resolve("half.gz"), Arrays.copyOf(gz, gz.length / 2));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(f));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("ends after about (\\d+)").matcher(e.getMessage());
        assertTrue(m.find(), e.getMessage());
        long decoded = Long.parseLong(m.group(1));
        // the data that survives: about half the compressed file, less the 16 header bytes; within one read step
        assertTrue(decoded > 100_000 && decoded < 313_600, e.getMessage());
    }

    @Test
    void truncatedHeader() throws Exception {
        Path f = IdxTestFiles.write(dir.resolve("hdr"), Arrays.copyOf(IdxTestFiles.images(2, 2, 3, PIXELS), 10));
        assertFormatError(f, () -> IdxReader.readImages(f), "truncated header", "row count");
        Path g = IdxTestFiles.write(dir.resolve("tiny"), new byte[] {0, 0});
        assertFormatError(g, () -> IdxReader.readLabels(g), "truncated");
    }

    @Test
    void negativeDimension() throws Exception {
        Path f = IdxTestFiles.write(dir.resolve("neg"), IdxTestFiles.images(-1, 2, 3, PIXELS));
        assertFormatError(f, () -> IdxReader.readImages(f), "negative image count -1");
    }

    @Test
    void zeroSizedImages() throws Exception {
        Path f = IdxTestFiles.write(dir.resolve("zero"), IdxTestFiles.images(3, 0, 5));
        assertFormatError(f, () -> IdxReader.readImages(f), "0x5");
    }

    @Test
    void absurdDimensionsDoNotAllocateHugeArrays() throws Exception {
        Path tooBig = IdxTestFiles.write(dir.resolve("huge"), IdxTestFiles.images(100_000_000, 28, 28, PIXELS));
        assertFormatError(tooBig, () -> IdxReader.readImages(tooBig), "more than a Java array can hold");
        // Fits an array (1.5 GB declared) but the file holds 12 bytes: reported as truncated, without OOM.
        Path lying = IdxTestFiles.write(dir.resolve("lying"), IdxTestFiles.images(2_000_000, 28, 28, PIXELS));
        assertFormatError(lying, () -> IdxReader.readImages(lying), "truncated", "only 12 are present");
    }

    @Test
    void trailingBytesAreAnError() throws Exception {
        byte[] full = IdxTestFiles.images(2, 2, 3, PIXELS);
        Path f = IdxTestFiles.write(dir.resolve("trailing"), Arrays.copyOf(full, full.length + 3));
        assertFormatError(f, () -> IdxReader.readImages(f), "3 unexpected trailing byte(s)");
        byte[] labels = IdxTestFiles.labels(1, 2);
        Path g = IdxTestFiles.write(dir.resolve("trailing-labels.gz"),
                IdxTestFiles.gzip(Arrays.copyOf(labels, labels.length + 1)));
        assertFormatError(g, () -> IdxReader.readLabels(g), "1 unexpected trailing byte(s)");
    }

    @Test
    void missingFile() {
        Path f = dir.resolve("nope");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> IdxReader.readImages(f));
        assertTrue(e.getMessage().contains("nope"));
    }

    /** A folder given as the file: a typed error naming it, not a bare "Is a directory". */
    @Test
    void aFolderGivenAsTheFileIsAFormatErrorNamingIt() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("a-folder"));
        assertFormatError(folder, () -> IdxReader.readImages(folder), "is a folder, not an IDX file");
        assertFormatError(folder, () -> IdxReader.readLabels(folder), "is a folder, not an IDX file");
        assertFormatError(folder, () -> ImageDataset.fromIdx(folder, null), "is a folder");
    }
}
