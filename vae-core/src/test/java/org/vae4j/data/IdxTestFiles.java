package org.vae4j.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Builds small IDX files for tests (public for the tests of {@code org.vae4j.data.mnist}). */
public final class IdxTestFiles {

    private IdxTestFiles() {
    }

    /** IDX image bytes: magic 0x803, count, rows, cols, then the pixels (given as ints 0..255). */
    public static byte[] images(int count, int rows, int cols, int... pixels) {
        ByteBuffer b = ByteBuffer.allocate(16 + pixels.length);
        b.putInt(IdxReader.IMAGES_MAGIC).putInt(count).putInt(rows).putInt(cols);
        for (int p : pixels) {
            b.put((byte) p);
        }
        return b.array();
    }

    /** IDX label bytes: magic 0x801, count, then the labels. */
    public static byte[] labels(int... labels) {
        ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
        b.putInt(IdxReader.LABELS_MAGIC).putInt(labels.length);
        for (int l : labels) {
            b.put((byte) l);
        }
        return b.array();
    }

    public static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bos)) {
            out.write(data);
        }
        return bos.toByteArray();
    }

    public static Path write(Path file, byte[] data) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, data);
    }
}
