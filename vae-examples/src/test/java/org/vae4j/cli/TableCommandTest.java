package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.Vae;
import org.vae4j.data.table.ColumnType;
import org.vae4j.data.table.TablePreprocessing;
import org.vae4j.latent.Embedding;
import org.vae4j.likelihood.MixedLikelihood;

/** vae4j train --csv, then evaluate --csv and embed --csv with the model's saved preprocessing; and bad tables. */
class TableCommandTest {

    /** id, two related numeric columns, a 0/1 column, a coded categorical column, a yes/no column, a label. */
    private static Path table(Path file, int rows, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder s = new StringBuilder("id,x,y,flag,ward,smoker,outcome\n");
        for (int i = 0; i < rows; i++) {
            double t = r.nextGaussian();
            s.append(String.format(Locale.ROOT, "%d,%.3f,%.3f,%d,%d,%s,%s%n", i, t, 3 * t + 0.2 * r.nextGaussian(),
                    t > 0 ? 1 : 0, 10 + r.nextInt(3), r.nextBoolean() ? "yes" : "no", t > 1.5 ? "bad" : "good"));
        }
        Files.writeString(file, s, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void trainsOnACsvAndEvaluatesAndEmbedsWithTheSavedPreprocessing(@TempDir Path dir) throws IOException {
        Path train = table(dir.resolve("train.csv"), 300, 1);
        Path test = table(dir.resolve("test.csv"), 100, 2);
        Path out = dir.resolve("run");
        CliRun r = CliRun.vae4j("train", "--csv", train.toString(), "--test-csv",
                test.toString(), "--label-column", "outcome", "--ignore-columns", "id", "--categorical-columns",
                "ward", "--binary-columns", "smoker", "--epochs", "2", "--hidden", "16", "--latent-size", "2",
                "--batch-size", "32", "--progress", "log", "-o", out.toString());
        assertEquals(0, r.exitCode(), r.err());

        Vae vae = Vae.load(out.resolve("model.vae"));
        TablePreprocessing p = vae.preprocessing().orElseThrow();
        assertEquals(List.of("x", "y", "flag", "ward", "smoker"), p.columns().stream()
                .map(TablePreprocessing.Column::name).toList());
        assertEquals(List.of(ColumnType.NUMERIC, ColumnType.NUMERIC, ColumnType.BINARY, ColumnType.CATEGORICAL,
                ColumnType.BINARY), p.columns().stream().map(TablePreprocessing.Column::type).toList());
        assertEquals(List.of("10", "11", "12"), p.columns().get(3).values());
        assertEquals(7, vae.config().inputSize());
        assertEquals(MixedLikelihood.of(p), vae.config().likelihood());
        assertEquals(List.of("bad", "good"), p.labelValues());
        assertEquals(2, vae.history().epochs().size());

        CliRun e = CliRun.vae4j("evaluate", "--model", out.resolve("model.vae")
                .toString(), "--csv", test.toString(), "-k", "10", "--progress", "log");
        assertEquals(0, e.exitCode(), e.err());
        System.out.println(e.out());
        assertTrue(e.out().contains("(100 rows), nats per row"), e.out());
        assertTrue(e.out().contains("log p(x|z) continuous") && e.out().contains("log p(x|z) binary")
                && e.out().contains("log p(x|z) categorical"), e.out());

        Path embedding = dir.resolve("embedding.csv");
        CliRun m = CliRun.vae4j("embed", "--model", out.resolve("model.vae").toString(),
                "--csv", test.toString(), "-o", embedding.toString());
        assertEquals(0, m.exitCode(), m.err());
        Embedding read = Embedding.readCsv(embedding);
        assertEquals(100, read.size());
        assertEquals(2, read.latentSize());
    }

    @Test
    void aTableRunResumesFromItsCheckpoint(@TempDir Path dir) throws IOException {
        Path train = table(dir.resolve("train.csv"), 100, 4);
        String[] common = {"--csv", train.toString(), "--label-column", "outcome", "--ignore-columns", "id",
            "--hidden", "8", "--latent-size", "2", "--batch-size", "25", "--progress", "off", "-o",
            dir.resolve("run").toString()};
        assertEquals(0, run(common, "--epochs", "1").exitCode());
        CliRun r = run(common, "--epochs", "2", "--resume");
        assertEquals(0, r.exitCode(), r.err());
        Vae vae = Vae.load(dir.resolve("run").resolve("model.vae"));
        assertEquals(2, vae.history().epochs().size());
        assertEquals(8, vae.history().last().iterations());
        assertTrue(vae.preprocessing().isPresent());
        r = run(common, "--epochs", "1");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("holds another run"), r.err());
    }

    private static CliRun run(String[] common, String... more) {
        String[] args = new String[1 + common.length + more.length];
        args[0] = "train";
        System.arraycopy(common, 0, args, 1, common.length);
        System.arraycopy(more, 0, args, 1 + common.length, more.length);
        return CliRun.vae4j(args);
    }

    @Test
    void badTablesAndMisusedOptionsAreOneLineErrors(@TempDir Path dir) throws IOException {
        Path ragged = dir.resolve("ragged.csv");
        Files.writeString(ragged, "a,b\n1,2\n3\n");
        CliRun r = CliRun.vae4j("train", "--csv", ragged.toString(), "--epochs", "1",
                "-o", dir.resolve("run").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("ragged.csv, line 3: has 1 cells but the header has 2 columns"), r.err());

        Path ok = table(dir.resolve("ok.csv"), 20, 3);
        r = CliRun.vae4j("train", "--csv", ok.toString(), "--label-column", "result", "-o",
                dir.resolve("run2").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("column 'result'") && r.err().contains("label column"), r.err());

        r = CliRun.vae4j("train", "--label-column", "outcome", "-o", dir.resolve("run3").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("go with --csv"), r.err());

        r = CliRun.vae4j("train", "--csv", ok.toString(), "--likelihood", "gaussian", "-o",
                dir.resolve("run4").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--likelihood does not go with --csv"), r.err());
        r = CliRun.vae4j("train", "--csv", ok.toString(), "--train-size", "10", "-o",
                dir.resolve("run5").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--train-size does not go with --csv"), r.err());
        try (var files = java.nio.file.Files.list(dir)) {
            assertEquals(List.of("ok.csv", "ragged.csv"), files.map(f -> f.getFileName().toString()).sorted()
                    .toList(), "nothing written by the failed runs");
        }
    }
}
