package org.vae4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.data.table.CsvTable;
import org.vae4j.data.table.TableDataset;
import org.vae4j.data.table.TableFormatException;
import org.vae4j.data.table.TableSchema;
import org.vae4j.likelihood.GaussianLikelihood;
import org.vae4j.nn.MlpDecoder;
import org.vae4j.nn.MlpEncoder;

/** A model trained on a CSV table keeps the table's preprocessing in its file (format version 2). */
class TablePreprocessingFileTest {

    /** A small table: two numeric columns, a categorical and a binary one, a label. */
    static Path table(Path file, int rows, long seed, String... extraRows) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder s = new StringBuilder("height,weight,colour,smoker,kind\n");
        String[] colours = {"red", "green", "blue"};
        for (int i = 0; i < rows; i++) {
            double h = 150 + 40 * r.nextDouble();
            s.append(String.format(java.util.Locale.ROOT, "%.2f,%.2f,%s,%d,%s%n", h, h * 0.4 + 5 * r.nextGaussian(),
                    colours[r.nextInt(3)], r.nextInt(2), r.nextInt(10) == 0 ? "odd" : "usual"));
        }
        for (String extra : extraRows) {
            s.append(extra).append('\n');
        }
        Files.writeString(file, s, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void thePreprocessingIsSavedLoadedAndAppliedToLaterData(@TempDir Path dir) throws IOException {
        TableDataset train = CsvTable.read(table(dir.resolve("train.csv"), 64, 1), TableSchema.inferred()
                .withLabel("kind"));
        assertEquals(6, train.featureCount());
        VaeConfig config = VaeConfig.builder(train.featureCount(), 2).encoder(MlpEncoder.relu(8))
                .decoder(MlpDecoder.relu(8)).likelihood(GaussianLikelihood.learnedVariance()).batchSize(16).epochs(1)
                .seed(5).build();
        Vae vae = new VaeTrainer(config).fit(train).model();
        assertEquals(train.preprocessing(), vae.preprocessing().orElseThrow());
        Path file = dir.resolve("model.vae");
        vae.save(file);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String manifest = new String(zip.getInputStream(zip.getEntry("manifest.json")).readAllBytes(),
                    StandardCharsets.UTF_8);
            assertTrue(manifest.contains("\"formatVersion\" : 2") && manifest.contains("preprocessing.json"),
                    manifest);
            assertEquals(train.preprocessing().toJson(), new String(zip.getInputStream(
                    zip.getEntry("preprocessing.json")).readAllBytes(), StandardCharsets.UTF_8));
        }
        Vae loaded = Vae.load(file);
        assertEquals(train.preprocessing(), loaded.preprocessing().orElseThrow());

        // data scored later: read with the saved preprocessing, the same features as the training file's rows
        TableDataset later = CsvTable.read(table(dir.resolve("later.csv"), 64, 1), loaded.preprocessing()
                .orElseThrow());
        assertArrayEquals(train.features().dup().data().asFloat(), later.features().dup().data().asFloat());
        assertArrayEquals(train.labels(), later.labels());
        INDArray before = vae.reconstructionLogLikelihood(train.features());
        INDArray after = loaded.reconstructionLogLikelihood(later.features());
        assertArrayEquals(before.toDoubleVector(), after.toDoubleVector(), 0.0);

        Path unseen = table(dir.resolve("unseen.csv"), 3, 2, "170.0,70.0,purple,1,usual");
        TableFormatException e = assertThrows(TableFormatException.class,
                () -> CsvTable.read(unseen, loaded.preprocessing().orElseThrow()));
        assertTrue(e.getMessage().contains("unseen.csv, line 5, column 'colour'"), e.getMessage());

        // a model without preprocessing has none after a save and load
        Vae plain = vae.withPreprocessing(null);
        plain.save(dir.resolve("plain.vae"));
        assertTrue(Vae.load(dir.resolve("plain.vae")).preprocessing().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> Vae.load(dir.resolve("plain.vae")).withPreprocessing(
                CsvTable.read(dir.resolve("train.csv"), TableSchema.inferred()).preprocessing()));
    }

    @Test
    void checkpointsOfATableRunKeepThePreprocessing(@TempDir Path dir) throws IOException {
        TableDataset train = CsvTable.read(table(dir.resolve("train.csv"), 32, 3), TableSchema.inferred()
                .ignoring("kind"));
        VaeConfig config = VaeConfig.builder(train.featureCount(), 2).encoder(MlpEncoder.relu(4))
                .decoder(MlpDecoder.relu(4)).likelihood(GaussianLikelihood.fixedVariance(1)).batchSize(16).epochs(1)
                .seed(5).build();
        Path checkpoints = dir.resolve("checkpoints");
        new VaeTrainer(config).withListeners(Checkpointer.create(new CheckpointPolicy(checkpoints, 1, 1, false)))
                .fit(train);
        Vae resumedFrom = Checkpointer.load(checkpoints);
        assertEquals(train.preprocessing(), resumedFrom.preprocessing().orElseThrow());
        Vae more = new VaeTrainer(config.toBuilder().epochs(2).build()).resume(resumedFrom,
                org.vae4j.data.ImageDataset.of(train.features(), null, train.shape()), null).model(); // not a table
        assertEquals(train.preprocessing(), more.preprocessing().orElseThrow());
    }
}
