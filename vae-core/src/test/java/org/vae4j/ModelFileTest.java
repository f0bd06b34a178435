package org.vae4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vae4j.TestModels.assertBitEqual;
import static org.vae4j.TestModels.assertSameState;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.data.ImageDataset;
import org.vae4j.io.Checksums;
import org.vae4j.io.ModelFile;
import org.vae4j.io.ModelFormatException;
import org.vae4j.io.ModelWriteException;
import org.vae4j.io.Npy;
import org.vae4j.io.UnsupportedFormatVersionException;

/** Saving and loading: the round trip is exact, writes are atomic, and damaged files give typed errors. */
class ModelFileTest {
    private static ImageDataset data;
    private static Vae trained;
    private static byte[] saved;

    @BeforeAll
    static void train(@TempDir Path dir) throws IOException {
        data = TestModels.stripes(300, 42);
        trained = new VaeTrainer(TestModels.tiny(2)).fit(data, data.first(50)).model();
        Path file = dir.resolve("model.vae");
        trained.save(file);
        saved = Files.readAllBytes(file);
    }

    @Test
    void aLoadedModelComputesExactlyWhatTheSavedOneDid(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sub/folder/model.vae");
        trained.save(file);
        Vae loaded = Vae.load(file);
        assertEquals(trained.config(), loaded.config());
        assertEquals(trained.history(), loaded.history());
        assertSameState(trained, loaded);
        INDArray x = data.first(40).features();
        assertBitEqual(trained.encode(x).mean(), loaded.encode(x).mean(), "posterior mean");
        assertBitEqual(trained.encode(x).logVariance(), loaded.encode(x).logVariance(), "posterior log-variance");
        assertBitEqual(trained.decode(trained.encode(x).mean()), loaded.decode(loaded.encode(x).mean()), "decoded");
        assertBitEqual(trained.generate(30, 4), loaded.generate(30, 4), "generated");
        assertBitEqual(trained.elbo(x, 5).elbo(), loaded.elbo(x, 5).elbo(), "ELBO");
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void theFileIsAZipOfJsonAndNpyEntriesAndSavingTwiceGivesTheSameBytes(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("model.vae");
        trained.save(file);
        assertArrayEquals(saved, Files.readAllBytes(file));
        try (ZipFile zip = new ZipFile(file.toFile())) {
            List<String> names = zip.stream().map(ZipEntry::getName).toList();
            assertEquals(List.of("manifest.json", "config.json", "training.json"), names.subList(0, 3));
            assertTrue(names.contains("parameters/encoder/hidden0/W.npy"), names.toString());
            assertTrue(names.contains("optimizer/decoder/output/b.npy"), names.toString());
            String manifest = new String(zip.getInputStream(zip.getEntry("manifest.json")).readAllBytes(),
                    StandardCharsets.UTF_8);
            assertTrue(manifest.contains("\"formatVersion\" : 2"), manifest);
            assertFalse(names.contains("preprocessing.json"), "no preprocessing for a model trained on images");
            assertTrue(manifest.contains("\"format\" : \"vae4j-model\""), manifest);
            byte[] w = zip.getInputStream(zip.getEntry("parameters/encoder/hidden0/W.npy")).readAllBytes();
            assertBitEqual(trained.parameters().get("encoder/hidden0/W"), Npy.read(w), "W from .npy");
        }
    }

    @Test
    void aHistoryWithNanValidationFiguresRoundTrips(@TempDir Path dir) throws IOException {
        EpochRecord first = trained.history().epochs().get(0);
        Vae withNan = trained.withHistory(new TrainingHistory(List.of(new EpochRecord(1, first.iterations(),
                first.train(), new ElboSummary(Double.NaN, Double.NEGATIVE_INFINITY, 0.0), first.seconds(),
                first.latent()))));
        Path file = dir.resolve("nan.vae");
        withNan.save(file);
        assertEquals(withNan.history(), Vae.load(file).history());
    }

    @Test
    void npyArraysOfAnyRankAndBothTypesRoundTrip() {
        for (INDArray a : List.of(Nd4j.scalar(3.5f), Nd4j.createFromArray(1.0, -2.0, Double.NaN),
                Nd4j.rand(DataType.FLOAT, 2, 3, 4), Nd4j.rand(DataType.DOUBLE, 5, 1),
                Nd4j.rand(DataType.FLOAT, 4, 6).transpose())) {
            assertBitEqual(a, Npy.read(Npy.write(a)), "array " + java.util.Arrays.toString(a.shape()));
        }
        byte[] ok = Npy.write(Nd4j.rand(DataType.FLOAT, 2, 2));
        byte[] shortData = java.util.Arrays.copyOf(ok, ok.length - 1);
        var e = assertThrows(IllegalArgumentException.class, () -> Npy.read(shortData));
        assertTrue(e.getMessage().contains("needs 16 data bytes but there are 15"), e.getMessage());
        byte[] hugeShape = new String(ok, StandardCharsets.ISO_8859_1).replace("(2, 2)", "(9999999999, 2)")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThrows(IllegalArgumentException.class, () -> Npy.read(hugeShape));
    }

    @Test
    void aSaveThatFailsMidWriteLeavesThePreviousFileLoadable(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("model.vae");
        Files.write(file, saved);
        Vae other = new VaeTrainer(TestModels.tiny(1).toBuilder().seed(99).build()).fit(data).model();
        other.save(dir.resolve("other.vae"));
        long otherLength = Files.size(dir.resolve("other.vae"));
        Files.delete(dir.resolve("other.vae"));
        for (long failAfter : new long[] {0, 10, 1000, otherLength / 2, otherLength - 1}) {
            ModelWriteException e = assertThrows(ModelWriteException.class,
                    () -> other.save(file, failingAfter(failAfter)));
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("disk full (injected)"),
                    e.getMessage());
            assertArrayEquals(saved, Files.readAllBytes(file), "the previous file is unchanged");
            assertSameState(trained, Vae.load(file));
            try (var files = Files.list(dir)) {
                assertEquals(List.of(file), files.toList(), "the temporary file is removed");
            }
        }
        other.save(file);
        assertSameState(other, Vae.load(file));
    }

    @Test
    void anUnwritableFolderGivesATypedErrorNamingIt(@TempDir Path dir) throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("plain-file"), "x");
        ModelWriteException e = assertThrows(ModelWriteException.class,
                () -> trained.save(notAFolder.resolve("model.vae")));
        assertTrue(e.getMessage().contains("plain-file") && e.getMessage().contains("cannot be created"),
                e.getMessage());
        ModelWriteException c = assertThrows(ModelWriteException.class,
                () -> Checkpointer.create(CheckpointPolicy.everyEpoch(notAFolder.resolve("checkpoints"))));
        assertTrue(c.getMessage().contains("plain-file"), c.getMessage());
    }

    @Test
    void missingEmptyForeignAndFolderFilesGiveTypedErrors(@TempDir Path dir) throws IOException {
        NoSuchFileException missing = assertThrows(NoSuchFileException.class,
                () -> Vae.load(dir.resolve("none.vae")));
        assertTrue(missing.getMessage().contains("none.vae"), missing.getMessage());
        assertFormatError(Files.write(dir.resolve("empty.vae"), new byte[0]), "is empty");
        assertFormatError(Files.writeString(dir.resolve("text.vae"), "not a model"), "not a zip archive");
        assertFormatError(dir, "is a folder");
        Path otherZip = dir.resolve("other.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(otherZip))) {
            zip.putNextEntry(new ZipEntry("readme.txt"));
            zip.write("hello".getBytes(StandardCharsets.UTF_8));
        }
        assertFormatError(otherZip, "no manifest.json");
    }

    @Test
    void everyTruncationGivesATypedError(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("cut.vae");
        for (int length : new int[] {1, 4, 30, 100, saved.length / 3, saved.length / 2, saved.length - 100,
                saved.length - 22, saved.length - 1}) {
            Files.write(file, java.util.Arrays.copyOf(saved, length));
            assertFormatError(file, "");
        }
    }

    /**
     * A flipped bit anywhere (every 37th byte) gives a ModelFormatException, or, where it hits a byte no reader uses (a local header's
     * timestamp, ...), a model identical to the saved one; never a wrong model or another exception.
     */
    @Test
    void bitFlipsGiveATypedErrorOrAnIdenticalModel(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("flipped.vae");
        int detected = 0;
        int harmless = 0;
        for (int position = 0; position < saved.length; position += 37) {
            byte[] flipped = saved.clone();
            flipped[position] ^= (byte) (1 << (position % 8));
            Files.write(file, flipped);
            try {
                Vae loaded = Vae.load(file);
                assertSameState(trained, loaded);
                assertEquals(trained.config(), loaded.config());
                assertEquals(trained.history(), loaded.history());
                harmless++;
            } catch (ModelFormatException e) {
                assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
                detected++;
            }
        }
        // Harmless flips hit zip header fields no reader uses (versions, timestamps, local copies of names);
        // in this tiny file headers are a large share of the bytes.
        assertTrue(detected > 4 * harmless, detected + " flips detected, " + harmless + " harmless");
    }

    @Test
    void aFileOfANewerFormatVersionIsRefusedWithItsVersion(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("future.vae");
        rewrite(file, m -> {
            ((ObjectNode) m.get("manifest.json")).put("formatVersion", 3).put("writtenBy", "9.0.0");
        });
        UnsupportedFormatVersionException e = assertThrows(UnsupportedFormatVersionException.class,
                () -> Vae.load(file));
        assertEquals(3, e.formatVersion());
        assertTrue(e.getMessage().contains("written by vae4j 9.0.0") && e.getMessage().contains("upgrade vae4j"),
                e.getMessage());
    }

    @Test
    void tamperedEntriesWithMatchingChecksumsStillGiveTypedErrors(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tampered.vae");
        rewrite(file, m -> ((ObjectNode) m.get("config.json")).put("latentSize", 3));
        assertFormatError(file, "does not fit its own configuration: parameter ");
        assertFormatError(file, "/W is FLOAT [2, 8] but the configuration builds FLOAT [3, 8]");
        rewrite(file, m -> ((ObjectNode) m.get("config.json").get("encoder")).put("@class", "com.example.Gone"));
        assertFormatError(file, "com.example.Gone");
        rewrite(file, m -> ((ObjectNode) m.get("config.json")).put("batchSize", 0));
        assertFormatError(file, "config.json: not a valid VaeConfig JSON: VaeConfig.batchSize must be positive, got 0");
        rewrite(file, m -> ((ObjectNode) m.get("training.json").get("epochs").get(1)).put("epoch", 7));
        assertFormatError(file, "record 1 is not epoch 2");
        rewrite(file, m -> ((ArrayNode) m.get("manifest.json").get("entries")).remove(0));
        assertFormatError(file, "entries not listed in the manifest: [config.json]");
    }

    @Test
    void aModelWithNonFiniteParametersIsRefusedNamingTheFirstOne(@TempDir Path dir) throws IOException {
        Path good = dir.resolve("good.vae");
        Files.write(good, saved);
        org.vae4j.io.SavedModel content = ModelFile.read(good);
        Map<String, INDArray> params = new LinkedHashMap<>();
        content.parameters().forEach((name, a) -> params.put(name, a.dup()));
        params.get("decoder/output/b").putScalar(3, Float.NaN);
        params.get("encoder/hidden0/W").putScalar(new long[] {1, 2}, Float.POSITIVE_INFINITY);
        Path nan = dir.resolve("nan.vae");
        ModelFile.write(nan, new org.vae4j.io.SavedModel(content.configJson(), content.historyJson(), params,
                content.optimizerState()), out -> out);
        // the first in the file's (graph) order
        boolean decoderFirst = List.copyOf(params.keySet()).indexOf("decoder/output/b")
                < List.copyOf(params.keySet()).indexOf("encoder/hidden0/W");
        assertFormatError(nan, decoderFirst ? "parameter decoder/output/b holds NaN at flat index 3"
                : "parameter encoder/hidden0/W holds Infinity at flat index 10");
        assertFormatError(nan, "the model was saved from a diverged run");
        Map<String, INDArray> state = new LinkedHashMap<>(content.optimizerState());
        String first = state.keySet().iterator().next();
        state.put(first, state.get(first).dup().putScalar(0, Double.NaN));
        Path badState = dir.resolve("state.vae");
        ModelFile.write(badState, new org.vae4j.io.SavedModel(content.configJson(), content.historyJson(),
                content.parameters(), state), out -> out);
        assertFormatError(badState, "optimizer state of parameter " + first + " holds NaN at flat index 0");
    }

    private static void assertFormatError(Path file, String expected) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Vae.load(file));
        assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains(expected),
                e.getMessage());
        assertEquals(file, e.file());
    }

    /**
     * Writes the saved model to {@code file} with its JSON entries changed, the manifest's sizes and SHA-256s updated
     * to match (as a deliberate edit would), and valid CRCs.
     */
    private static void rewrite(Path file, java.util.function.Consumer<Map<String, com.fasterxml.jackson.databind.JsonNode>> edit)
            throws IOException {
        ObjectMapper json = new ObjectMapper();
        Path original = Files.write(file.resolveSibling("original.vae"), saved);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(original.toFile())) {
            for (ZipEntry e : zip.stream().toList()) {
                entries.put(e.getName(), zip.getInputStream(e).readAllBytes());
            }
        }
        Map<String, com.fasterxml.jackson.databind.JsonNode> trees = new LinkedHashMap<>();
        for (String name : List.of("manifest.json", "config.json", "training.json")) {
            trees.put(name, json.readTree(entries.get(name)));
        }
        edit.accept(trees);
        for (String name : List.of("config.json", "training.json")) {
            entries.put(name, json.writeValueAsBytes(trees.get(name)));
        }
        for (com.fasterxml.jackson.databind.JsonNode e : trees.get("manifest.json").get("entries")) {
            byte[] bytes = entries.get(e.get("name").asText());
            ((ObjectNode) e).put("size", bytes.length).put("sha256", Checksums.sha256(bytes));
        }
        entries.put("manifest.json", json.writeValueAsBytes(trees.get("manifest.json")));
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
            }
        }
    }

    /** A stream that throws, as a full disk would, once {@code limit} bytes have been written. */
    private static UnaryOperator<OutputStream> failingAfter(long limit) {
        return out -> new FilterOutputStream(out) {
            private long written;

            @Override
            public void write(int b) throws IOException {
                if (written++ >= limit) {
                    throw new IOException("disk full (injected)");
                }
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                for (int i = 0; i < len; i++) {
                    write(b[off + i]);
                }
            }
        };
    }
}
