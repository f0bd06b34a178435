package org.vae4j.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads files in the IDX format used by MNIST (and Fashion-MNIST, EMNIST, ...), plain or gzip-compressed.
 *
 * <p>An IDX file is a big-endian header followed by the data: the magic number {@code 0x0000TTDD} (two zero bytes,
 * data type {@code TT}, number of dimensions {@code DD}), then one 32-bit size per dimension, then the values.
 * This reader supports the two layouts MNIST uses, both with data type {@code 0x08} (unsigned byte):
 * <ul>
 *   <li>images: magic {@code 0x00000803}, sizes {@code count, rows, cols};</li>
 *   <li>labels: magic {@code 0x00000801}, size {@code count}.</li>
 * </ul>
 *
 * <p>Gzip compression is detected from the content (the magic bytes {@code 1f 8b}), not from the file name, so
 * {@code train-images-idx3-ubyte} and {@code train-images-idx3-ubyte.gz} may each be either.
 *
 * <p><b>Strictness.</b> The file must contain exactly the data the header declares: fewer bytes is a
 * "truncated" error and <em>trailing bytes after the declared data are an error too</em> (they usually mean the
 * header and the data do not belong together). All format problems are reported as {@link IdxFormatException}
 * whose message starts with the file name. A corrupt header cannot make the reader allocate more memory than the
 * file actually holds: buffers grow only as data arrives.
 *
 * <p>This class is thread-safe (it has no state).
 */
public final class IdxReader {

    /** Magic number of an IDX image file: unsigned bytes, 3 dimensions. */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an IDX label file: unsigned bytes, 1 dimension. */
    public static final int LABELS_MAGIC = 0x00000801;


    /** IDX data type code for unsigned bytes. */
    private static final int TYPE_UBYTE = 0x08;
    /** Largest array Java can reliably allocate. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8L;
    /** Initial buffer for data of unknown real size (the header may lie). */
    private static final int INITIAL_CHUNK = 64 << 20;
    private static final int IO_BUFFER = 1 << 16;
    /** Most bytes asked of the stream per read while reading the data, so a truncation is located to this. */
    private static final int READ_STEP = 1 << 13;

    private IdxReader() {
    }

    /**
     * Reads an IDX image file (magic {@code 0x00000803}).
     *
     * @param file the file, plain or gzip-compressed
     * @return the images; {@code pixels} has {@code count * rows * cols} unsigned bytes
     * @throws IdxFormatException if the file is not a valid IDX image file (wrong magic, data type or number of
     *                            dimensions, negative or oversized dimensions, truncated or trailing data, corrupt
     *                            gzip data, a folder given as the file); the message names the file
     * @throws NoSuchFileException if the file does not exist
     * @throws IOException         if reading fails
     */
    public static IdxImages readImages(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        try (InputStream raw = openUncompressed(file)) {
            DataInputStream in = new DataInputStream(raw);
            readMagic(in, file, IMAGES_MAGIC, 3, "image");
            int count = readDimension(in, file, "image count", 0);
            int rows = readDimension(in, file, "row count", 1);
            int cols = readDimension(in, file, "column count", 2);
            if (rows == 0 || cols == 0) {
                throw new IdxFormatException(file, "images of " + rows + "x" + cols + " pixels are not supported"
                        + " (rows and columns must be > 0)");
            }
            long total = (long) count * rows * cols;
            if (total > MAX_ARRAY) {
                throw new IdxFormatException(file, "header declares " + count + " images of " + rows + "x" + cols
                        + " = " + total + " bytes, more than a Java array can hold (" + MAX_ARRAY + ")");
            }
            byte[] pixels = readBody(raw, file, (int) total,
                    count + " images of " + rows + "x" + cols + " pixels");
            return new IdxImages(count, rows, cols, pixels);
        } catch (ZipException | EOFException e) {
            throw new IdxFormatException(file, "corrupt or truncated gzip data: " + e.getMessage(), e);
        }
    }

    /**
     * Reads an IDX label file (magic {@code 0x00000801}).
     *
     * @param file the file, plain or gzip-compressed
     * @return one label per item, each the unsigned byte value 0..255 (0..9 for MNIST)
     * @throws IdxFormatException  if the file is not a valid IDX label file (or is a folder); the message names the
     *                             file
     * @throws NoSuchFileException if the file does not exist
     * @throws IOException         if reading fails
     */
    public static int[] readLabels(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        try (InputStream raw = openUncompressed(file)) {
            DataInputStream in = new DataInputStream(raw);
            readMagic(in, file, LABELS_MAGIC, 1, "label");
            int count = readDimension(in, file, "label count", 0);
            byte[] bytes = readBody(raw, file, count, count + " labels");
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = bytes[i] & 0xFF;
            }
            return labels;
        } catch (ZipException | EOFException e) {
            throw new IdxFormatException(file, "corrupt or truncated gzip data: " + e.getMessage(), e);
        }
    }

    /**
     * Tells whether a file starts with the gzip magic bytes {@code 1f 8b}.
     *
     * @param file the file
     * @return true if the file is gzip-compressed; false otherwise (including for files shorter than 2 bytes)
     * @throws IOException if the file cannot be read
     */
    public static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return isGzipMagic(in.read(), in.read());
        }
    }

    /**
     * Opens a file for reading its uncompressed content: gzip-compressed files (detected by their magic bytes) are
     * decompressed on the fly, other files are read as they are. The stream is buffered.
     *
     * @param file the file
     * @return a buffered stream of the uncompressed bytes; the caller must close it
     * @throws NoSuchFileException if the file does not exist
     * @throws IdxFormatException  naming it if the path is a folder
     * @throws IOException         if the file cannot be opened or its gzip header is corrupt
     */
    public static InputStream openUncompressed(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IdxFormatException(file, "is a folder, not an IDX file");
        }
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), IO_BUFFER);
        try {
            in.mark(2);
            boolean gzip = isGzipMagic(in.read(), in.read());
            in.reset();
            return gzip ? new BufferedInputStream(new GZIPInputStream(in, IO_BUFFER), IO_BUFFER) : in;
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private static boolean isGzipMagic(int b0, int b1) {
        return b0 == 0x1f && b1 == 0x8b;
    }

    private static void readMagic(DataInputStream in, Path file, int expected, int dims, String kind)
            throws IOException {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new IdxFormatException(file, "truncated: file is shorter than the 4-byte IDX magic number"
                    + " (expected " + hex(expected) + " for an IDX " + kind + " file)", e);
        }
        if (magic == expected) {
            return;
        }
        StringBuilder why = new StringBuilder("not an IDX ").append(kind).append(" file: expected magic number ")
                .append(hex(expected)).append(" but found ").append(hex(magic));
        int type = (magic >>> 8) & 0xFF;
        int foundDims = magic & 0xFF;
        if ((magic >>> 16) != 0) {
            why.append(" (not an IDX file at all: the first two bytes must be zero)");
        } else if (type != TYPE_UBYTE) {
            why.append(" (unsupported data type 0x").append(String.format("%02x", type)).append(' ')
                    .append(typeName(type)).append("; only 0x08 unsigned byte is supported)");
        } else if (foundDims != dims) {
            why.append(" (").append(foundDims).append(" dimension(s) instead of ").append(dims);
            if (foundDims == 1) {
                why.append(": this looks like a label file");
            } else if (foundDims == 3) {
                why.append(": this looks like an image file");
            }
            why.append(')');
        }
        throw new IdxFormatException(file, why.toString());
    }

    private static int readDimension(DataInputStream in, Path file, String what, int index) throws IOException {
        int value;
        try {
            value = in.readInt();
        } catch (EOFException e) {
            throw new IdxFormatException(file, "truncated header: end of file while reading the " + what
                    + " (dimension " + index + ")", e);
        }
        if (value < 0) {
            throw new IdxFormatException(file, "invalid header: negative " + what + " " + value + " (dimension "
                    + index + ", read as a signed 32-bit big-endian integer)");
        }
        return value;
    }

    /**
     * Reads exactly {@code expected} bytes and then checks that the stream is at its end. The buffer grows as
     * data arrives, so a header that declares far more data than the file holds fails with a "truncated" error
     * instead of allocating a huge array.
     */
    private static byte[] readBody(InputStream in, Path file, int expected, String declared) throws IOException {
        byte[] buf = new byte[Math.min(expected, INITIAL_CHUNK)];
        int filled = 0;
        while (filled < expected) {
            if (filled == buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(expected, Math.max(2L * buf.length, 1L)));
            }
            int n;
            try {
                // At most one step per call: a buffered stream loops over its source within one call, and the
                // bytes a call had decoded before the stream failed would be lost from the count.
                n = in.read(buf, filled, Math.min(buf.length - filled, READ_STEP));
            } catch (EOFException e) {
                throw new IdxFormatException(file, "truncated data: header declares " + declared + " = " + expected
                        + " data bytes, but the compressed stream ends after about " + filled + " of them", e);
            }
            if (n < 0) {
                throw new IdxFormatException(file, "truncated data: header declares " + declared + " = " + expected
                        + " data bytes, but only " + filled + " are present");
            }
            filled += n;
        }
        long trailing = in.transferTo(OutputStream.nullOutputStream());
        if (trailing > 0) {
            throw new IdxFormatException(file, trailing + " unexpected trailing byte(s) after the " + expected
                    + " data bytes the header declares (" + declared + ")");
        }
        return buf;
    }

    private static String hex(int value) {
        return String.format("0x%08x", value);
    }

    private static String typeName(int type) {
        return switch (type) {
            case 0x08 -> "(unsigned byte)";
            case 0x09 -> "(signed byte)";
            case 0x0B -> "(short)";
            case 0x0C -> "(int)";
            case 0x0D -> "(float)";
            case 0x0E -> "(double)";
            default -> "(unknown)";
        };
    }
}
