package org.vae4j.quality;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.data.download.ChecksumMismatchException;
import org.vae4j.io.AtomicFiles;
import org.vae4j.io.Checksums;
import org.vae4j.io.ModelFormatException;
import org.vae4j.io.Npy;

/**
 * The classifier's weights file: a NumPy {@code .npz} archive (a ZIP of one {@code <parameter name>.npy} per
 * parameter, readable with {@code numpy.load}) next to a checksum file {@code <name>.sha256} holding its SHA-256 in
 * {@code sha256sum} format. Both are written atomically ({@link AtomicFiles}), weights first; the weights are
 * trusted only if their SHA-256 matches the checksum file.
 */
final class ClassifierFile {
    /** Appended to the weights file's name to name its checksum file. */
    static final String CHECKSUM_SUFFIX = ".sha256";

    private ClassifierFile() {
    }

    /** @return the checksum file of a weights file */
    static Path checksumFile(Path weights) {
        return weights.resolveSibling(weights.getFileName() + CHECKSUM_SUFFIX);
    }

    /**
     * Writes the weights, then their checksum file.
     *
     * @param file the weights file
     * @param parameters arrays by parameter name, in order
     * @throws IOException if a file cannot be written (an existing one is then left as it was)
     */
    static void write(Path file, Map<String, INDArray> parameters) throws IOException {
        MessageDigest sha256 = Checksums.sha256Digest();
        AtomicFiles.write(file, out -> new DigestOutputStream(out, sha256), out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            for (Map.Entry<String, INDArray> e : parameters.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
                entry.setTime(0); // equal weights give equal bytes
                zip.putNextEntry(entry);
                zip.write(Npy.write(e.getValue()));
                zip.closeEntry();
            }
            zip.finish();
        });
        String line = Checksums.hex(sha256) + "  " + file.getFileName() + "\n";
        AtomicFiles.write(checksumFile(file), out -> out.write(line.getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * Reads the weights after checking them against their checksum file.
     *
     * @param file the weights file
     * @return arrays by parameter name, in file order
     * @throws ChecksumMismatchException naming the file and both hashes if its SHA-256 differs from the checksum
     *     file's
     * @throws ModelFormatException naming the file if the checksum file is missing or malformed, or the archive
     *     holds an entry that is not a valid {@code .npy}
     * @throws IOException if a file cannot be read
     */
    static Map<String, INDArray> read(Path file) throws IOException {
        Path sums = checksumFile(file);
        if (!Files.isRegularFile(sums)) {
            throw new ModelFormatException(file, "its checksum file " + sums + " is missing");
        }
        String text = Files.readString(sums, StandardCharsets.US_ASCII).strip();
        String expected = text.split("\\s+", 2)[0];
        if (!expected.matches("[0-9a-f]{64}")) {
            throw new ModelFormatException(sums, "line 1 does not start with a SHA-256 (64 lowercase hex digits): "
                    + (text.length() > 80 ? text.substring(0, 80) + "..." : text));
        }
        byte[] bytes = Files.readAllBytes(file);
        String actual = Checksums.sha256(bytes);
        if (!actual.equals(expected)) {
            throw new ChecksumMismatchException(file, "classifier cache, checksum file " + sums.getFileName(),
                    expected, actual);
        }
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null;) {
                String name = e.getName();
                if (!name.endsWith(".npy")) {
                    throw new ModelFormatException(file, "entry " + name + " is not a .npy array");
                }
                try {
                    arrays.put(name.substring(0, name.length() - 4), Npy.read(readAll(zip)));
                } catch (IllegalArgumentException bad) {
                    throw new ModelFormatException(file, "entry " + name + ": " + bad.getMessage(), bad);
                }
            }
        }
        return arrays;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }
}
