package org.vae4j.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The model file format: one zip archive (extension {@code .vae}) holding, in this order,
 * <ul>
 *   <li>{@code manifest.json}: {@code format} ("vae4j-model"), {@code formatVersion} ({@value #FORMAT_VERSION}),
 *       {@code writtenBy} (the vae4j version), and for every other entry its name, size in bytes and SHA-256;</li>
 *   <li>{@code config.json}: the configuration, as {@code org.vae4j.ConfigJson} writes it;</li>
 *   <li>{@code training.json}: the training history (epoch numbers, iteration counts, ELBO figures);</li>
 *   <li>{@code preprocessing.json}, optional (since version 2): how the model's input was made from raw data, e.g. a
 *       CSV table's standardization and category vocabularies ({@code org.vae4j.data.table.TablePreprocessing});</li>
 *   <li>{@code parameters/<name>.npy}: every trainable parameter of the graph, by its SameDiff name
 *       ({@code parameters/encoder/hidden0/W.npy}), as a NumPy array;</li>
 *   <li>{@code optimizer/<name>.npy}: the optimizer's state array {@code [1, stateSize]} of each parameter.</li>
 * </ul>
 * The graph itself is not stored: it is rebuilt from the configuration, so user-defined encoders keep working and
 * the file does not depend on SameDiff's serialization. The random generators' state is not stored either: a run's
 * generators depend only on the seed and the epoch number.
 *
 * <p>Reading checks the zip structure, every entry's CRC-32 (from the zip's central directory) and SHA-256 (from
 * the manifest) before parsing anything, so a truncated or bit-flipped file is reported as such. A file whose format
 * version is newer than {@value #FORMAT_VERSION} is refused with {@link UnsupportedFormatVersionException}; when the
 * format changes, the version is raised, old versions are migrated in {@link #read}, and the test fixture of each old
 * version keeps loading. The content is a plain {@link SavedModel}: what the JSON entries mean is the model's business.
 */
public final class ModelFile {
    /** The manifest's {@code format}. */
    public static final String FORMAT = "vae4j-model";
    /** The format version this vae4j writes, and the newest it reads. */
    public static final int FORMAT_VERSION = 2;
    /** This vae4j's version, written into the manifest. */
    public static final String LIBRARY_VERSION = libraryVersion();

    public static final String MANIFEST = "manifest.json";
    public static final String CONFIG = "config.json";
    public static final String HISTORY = "training.json";
    /** Optional entry (format version 2): the input preprocessing, JSON. */
    public static final String PREPROCESSING = "preprocessing.json";
    public static final String PARAMETERS = "parameters/";
    public static final String OPTIMIZER = "optimizer/";
    public static final String NPY = ".npy";

    /** Entry time: fixed, so that the same model gives the same bytes. */
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2020, 1, 1, 0, 0);
    /** Bytes of an array copied at a time when writing. */
    private static final int CHUNK = 1 << 16;
    /** Largest entry read (2 GiB - 9: Java arrays). */
    static final long MAX_ENTRY = Integer.MAX_VALUE - 8L;

    /** The manifest's content. */
    record Manifest(String format, int formatVersion, String writtenBy, List<Entry> entries) {
        Manifest {
            entries = List.copyOf(entries);
        }
    }

    /** One entry of the manifest. */
    record Entry(String name, long size, String sha256) {
    }

    /**
     * What a reader expects of a file's arrays given its configuration: told the configuration and the type and shape
     * of every array (from its {@code .npy} header) after the entry sizes have been checked and before any array's
     * data is decompressed, so that a small crafted file cannot make the reader allocate what its configuration does
     * not need.
     */
    @FunctionalInterface
    public interface ArrayCheck {
        /**
         * @param configJson the {@value #CONFIG} entry
         * @param parameters the {@code .npy} header (data type and shape) of every parameter array by parameter
         *     name, in file order
         * @param optimizerState the header of every optimizer state array by parameter name, in file order
         * @throws ModelFormatException naming the file if the arrays do not fit the configuration
         * @throws IOException if the check cannot be made
         */
        void check(String configJson, Map<String, Npy.Header> parameters, Map<String, Npy.Header> optimizerState)
                throws IOException;
    }

    private ModelFile() {
    }

    // ------------------------------------------------------------------------------------------------ writing

    /**
     * Writes a model file durably and atomically ({@link AtomicFiles}): a crash, a kill or a full disk at any moment
     * leaves either the old file or the new one. The same content gives the same bytes.
     *
     * @param file the file to write; its folder is created if needed
     * @param model the content
     * @param wrap wraps the file's output stream (tests inject failures through it)
     * @throws ModelWriteException naming the file if it cannot be written; an existing file is then unchanged
     * @throws IllegalArgumentException if an array is neither FLOAT nor DOUBLE
     */
    public static void write(Path file, SavedModel model, UnaryOperator<OutputStream> wrap)
            throws ModelWriteException {
        // Each array is streamed from its native memory twice, once for its checksums (the manifest, which comes
        // first, needs the SHA-256s; a stored zip entry needs its CRC-32 before its data) and once into the file,
        // rather than built as a byte array: a checkpoint then leaves almost no garbage on the heap.
        Map<String, byte[]> texts = new LinkedHashMap<>();
        texts.put(CONFIG, model.configJson().getBytes(StandardCharsets.UTF_8));
        texts.put(HISTORY, model.historyJson().getBytes(StandardCharsets.UTF_8));
        if (model.preprocessingJson() != null) {
            texts.put(PREPROCESSING, model.preprocessingJson().getBytes(StandardCharsets.UTF_8));
        }
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        model.parameters().forEach((name, array) -> arrays.put(PARAMETERS + name + NPY, array));
        model.optimizerState().forEach((name, array) -> arrays.put(OPTIMIZER + name + NPY, array));
        byte[] buffer = new byte[CHUNK];
        List<Entry> listed = new ArrayList<>();
        Map<String, Long> crcs = new LinkedHashMap<>();
        texts.forEach((name, bytes) -> listed.add(new Entry(name, bytes.length, Checksums.sha256(bytes))));
        try {
            for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
                MessageDigest sha256 = Checksums.sha256Digest();
                CRC32 crc = new CRC32();
                Npy.write(e.getValue(), new CheckedOutputStream(new DigestOutputStream(OutputStream.nullOutputStream(),
                        sha256), crc), buffer);
                listed.add(new Entry(e.getKey(), Npy.size(e.getValue()), Checksums.hex(sha256)));
                crcs.put(e.getKey(), crc.getValue());
            }
        } catch (IOException e) {
            throw new ModelWriteException(file, "an array cannot be read (" + Exceptions.describe(e) + ")", e);
        }
        byte[] manifest = json(new Manifest(FORMAT, FORMAT_VERSION, LIBRARY_VERSION, listed));
        try {
            AtomicFiles.write(file, wrap, out -> {
                Zip zip = new Zip(out);
                try {
                    putEntry(zip, MANIFEST, manifest);
                    for (Map.Entry<String, byte[]> e : texts.entrySet()) {
                        putEntry(zip, e.getKey(), e.getValue());
                    }
                    for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
                        // Floats barely compress; stored entries read faster.
                        ZipEntry entry = newEntry(e.getKey());
                        long size = Npy.size(e.getValue());
                        entry.setMethod(ZipEntry.STORED);
                        entry.setSize(size);
                        entry.setCompressedSize(size);
                        entry.setCrc(crcs.get(e.getKey()));
                        zip.putNextEntry(entry);
                        Npy.write(e.getValue(), zip, buffer);
                        zip.closeEntry(); // checks the size and CRC-32 of what was written
                    }
                    zip.finish();
                } finally {
                    zip.release();
                }
            });
        } catch (AtomicFiles.FolderException e) {
            throw new ModelWriteException(file, e.getMessage(), e);
        } catch (IOException | UncheckedIOException e) {
            throw new ModelWriteException(file, "writing failed (" + Exceptions.describe(e) + "); the previous file,"
                    + " if any, is unchanged", e);
        }
    }

    private static void putEntry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(newEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    private static ZipEntry newEntry(String name) {
        ZipEntry entry = new ZipEntry(name);
        entry.setTimeLocal(ENTRY_TIME);
        return entry;
    }

    /** A zip stream that frees its deflater's native memory when told, without closing the file's stream. */
    private static final class Zip extends ZipOutputStream {
        Zip(OutputStream out) {
            super(out, StandardCharsets.UTF_8);
        }

        void release() {
            def.end();
        }
    }

    // ------------------------------------------------------------------------------------------------ reading

    /**
     * Reads a model file, checking the zip structure, every entry's CRC-32 and its SHA-256 from the manifest before
     * anything is parsed.
     *
     * @param file the model file
     * @return its content
     * @throws NoSuchFileException if the file does not exist
     * @throws UnsupportedFormatVersionException if its format version is newer than this vae4j reads
     * @throws ModelFormatException naming the file if it is not a vae4j model file, or is truncated or corrupt
     * @throws IOException if reading fails
     */
    public static SavedModel read(Path file) throws IOException {
        return read(file, (config, parameters, optimizerState) -> { });
    }

    /**
     * Reads a model file as {@link #read(Path)} does, bounding what it decompresses: before anything large is
     * decompressed, every entry must be listed in the manifest with the size its zip entry declares, the entries
     * together may declare at most 20 times the file's size (plus 64 MiB), a JSON entry at most
     * 64 MiB, every array entry's size must be what its {@code .npy} header's shape needs, and {@code check} is told
     * the configuration and the arrays' shapes.
     *
     * @param file the model file
     * @param check what the arrays must be given the configuration (the model checks them against the graph its
     *     configuration builds)
     * @return its content
     * @throws NoSuchFileException if the file does not exist
     * @throws UnsupportedFormatVersionException if its format version is newer than this vae4j reads
     * @throws ModelFormatException naming the file if it is not a vae4j model file, is truncated or corrupt, exceeds
     *     the bounds above, or fails {@code check}
     * @throws IOException if reading fails
     */
    public static SavedModel read(Path file, ArrayCheck check) throws IOException {
        if (Files.isDirectory(file)) {
            throw new ModelFormatException(file, "is a folder, not a model file");
        }
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "model file not found");
        }
        ModelFileBounds.requireZip(file);
        try {
            ModelFileBounds.check(file, check);
        } catch (ModelFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelFormatException(file, "cannot be read as a vae4j model: " + Exceptions.describe(e), e);
        }
        Map<String, byte[]> entries = readEntries(file);
        try {
            Manifest manifest = manifest(file, entries);
            verify(file, manifest, entries);
            return decode(file, entries);
        } catch (ModelFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelFormatException(file, "cannot be read as a vae4j model: " + Exceptions.describe(e), e);
        }
    }

    /** Reads every entry, checking the zip structure and each entry's CRC-32. */
    private static Map<String, byte[]> readEntries(Path file) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8)) {
            var it = zip.entries();
            while (it.hasMoreElements()) {
                ZipEntry entry = it.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                if (entry.getSize() < 0 || entry.getSize() > MAX_ENTRY) {
                    throw new ModelFormatException(file, "entry " + entry.getName() + " declares an impossible size "
                            + entry.getSize() + " (corrupt file)");
                }
                byte[] bytes;
                try (InputStream in = zip.getInputStream(entry)) {
                    bytes = in.readNBytes((int) entry.getSize());
                    if (bytes.length != entry.getSize() || in.read() != -1) {
                        throw new ModelFormatException(file, "entry " + entry.getName() + " has " + bytes.length
                                + "+ bytes but declares " + entry.getSize() + " (corrupt file)");
                    }
                }
                CRC32 crc = new CRC32();
                crc.update(bytes);
                if (crc.getValue() != entry.getCrc()) {
                    throw new ModelFormatException(file, "entry " + entry.getName() + " fails its CRC-32 check"
                            + " (corrupt file)");
                }
                if (entries.put(entry.getName(), bytes) != null) {
                    throw new ModelFormatException(file, "entry " + entry.getName() + " occurs twice (corrupt file)");
                }
            }
        } catch (ZipException | EOFException e) {
            throw new ModelFormatException(file, "is truncated or corrupt: it is not a complete zip archive ("
                    + Exceptions.describe(e) + ")", e);
        }
        return entries;
    }

    static Manifest manifest(Path file, Map<String, byte[]> entries) throws IOException {
        byte[] bytes = entries.get(MANIFEST);
        if (bytes == null) {
            throw new ModelFormatException(file, "is not a vae4j model file: it has no " + MANIFEST);
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new ModelFormatException(file, MANIFEST + " is not valid JSON (" + Exceptions.describe(e) + ")", e);
        }
        if (node == null || !FORMAT.equals(node.path("format").asText())) {
            throw new ModelFormatException(file, "is not a vae4j model file: " + MANIFEST + " has no \"format\": \""
                    + FORMAT + "\"");
        }
        if (!node.path("formatVersion").canConvertToExactIntegral()) {
            throw new ModelFormatException(file, MANIFEST + " has no integer formatVersion");
        }
        int version = node.path("formatVersion").asInt();
        if (version < 1 || version > FORMAT_VERSION) {
            JsonNode by = node.get("writtenBy");
            throw new UnsupportedFormatVersionException(file, version, by == null ? null : by.asText());
        }
        // Version 2 added the optional preprocessing.json; a version 1 file is a version 2 file without it.
        try {
            return MAPPER.treeToValue(node, Manifest.class);
        } catch (IOException e) {
            throw new ModelFormatException(file, MANIFEST + " is malformed (" + Exceptions.describe(e) + ")", e);
        }
    }

    /** Checks that the entries are exactly those of the manifest, with the sizes and SHA-256s it records. */
    private static void verify(Path file, Manifest manifest, Map<String, byte[]> entries) throws IOException {
        Map<String, byte[]> unlisted = new LinkedHashMap<>(entries);
        unlisted.remove(MANIFEST);
        for (Entry e : manifest.entries()) {
            byte[] bytes = unlisted.remove(e.name());
            if (bytes == null) {
                throw new ModelFormatException(file, "entry " + e.name() + " listed in the manifest is missing");
            }
            String actual = Checksums.sha256(bytes);
            if (bytes.length != e.size() || !actual.equals(e.sha256())) {
                throw new ModelFormatException(file, "entry " + e.name() + " is corrupt: " + bytes.length
                        + " bytes with SHA-256 " + actual + ", but the manifest records " + e.size() + " bytes with"
                        + " SHA-256 " + e.sha256());
            }
        }
        if (!unlisted.isEmpty()) {
            throw new ModelFormatException(file, "entries not listed in the manifest: " + unlisted.keySet());
        }
    }

    private static SavedModel decode(Path file, Map<String, byte[]> entries) throws IOException {
        return new SavedModel(text(file, entries, CONFIG), text(file, entries, HISTORY),
                arrays(file, entries, PARAMETERS), arrays(file, entries, OPTIMIZER),
                entries.containsKey(PREPROCESSING) ? text(file, entries, PREPROCESSING) : null);
    }

    private static String text(Path file, Map<String, byte[]> entries, String name) throws ModelFormatException {
        byte[] bytes = entries.get(name);
        if (bytes == null) {
            throw new ModelFormatException(file, "entry " + name + " is missing");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static Map<String, INDArray> arrays(Path file, Map<String, byte[]> entries, String prefix)
            throws ModelFormatException {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(prefix)) {
                continue;
            }
            if (!name.endsWith(NPY)) {
                throw new ModelFormatException(file, "entry " + name + " is not a " + NPY + " array");
            }
            try {
                arrays.put(name.substring(prefix.length(), name.length() - NPY.length()), Npy.read(e.getValue()));
            } catch (IllegalArgumentException ex) {
                throw new ModelFormatException(file, "entry " + name + ": " + ex.getMessage(), ex);
            }
        }
        return arrays;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private static byte[] json(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static String libraryVersion() {
        Properties p = new Properties();
        try (InputStream in = ModelFile.class.getResourceAsStream("/org/vae4j/vae4j-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // unknown version
        }
        return p.getProperty("version", "unknown");
    }
}
