package org.vae4j.io;

import static org.vae4j.io.ModelFile.CONFIG;
import static org.vae4j.io.ModelFile.MANIFEST;
import static org.vae4j.io.ModelFile.MAX_ENTRY;
import static org.vae4j.io.ModelFile.NPY;
import static org.vae4j.io.ModelFile.OPTIMIZER;
import static org.vae4j.io.ModelFile.PARAMETERS;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The bounds {@link ModelFile#read(Path, ModelFile.ArrayCheck)} holds a file to before it decompresses anything
 * large, so that a small crafted file cannot exhaust memory: the sizes the zip declares against the file's size and
 * the manifest, JSON entries against a maximum, array entries against their {@code .npy} headers, and the arrays'
 * shapes against the configuration (through the caller's check). Only the manifest, the configuration and the
 * arrays' headers are decompressed here.
 */
final class ModelFileBounds {
    /** Largest JSON entry read (the manifest, the configuration, the training history): 64 MiB. */
    static final long MAX_JSON = 64L << 20;
    /**
     * The entries' uncompressed sizes together may be at most this many times the file's size plus
     * {@link #EXPANSION_SLACK}: vae4j stores arrays uncompressed, and only its JSON entries are compressed.
     */
    static final long MAX_EXPANSION = 20;
    /** 64 MiB. */
    static final long EXPANSION_SLACK = 64L << 20;

    private ModelFileBounds() {
    }

    /** Refuses an empty file and one that does not start as a zip archive. */
    static void requireZip(Path file) throws IOException {
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
    }

    /**
     * Checks the sizes the zip declares against the file's size and the manifest, and the arrays' headers against
     * their sizes and {@code check}, decompressing only the manifest, the configuration and the arrays' headers.
     */
    static void check(Path file, ModelFile.ArrayCheck check) throws IOException {
        long fileSize = Files.size(file);
        try (ZipFile zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8)) {
            Map<String, ZipEntry> zipped = new LinkedHashMap<>();
            long total = 0;
            for (ZipEntry entry : zip.stream().filter(e -> !e.isDirectory()).toList()) {
                if (entry.getSize() < 0 || entry.getSize() > MAX_ENTRY) {
                    throw new ModelFormatException(file, "entry " + entry.getName() + " declares an impossible size "
                            + entry.getSize() + " (corrupt file)");
                }
                total += entry.getSize();
                zipped.putIfAbsent(entry.getName(), entry);
            }
            if (total > MAX_EXPANSION * fileSize + EXPANSION_SLACK) {
                throw new ModelFormatException(file, "its entries declare " + total + " bytes uncompressed in a file"
                        + " of " + fileSize + " bytes, more than " + MAX_EXPANSION + " times its size plus 64 MiB:"
                        + " not a model file vae4j wrote (vae4j stores arrays uncompressed)");
            }
            ZipEntry manifestEntry = zipped.get(MANIFEST);
            if (manifestEntry == null) {
                throw new ModelFormatException(file, "is not a vae4j model file: it has no " + MANIFEST);
            }
            ModelFile.Manifest manifest = ModelFile.manifest(file, Map.of(MANIFEST, json(file, zip, manifestEntry)));
            Map<String, Long> listed = new LinkedHashMap<>();
            manifest.entries().forEach(e -> listed.put(e.name(), e.size()));
            List<String> unlisted = zipped.keySet().stream().filter(n -> !n.equals(MANIFEST) && !listed.containsKey(n))
                    .toList();
            if (!unlisted.isEmpty()) {
                throw new ModelFormatException(file, "entries not listed in the manifest: " + unlisted);
            }
            Map<String, Npy.Header> parameters = new LinkedHashMap<>();
            Map<String, Npy.Header> optimizerState = new LinkedHashMap<>();
            for (ZipEntry entry : zipped.values()) {
                String name = entry.getName();
                if (name.equals(MANIFEST)) {
                    continue;
                }
                if (entry.getSize() != listed.get(name)) {
                    throw new ModelFormatException(file, "entry " + name + " declares " + entry.getSize() + " bytes but"
                            + " the manifest records " + listed.get(name) + " (corrupt file)");
                }
                boolean parameter = name.startsWith(PARAMETERS);
                if (!name.endsWith(NPY) || !(parameter || name.startsWith(OPTIMIZER))) {
                    if (entry.getSize() > MAX_JSON) {
                        throw new ModelFormatException(file, "entry " + name + " declares " + entry.getSize()
                                + " bytes, more than the " + MAX_JSON + " a JSON entry may have");
                    }
                    continue;
                }
                Npy.Header header = arrayHeader(file, zip, entry);
                String key = name.substring((parameter ? PARAMETERS : OPTIMIZER).length(),
                        name.length() - NPY.length());
                (parameter ? parameters : optimizerState).put(key, header);
            }
            ZipEntry config = zipped.get(CONFIG);
            if (config == null) {
                throw new ModelFormatException(file, "entry " + CONFIG + " is missing");
            }
            check.check(new String(json(file, zip, config), StandardCharsets.UTF_8), parameters, optimizerState);
        } catch (ZipException | EOFException e) {
            throw new ModelFormatException(file, "is truncated or corrupt: it is not a complete zip archive ("
                    + Exceptions.describe(e) + ")", e);
        }
    }

    /** A JSON entry (size checked by the caller or here), CRC-checked. */
    private static byte[] json(Path file, ZipFile zip, ZipEntry entry) throws IOException {
        if (entry.getSize() > MAX_JSON) {
            throw new ModelFormatException(file, "entry " + entry.getName() + " declares " + entry.getSize()
                    + " bytes, more than the " + MAX_JSON + " a JSON entry may have");
        }
        byte[] bytes;
        try (InputStream in = zip.getInputStream(entry)) {
            bytes = in.readNBytes((int) entry.getSize());
        }
        CRC32 crc = new CRC32();
        crc.update(bytes);
        if (bytes.length != entry.getSize() || crc.getValue() != entry.getCrc()) {
            throw new ModelFormatException(file, "entry " + entry.getName() + " fails its CRC-32 check (corrupt file)");
        }
        return bytes;
    }

    /** An array entry's {@code .npy} header, checked against the entry's size. */
    private static Npy.Header arrayHeader(Path file, ZipFile zip, ZipEntry entry) throws IOException {
        byte[] start;
        try (InputStream in = zip.getInputStream(entry)) {
            start = in.readNBytes((int) Math.min(entry.getSize(), Npy.MAX_HEADER));
        }
        Npy.Header header;
        try {
            header = Npy.header(start);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file, "entry " + entry.getName() + ": " + e.getMessage(), e);
        }
        long needed;
        try {
            needed = Math.addExact(header.dataOffset(), header.dataBytes());
        } catch (ArithmeticException e) {
            needed = Long.MAX_VALUE;
        }
        if (needed != entry.getSize()) {
            throw new ModelFormatException(file, "entry " + entry.getName() + ": .npy shape "
                    + Arrays.toString(header.shape()) + " needs " + needed + " bytes but the entry has "
                    + entry.getSize() + " (corrupt file)");
        }
        return header;
    }
}
