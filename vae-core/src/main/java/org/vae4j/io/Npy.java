package org.vae4j.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Arrays in NumPy's {@code .npy} format, version 1.0 (C order, little-endian {@code <f4} for FLOAT or {@code <f8}
 * for DOUBLE), written and parsed in Java so that a damaged file can only cause an exception, never a crash in
 * native code. Values round-trip bit for bit. {@code numpy.load} reads these files.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /**
     * @param array a FLOAT or DOUBLE array of any shape
     * @return its {@code .npy} bytes
     * @throws IllegalArgumentException if the array is of another data type
     */
    public static byte[] write(INDArray array) {
        byte[] head = header(array);
        long length = array.length();
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(head.length + length * itemSize(array.dataType())))
                .order(ByteOrder.LITTLE_ENDIAN);
        out.put(head);
        INDArray c = array.dup('c');
        if (array.dataType() == DataType.FLOAT) {
            float[] values = length == 0 ? new float[0] : c.data().asFloat();
            out.asFloatBuffer().put(values, 0, (int) length);
        } else {
            double[] values = length == 0 ? new double[0] : c.data().asDouble();
            out.asDoubleBuffer().put(values, 0, (int) length);
        }
        return out.array();
    }

    /**
     * @param array a FLOAT or DOUBLE array of any shape
     * @return the length of its {@code .npy} bytes ({@code write(array).length}), without building them
     * @throws IllegalArgumentException if the array is of another data type
     */
    public static long size(INDArray array) {
        return header(array).length + array.length() * itemSize(array.dataType());
    }

    /**
     * Writes the bytes of {@link #write(INDArray)} to a stream without building them in memory: an array whose
     * elements fill its native buffer in row-major order (a parameter, an optimizer state) is copied from that buffer
     * through {@code buffer}, a chunk at a time; any other array (a view, column-major) is first copied to such an
     * array.
     *
     * @param array a FLOAT or DOUBLE array of any shape (not changed)
     * @param out the stream to write to (not flushed or closed)
     * @param buffer a work buffer, at least 8 bytes; its content is overwritten
     * @throws IllegalArgumentException if the array is of another data type, or the buffer is shorter than 8 bytes
     * @throws IOException if writing fails
     */
    public static void write(INDArray array, OutputStream out, byte[] buffer) throws IOException {
        if (buffer.length < 8) {
            throw new IllegalArgumentException("the work buffer needs at least 8 bytes, got " + buffer.length);
        }
        out.write(header(array));
        if (array.length() == 0) {
            return;
        }
        if (isRowMajorBuffer(array)) {
            copy(array, out, buffer);
            return;
        }
        INDArray c = array.dup('c');
        try {
            if (isRowMajorBuffer(c)) {
                copy(c, out, buffer);
            } else {
                byte[] bytes = write(c);
                int head = header(c).length;
                out.write(bytes, head, bytes.length - head);
            }
        } finally {
            if (c.data() != array.data() && c.closeable()) {
                c.close(); // its native memory now, not when the garbage collector gets to it
            }
        }
    }

    /** Copies the elements of a {@link #isRowMajorBuffer} array to {@code out}, little-endian. */
    private static void copy(INDArray array, OutputStream out, byte[] buffer) throws IOException {
        ByteBuffer source = array.data().asNio().order(ByteOrder.nativeOrder());
        ByteBuffer chunk = ByteBuffer.wrap(buffer).order(ByteOrder.LITTLE_ENDIAN);
        int itemSize = itemSize(array.dataType());
        int perChunk = buffer.length / itemSize;
        int n = (int) array.length();
        FloatBuffer floats = itemSize == 4 ? source.asFloatBuffer() : null;
        DoubleBuffer doubles = itemSize == 8 ? source.asDoubleBuffer() : null;
        for (int i = 0; i < n; i += perChunk) {
            int k = Math.min(perChunk, n - i);
            chunk.clear();
            if (floats != null) {
                chunk.asFloatBuffer().put(floats.limit(i + k).position(i));
            } else {
                chunk.asDoubleBuffer().put(doubles.limit(i + k).position(i));
            }
            out.write(buffer, 0, k * itemSize);
        }
    }

    /**
     * @return whether the array's elements are exactly its native buffer, in row-major order: no offset, a buffer of
     *     the array's length, and row-major strides (those of dimensions of size 1 do not matter)
     */
    private static boolean isRowMajorBuffer(INDArray a) {
        if (a.offset() != 0 || a.data().offset() != 0 || a.data().length() != a.length()
                || a.length() > Integer.MAX_VALUE) {
            return false;
        }
        long[] shape = a.shape();
        long[] stride = a.stride();
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    /** @return the magic string, version, header length and padded header of an array's {@code .npy} bytes */
    private static byte[] header(INDArray array) {
        return headerBytes(array.dataType(), array.shape());
    }

    private static int itemSize(DataType type) {
        return type == DataType.FLOAT ? 4 : 8;
    }

    /**
     * The header of a version-1 {@code .npy} file, padded to a multiple of 64 bytes: magic, version, length, the
     * dictionary.
     *
     * @param type FLOAT or DOUBLE
     * @param shape the array's shape
     * @return the header bytes; the data follows them
     * @throws IllegalArgumentException if the type is neither
     */
    public static byte[] headerBytes(DataType type, long[] shape) {
        String descr = descr(type);
        StringBuilder dims = new StringBuilder();
        for (long d : shape) {
            dims.append(d).append(", ");
        }
        String shapeText = shape.length == 1 ? dims.toString().trim() : dims.toString().replaceAll(", $", "");
        StringBuilder header = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': ("
                + shapeText + "), }");
        while ((MAGIC.length + 4 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        byte[] dict = header.toString().getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(MAGIC.length + 4 + dict.length).order(ByteOrder.LITTLE_ENDIAN).put(MAGIC)
                .put((byte) 1).put((byte) 0).putShort((short) dict.length).put(dict).array();
    }

    /**
     * The header of a {@code .npy} file.
     *
     * @param type FLOAT for {@code <f4}, DOUBLE for {@code <f8}
     * @param shape the array's shape
     * @param dataOffset where the data starts, in bytes from the start of the file
     */
    public record Header(DataType type, long[] shape, int dataOffset) {
        /** @return the bytes of the data: elements times 4 or 8 */
        public long dataBytes() {
            long length = 1;
            for (long d : shape) {
                length = Math.multiplyExact(length, d);
            }
            return Math.multiplyExact(length, itemSize(type));
        }
    }

    /**
     * Parses a {@code .npy} header: the magic, the version, the type ({@code <f4} or {@code <f8}, C order) and the
     * shape.
     *
     * @param start the file's first bytes: at least the whole header (the header of a file this class writes fits in
     *     64 bytes; of any file in {@link #MAX_HEADER})
     * @return the header
     * @throws IllegalArgumentException saying what is wrong if the bytes do not start a supported {@code .npy} file
     */
    public static Header header(byte[] start) {
        if (start.length < MAGIC.length + 4 || !Arrays.equals(Arrays.copyOf(start, MAGIC.length), MAGIC)) {
            throw new IllegalArgumentException("not a .npy array (no \\x93NUMPY magic)");
        }
        ByteBuffer in = ByteBuffer.wrap(start).order(ByteOrder.LITTLE_ENDIAN);
        in.position(MAGIC.length);
        int major = in.get();
        in.get();
        int headerLength;
        if (major == 1) {
            headerLength = Short.toUnsignedInt(in.getShort());
        } else if (major == 2 && start.length >= MAGIC.length + 6) {
            headerLength = in.getInt();
        } else {
            throw new IllegalArgumentException(".npy format version " + major + " is not supported");
        }
        if (headerLength < 0 || headerLength > start.length - in.position()) {
            throw new IllegalArgumentException(".npy header length " + headerLength + " exceeds the data");
        }
        String header = new String(start, in.position(), headerLength, StandardCharsets.US_ASCII);
        String descr = group(DESCR, header, "descr");
        DataType type = switch (descr) {
            case "<f4" -> DataType.FLOAT;
            case "<f8" -> DataType.DOUBLE;
            default -> throw new IllegalArgumentException(".npy data type '" + descr + "' is not supported"
                    + " (only <f4 and <f8)");
        };
        if (!"False".equals(group(FORTRAN, header, "fortran_order"))) {
            throw new IllegalArgumentException(".npy arrays in Fortran order are not supported");
        }
        long[] shape = parseShape(group(SHAPE, header, "shape"));
        Header h = new Header(type, shape, in.position() + headerLength);
        try {
            h.dataBytes();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(".npy shape " + Arrays.toString(shape) + " is too large");
        }
        return h;
    }

    /** The longest header {@link #header} needs to see: a version-1 header's length field is 16 bits. */
    public static final int MAX_HEADER = MAGIC.length + 4 + 65535;

    /**
     * @param bytes the content of a {@code .npy} file
     * @return the array, FLOAT for {@code <f4}, DOUBLE for {@code <f8}
     * @throws IllegalArgumentException saying what is wrong if the bytes are not such a file
     */
    public static INDArray read(byte[] bytes) {
        Header h = header(bytes);
        DataType type = h.type();
        long[] shape = h.shape();
        long dataBytes = h.dataBytes();
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        in.position(h.dataOffset());
        long length = dataBytes / (type == DataType.FLOAT ? 4 : 8);
        if (in.remaining() != dataBytes) {
            throw new IllegalArgumentException(".npy shape " + Arrays.toString(shape) + " needs " + dataBytes
                    + " data bytes but there are " + in.remaining());
        }
        if (length == 0) {
            return Nd4j.create(type, shape);
        }
        INDArray array;
        if (type == DataType.FLOAT) {
            float[] values = new float[(int) length];
            in.asFloatBuffer().get(values);
            array = shape.length == 0 ? Nd4j.scalar(values[0]) : Nd4j.create(values, shape, 'c');
        } else {
            double[] values = new double[(int) length];
            in.asDoubleBuffer().get(values);
            array = shape.length == 0 ? Nd4j.scalar(values[0]) : Nd4j.create(values, shape, 'c');
        }
        return array;
    }

    private static String descr(DataType type) {
        return switch (type) {
            case FLOAT -> "<f4";
            case DOUBLE -> "<f8";
            default -> throw new IllegalArgumentException("only FLOAT and DOUBLE arrays can be stored, got " + type);
        };
    }

    private static String group(Pattern p, String header, String key) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IllegalArgumentException(".npy header has no valid '" + key + "': " + header.strip());
        }
        return m.group(1);
    }

    private static long[] parseShape(String text) {
        String[] parts = text.split(",");
        long[] dims = new long[parts.length];
        int n = 0;
        for (String part : parts) {
            if (part.isBlank()) {
                continue;
            }
            try {
                dims[n] = Long.parseLong(part.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(".npy shape (" + text + ") is not a tuple of integers");
            }
            if (dims[n] < 0 || dims[n] > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(".npy shape (" + text + ") has an invalid dimension");
            }
            n++;
        }
        return Arrays.copyOf(dims, n);
    }
}
