package org.vae4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;
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
 *   <li>{@code config.json}: the {@link VaeConfig} as written by {@link ConfigJson};</li>
 *   <li>{@code training.json}: the {@link TrainingHistory} (epoch numbers, iteration counts, ELBO figures);</li>
 *   <li>{@code parameters/<name>.npy}: every trainable parameter of the graph, by its SameDiff name
 *       ({@code parameters/encoder/hidden0/W.npy}), as a NumPy array;</li>
 *   <li>{@code optimizer/<name>.npy}: the optimizer's state array {@code [1, stateSize]} of each parameter.</li>
 * </ul>
 * The graph itself is not stored: it is rebuilt from the configuration, so user-defined encoders keep working and
 * the file does not depend on SameDiff's serialization. The random generators' state is not stored either: a run's
 * generators depend only on the seed and the epoch number ({@link RandomStreams}).
 *
 * <p>Reading checks the zip structure, every entry's CRC-32 (from the zip's central directory) and SHA-256 (from
 * the manifest) before parsing anything, so a truncated or bit-flipped file is reported as such. A file whose format
 * version is newer than {@value #FORMAT_VERSION} is refused with {@link UnsupportedFormatVersionException}; when the
 * format changes, the version is raised, old versions are migrated in {@link #read}, and the test fixture of each old
 * version keeps loading.
 */
final class ModelFile {
    static final String FORMAT = "vae4j-model";
    static final int FORMAT_VERSION = 1;
    static final String LIBRARY_VERSION = libraryVersion();

    static final String MANIFEST = "manifest.json";
    static final String CONFIG = "config.json";
    static final String HISTORY = "training.json";
    static final String PARAMETERS = "parameters/";
    static final String OPTIMIZER = "optimizer/";
    static final String NPY = ".npy";

    /** Entry time: fixed, so that the same model gives the same bytes. */
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2020, 1, 1, 0, 0);
    /** Largest entry read (2 GiB - 9: Java arrays). */
    private static final long MAX_ENTRY = Integer.MAX_VALUE - 8L;

    /** The manifest's content. */
    record Manifest(String format, int formatVersion, String writtenBy, List<Entry> entries) {
        Manifest {
            entries = List.copyOf(entries);
        }
    }

    /** One entry of the manifest. */
    record Entry(String name, long size, String sha256) {
    }

    private ModelFile() {
    }

    // ------------------------------------------------------------------------------------------------ writing

    /**
     * Writes a model atomically (see {@link Vae#save}). The caller holds the model's lock.
     *
     * @param wrap wraps the file's output stream (tests inject failures through it)
     */
    static void write(Vae vae, Path file, UnaryOperator<OutputStream> wrap) throws ModelWriteException {
        Map<String, byte[]> entries = encode(vae, file);
        List<Entry> listed = new ArrayList<>();
        entries.forEach((name, bytes) -> listed.add(new Entry(name, bytes.length, sha256(bytes))));
        byte[] manifest = json(new Manifest(FORMAT, FORMAT_VERSION, LIBRARY_VERSION, listed));
        writeAtomically(file, wrap, out -> {
            ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
            putEntry(zip, MANIFEST, manifest);
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                putEntry(zip, e.getKey(), e.getValue());
            }
            zip.finish();
        });
    }

    private static Map<String, byte[]> encode(Vae vae, Path file) throws ModelWriteException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try {
            entries.put(CONFIG, ConfigJson.write(vae.config()).getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new ModelWriteException(file, e.getMessage(), e);
        }
        entries.put(HISTORY, json(vae.history()));
        vae.parameters().forEach((name, array) -> entries.put(PARAMETERS + name + NPY, Npy.write(array)));
        vae.optimizerState().forEach((name, array) -> entries.put(OPTIMIZER + name + NPY, Npy.write(array)));
        return entries;
    }

    private static void putEntry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setTimeLocal(ENTRY_TIME);
        if (name.endsWith(NPY)) {
            // Floats barely compress; stored entries read faster.
            CRC32 crc = new CRC32();
            crc.update(bytes);
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(bytes.length);
            entry.setCompressedSize(bytes.length);
            entry.setCrc(crc.getValue());
        }
        zip.putNextEntry(entry);
        zip.write(bytes);
        zip.closeEntry();
    }

    /** Writes the body's output to a temporary file in the target's folder, forces it to disk, renames it. */
    static void writeAtomically(Path file, UnaryOperator<OutputStream> wrap, IoBody body) throws ModelWriteException {
        Path target = file.toAbsolutePath();
        Path folder = prepareFolder(target);
        // Not Files.createTempFile: its files are private (0600); a file created plainly gets the umask's mode.
        Path temp = folder.resolve(tempPrefix(target) + Long.toHexString(System.nanoTime() ^ TEMP_NAMES.nextLong())
                + TEMP_SUFFIX);
        FileChannel opened;
        try {
            opened = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new ModelWriteException(file, "its folder " + folder + " is not writable (" + describe(e) + ")", e);
        }
        boolean done = false;
        try {
            try (FileChannel channel = opened;
                    OutputStream out = wrap.apply(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16))) {
                body.write(out);
                out.flush();
                channel.force(true);
            } catch (IOException | UncheckedIOException e) {
                throw new ModelWriteException(file, "writing failed (" + describe(e) + "); the previous file, if any,"
                        + " is unchanged", e);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
            forceFolder(folder);
        } catch (IOException e) {
            throw e instanceof ModelWriteException w ? w
                    : new ModelWriteException(file, "renaming the temporary file failed (" + describe(e) + ")", e);
        } finally {
            if (!done) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the temporary file's name marks it as one; Checkpointer removes such leftovers
                }
            }
        }
    }

    private static final java.util.Random TEMP_NAMES = new java.security.SecureRandom();

    /** Suffix of the temporary files of {@link #writeAtomically}. */
    static final String TEMP_SUFFIX = ".tmp";

    /** @return the prefix of the temporary files written for {@code target}: a dot, its name, a dot */
    static String tempPrefix(Path target) {
        return "." + target.getFileName() + ".";
    }

    /**
     * Creates a folder if needed and checks that files can be created in it.
     *
     * @param target a file in the folder
     * @return the folder, absolute
     * @throws ModelWriteException naming the folder if it cannot be created or written
     */
    static Path prepareFolder(Path target) throws ModelWriteException {
        Path folder = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new ModelWriteException(target, "its folder " + folder + " cannot be created (" + describe(e) + ")",
                    e);
        }
        if (!Files.isWritable(folder)) {
            throw new ModelWriteException(target, "its folder " + folder + " is not writable", null);
        }
        return folder;
    }

    private static void forceFolder(Path folder) {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true); // makes the rename durable on Linux; not supported everywhere
        } catch (IOException ignored) {
            // best effort
        }
    }

    /** Writes to a stream. */
    @FunctionalInterface
    interface IoBody {
        void write(OutputStream out) throws IOException;
    }

    // ------------------------------------------------------------------------------------------------ reading

    /** Reads a model (see {@link Vae#load}). */
    static Vae read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new ModelFormatException(file, "is a folder, not a model file");
        }
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "model file not found");
        }
        Map<String, byte[]> entries = readEntries(file);
        try {
            Manifest manifest = manifest(file, entries);
            verify(file, manifest, entries);
            return decode(file, entries);
        } catch (ModelFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelFormatException(file, "cannot be read as a vae4j model: " + describe(e), e);
        }
    }

    /** Reads every entry, checking the zip structure and each entry's CRC-32. */
    private static Map<String, byte[]> readEntries(Path file) throws IOException {
        long size = Files.size(file);
        if (size == 0) {
            throw new ModelFormatException(file, "is empty (0 bytes): not a vae4j model file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            if (head.length < 4 || head[0] != 'P' || head[1] != 'K' || head[2] != 3 || head[3] != 4) {
                throw new ModelFormatException(file, "is not a vae4j model file: not a zip archive (starts with bytes "
                        + HexFormat.ofDelimiter(" ").formatHex(head) + ")");
            }
        }
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
                    + describe(e) + ")", e);
        }
        return entries;
    }

    private static Manifest manifest(Path file, Map<String, byte[]> entries) throws IOException {
        byte[] bytes = entries.get(MANIFEST);
        if (bytes == null) {
            throw new ModelFormatException(file, "is not a vae4j model file: it has no " + MANIFEST);
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new ModelFormatException(file, MANIFEST + " is not valid JSON (" + describe(e) + ")", e);
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
        // Version 1 is the only one so far; a later version migrates older manifests and entries here.
        try {
            return MAPPER.treeToValue(node, Manifest.class);
        } catch (IOException e) {
            throw new ModelFormatException(file, MANIFEST + " is malformed (" + describe(e) + ")", e);
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
            String actual = sha256(bytes);
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

    private static Vae decode(Path file, Map<String, byte[]> entries) throws IOException {
        VaeConfig config;
        try {
            config = ConfigJson.read(text(file, entries, CONFIG));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file, CONFIG + ": " + e.getMessage(), e);
        }
        TrainingHistory history;
        try {
            history = MAPPER.readValue(text(file, entries, HISTORY), TrainingHistory.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelFormatException(file, HISTORY + " is malformed (" + describe(e) + ")", e);
        }
        for (int i = 0; i < history.epochs().size(); i++) {
            if (history.epochs().get(i) == null || history.epochs().get(i).epoch() != i + 1) {
                throw new ModelFormatException(file, HISTORY + ": record " + i + " is not epoch " + (i + 1));
            }
        }
        Map<String, INDArray> parameters = arrays(file, entries, PARAMETERS);
        Map<String, INDArray> optimizer = arrays(file, entries, OPTIMIZER);
        try {
            return Vae.restore(config, parameters, optimizer, history);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file, "does not fit its own configuration: " + e.getMessage(), e);
        }
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

    private static final ObjectMapper MAPPER = ConfigJson.mapper();

    private static byte[] json(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    private static String libraryVersion() {
        Properties p = new Properties();
        try (InputStream in = ModelFile.class.getResourceAsStream("vae4j-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // unknown version
        }
        return p.getProperty("version", "unknown");
    }
}
