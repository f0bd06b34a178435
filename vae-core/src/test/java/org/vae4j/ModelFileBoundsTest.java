package org.vae4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.vae4j.io.Checksums;
import org.vae4j.io.ModelFormatException;
import org.vae4j.io.Npy;

/**
 * Small crafted model files cannot exhaust memory: what a model file declares is checked against the file's size,
 * the manifest and the configuration's graph before anything large is decompressed or allocated.
 */
class ModelFileBoundsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Map<String, byte[]> entries;

    @BeforeAll
    static void save(@TempDir Path dir) throws IOException {
        Vae model = new VaeTrainer(TestModels.tiny(1)).fit(TestModels.stripes(64, 1)).model();
        Path file = dir.resolve("model.vae");
        model.save(file);
        entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry e : zip.stream().toList()) {
                entries.put(e.getName(), zip.getInputStream(e).readAllBytes());
            }
        }
    }

    @Test
    void anEntryDeclaringFarMoreThanTheFileHoldsIsRefusedBeforeItIsDecompressed(@TempDir Path dir)
            throws IOException {
        // A parameter of 2^26 floats (256 MiB of zeros, which deflate to about 256 KB), listed in the manifest with
        // its true size: a consistent file except that it is mostly a zip bomb.
        long count = 1L << 26;
        byte[] header = Npy.headerBytes(DataType.FLOAT, new long[] {1, count});
        long size = header.length + 4 * count;
        Map<String, byte[]> changed = new LinkedHashMap<>(entries);
        changed.remove("parameters/decoder/output/b.npy");
        Path file = dir.resolve("bomb.vae");
        write(file, changed, Map.of("parameters/decoder/output/b.npy", size), zip -> {
            zip.putNextEntry(new ZipEntry("parameters/decoder/output/b.npy"));
            zip.write(header);
            byte[] zeros = new byte[1 << 20];
            for (long left = 4 * count; left > 0; left -= zeros.length) {
                zip.write(zeros, 0, (int) Math.min(left, zeros.length));
            }
            zip.closeEntry();
        });
        assertTrue(Files.size(file) < 2_000_000, "the crafted file is small: " + Files.size(file));
        assertRefused(file, "bytes uncompressed in a file of " + Files.size(file) + " bytes, more than 20 times its"
                + " size plus 64 MiB");
    }

    @Test
    void aConfigurationAskingForFarMoreParametersThanTheFileHoldsIsRefusedBeforeBuildingItsGraph(@TempDir Path dir)
            throws IOException {
        ObjectNode config = (ObjectNode) JSON.readTree(entries.get("config.json"));
        ((ArrayNode) config.get("encoder").get("hiddenSizes")).removeAll().add(200_000);
        Map<String, byte[]> changed = new LinkedHashMap<>(entries);
        changed.put("config.json", JSON.writeValueAsBytes(config));
        Path file = dir.resolve("wide.vae");
        write(file, changed, Map.of(), zip -> { });
        long held = 0;
        for (var e : entries.entrySet()) {
            if (e.getKey().startsWith("parameters/")) {
                long[] shape = Npy.header(e.getValue()).shape();
                held += java.util.Arrays.stream(shape).reduce(1, Math::multiplyExact);
            }
        }
        long limit = 2 * held + 1_000_000;
        ModelFormatException e = assertRefused(file, "does not fit its own configuration (the file holds " + held
                + " parameter values; its graph may hold at most twice that plus 1000000): parameter encoder/hidden0/W"
                + " [16, 200000] would bring the graph over the limit of " + limit + " parameter values (0 before it)");
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void anArrayWhoseShapeDiffersFromTheConfigurationsIsRefusedFromItsHeader(@TempDir Path dir) throws IOException {
        // a consistent entry (size, header, manifest) of another shape than the graph's
        byte[] wide = Npy.write(org.nd4j.linalg.factory.Nd4j.zeros(DataType.FLOAT, 1, 1000));
        Map<String, byte[]> changed = new LinkedHashMap<>(entries);
        changed.put("parameters/decoder/output/b.npy", wide);
        Path file = dir.resolve("misshapen.vae");
        write(file, changed, Map.of(), zip -> { });
        assertRefused(file, "does not fit its own configuration: parameter decoder/output/b is FLOAT [1, 1000] but"
                + " the configuration builds FLOAT [1, 16]");
        // and one whose header promises more data than the entry holds
        byte[] lying = java.util.Arrays.copyOf(wide, wide.length - 400);
        changed.put("parameters/decoder/output/b.npy", lying);
        write(file, changed, Map.of(), zip -> { });
        assertRefused(file, "entry parameters/decoder/output/b.npy: .npy shape [1, 1000] needs " + wide.length
                + " bytes but the entry has " + lying.length);
    }

    @Test
    void anEntryWhoseSizeDiffersFromTheManifestIsRefusedBeforeItIsRead(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("resized.vae");
        byte[] history = entries.get("training.json");
        write(file, entries, Map.of("training.json", (long) history.length + 1_000_000_000L), zip -> { });
        assertRefused(file, "entry training.json declares " + history.length + " bytes but the manifest records "
                + (history.length + 1_000_000_000L));
    }

    @Test
    void theUntouchedFileStillLoads(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("same.vae");
        write(file, entries, Map.of(), zip -> { });
        assertEquals(TestModels.tiny(1), Vae.load(file).config());
    }

    private static ModelFormatException assertRefused(Path file, String expected) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Vae.load(file));
        assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains(expected), e.getMessage());
        return e;
    }

    @FunctionalInterface
    private interface Extra {
        void write(ZipOutputStream zip) throws IOException;
    }

    /**
     * Writes a model file of these entries (deflated) with a manifest whose sizes and SHA-256s match them, except
     * the sizes in {@code sizes}, then the entries {@code extra} writes (listed with those sizes).
     */
    private static void write(Path file, Map<String, byte[]> content, Map<String, Long> sizes, Extra extra)
            throws IOException {
        ObjectNode manifest = (ObjectNode) JSON.readTree(entries.get("manifest.json"));
        ArrayNode listed = manifest.putArray("entries");
        for (var e : content.entrySet()) {
            if (!e.getKey().equals("manifest.json")) {
                listed.addObject().put("name", e.getKey()).put("size", sizes.getOrDefault(e.getKey(),
                        (long) e.getValue().length)).put("sha256", Checksums.sha256(e.getValue()));
            }
        }
        sizes.forEach((name, size) -> {
            if (!content.containsKey(name)) {
                listed.addObject().put("name", name).put("size", size).put("sha256", "0".repeat(64));
            }
        });
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("manifest.json"));
            zip.write(JSON.writeValueAsBytes(manifest));
            for (var e : content.entrySet()) {
                if (!e.getKey().equals("manifest.json")) {
                    zip.putNextEntry(new ZipEntry(e.getKey()));
                    zip.write(e.getValue());
                }
            }
            extra.write(zip);
        }
    }
}
