package org.vae4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.ImageShape;
import org.vae4j.io.Checksums;
import org.vae4j.io.ModelFile;
import org.vae4j.io.Npy;
import org.vae4j.io.SavedModel;

/**
 * Saving streams each array from its native memory instead of building its {@code .npy} bytes first: the file is
 * byte for byte what the byte-array writer (the format's first implementation, kept below as the reference) wrote,
 * and a save allocates little on the Java heap, so checkpoints leave no garbage for the old generation to keep.
 */
class ModelFileStreamingTest {
    private static final long MIB = 1 << 20;

    @Test
    void aSavedModelHasTheBytesTheByteArrayWriterGave(@TempDir Path dir) throws IOException {
        for (Vae vae : List.of(new VaeTrainer(TestModels.tiny(2)).fit(TestModels.stripes(300, 42),
                TestModels.stripes(60, 43)).model(), reference())) {
            SavedModel saved = saved(vae);
            Path file = dir.resolve("model.vae");
            ModelFile.write(file, saved, UnaryOperator.identity());
            assertArrayEquals(byteArrayWriter(saved), Files.readAllBytes(file));
        }
    }

    @Test
    void savingTheReferenceModelAllocatesLittleOnTheHeap(@TempDir Path dir) throws IOException {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled());
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Vae vae = reference();
        Path file = dir.resolve("model.vae");
        vae.save(file); // class loading and first-call work
        long before = threads.getCurrentThreadAllocatedBytes();
        vae.save(file);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        long fileSize = Files.size(file);
        assertTrue(fileSize > 9 * MIB, "the model file holds " + fileSize + " bytes");
        assertTrue(allocated < MIB, "saving a " + fileSize + "-byte model allocated " + allocated + " heap bytes");
    }

    /** The reference MLP VAE (784-512-20, 835k parameters with Adam state), trained for one epoch on noise. */
    private static Vae reference() {
        ImageShape shape = new ImageShape(1, 28, 28);
        ImageDataset data = ImageDataset.of(Nd4j.rand(DataType.FLOAT, 256, shape.size()), null, shape);
        return new VaeTrainer(VaeConfig.builder(shape.size(), 20).epochs(1).batchSize(128).build()).fit(data).model();
    }

    private static SavedModel saved(Vae vae) {
        return new SavedModel(ConfigJson.write(vae.config()), ConfigJson.toJson(vae.history()), vae.parameters(),
                vae.optimizerState());
    }

    /** The model file as the first writer built it: every entry as a byte array ({@link Npy#write}), then zipped. */
    private static byte[] byteArrayWriter(SavedModel model) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(ModelFile.CONFIG, model.configJson().getBytes(StandardCharsets.UTF_8));
        entries.put(ModelFile.HISTORY, model.historyJson().getBytes(StandardCharsets.UTF_8));
        model.parameters().forEach((name, a) -> entries.put(ModelFile.PARAMETERS + name + ModelFile.NPY, Npy.write(a)));
        model.optimizerState().forEach((name, a) -> entries.put(ModelFile.OPTIMIZER + name + ModelFile.NPY,
                Npy.write(a)));
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", ModelFile.FORMAT);
        manifest.put("formatVersion", ModelFile.FORMAT_VERSION);
        manifest.put("writtenBy", ModelFile.LIBRARY_VERSION);
        manifest.put("entries", entries.entrySet().stream().map(e -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", e.getKey());
            entry.put("size", (long) e.getValue().length);
            entry.put("sha256", Checksums.sha256(e.getValue()));
            return entry;
        }).toList());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8);
        put(zip, ModelFile.MANIFEST, JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                .writeValueAsBytes(manifest));
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            put(zip, e.getKey(), e.getValue());
        }
        zip.finish();
        return bytes.toByteArray();
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setTimeLocal(LocalDateTime.of(2020, 1, 1, 0, 0));
        if (name.endsWith(ModelFile.NPY)) {
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
}
