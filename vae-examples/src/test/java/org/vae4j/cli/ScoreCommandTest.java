package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.Vae;
import org.vae4j.anomaly.AnomalyMetrics;
import org.vae4j.anomaly.AnomalyScorer;
import org.vae4j.anomaly.AnomalyThreshold;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.mnist.Mnist;

/**
 * {@code vae4j score} on a model trained for one epoch on 2,000 MNIST images: the CSV it writes (ids, the scores
 * of {@link AnomalyScorer}, flags above the threshold, labels), the thresholds (own quantile, a scores file's
 * quantile, a value), the AUCs it prints, and its errors.
 */
class ScoreCommandTest {
    @TempDir
    static Path run;
    static Path model;
    static Vae vae;


    static CliRun vae4j(String... args) {
        return CliRun.vae4j(args);
    }

    @BeforeAll
    static void trainOneEpoch() throws IOException {
        CliRun r = vae4j("train", "--epochs", "1", "--train-size", "2000", "--test-size", "200", "--progress", "off",
                "--checkpoint-every", "0", "-o", run.toString());
        assertEquals(0, r.exitCode(), r.err());
        model = run.resolve("model.vae");
        vae = Vae.load(model);
    }

    /** The CSV's rows without the header, split at commas. */
    private static List<String[]> rows(Path csv, String header) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        assertEquals(header, lines.get(0));
        return lines.subList(1, lines.size()).stream().map(l -> l.split(",", -1)).toList();
    }

    private static double[] column(List<String[]> rows, int c) {
        return rows.stream().mapToDouble(r -> Double.parseDouble(r[c])).toArray();
    }

    private static double printed(String out, String name) {
        Matcher m = Pattern.compile(Pattern.quote(name) + " ([0-9.]+)").matcher(out);
        assertTrue(m.find(), name + " in: " + out);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void reconstructionScoresWithTheInputsOwnQuantile() throws Exception {
        Path csv = run.resolve("recon.csv");
        CliRun r = vae4j("score", "-m", model.toString(), "--limit", "300", "--reconstruction", "-o", csv.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<String[]> rows = rows(csv, "id,score,flag,label");
        assertEquals(300, rows.size());
        ImageDataset test = Mnist.test().first(300);
        assertArrayEquals(AnomalyScorer.reconstruction(vae).score(test), column(rows, 1), 0.0);
        for (int i = 0; i < 300; i++) {
            assertEquals(Integer.toString(i), rows.get(i)[0]);
            assertEquals(Integer.toString(test.label(i)), rows.get(i)[3]);
        }
        // the default 0.99-quantile of 300 scores lies between the 297th and 298th smallest: 3 flagged
        assertEquals(3, rows.stream().filter(row -> row[2].equals("1")).count());
        assertTrue(r.out().contains("3 flagged (1.00%)"), r.out());
        try (var files = Files.list(run)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    @Test
    void importanceSampledScoresPrintTheAucsOfTheAnomalyLabels() throws Exception {
        Path csv = run.resolve("is.csv");
        CliRun r = vae4j("score", "-m", model.toString(), "--limit", "200", "-k", "5", "--seed", "3",
                "--anomaly-labels", "1,7", "--threshold", "150", "-o", csv.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<String[]> rows = rows(csv, "id,score,flag,label");
        double[] scores = column(rows, 1);
        assertArrayEquals(AnomalyScorer.importanceSampling(vae, 5, 3).score(Mnist.test().first(200)), scores, 0.0);
        boolean[] anomaly = new boolean[200];
        for (int i = 0; i < 200; i++) {
            anomaly[i] = rows.get(i)[3].equals("1") || rows.get(i)[3].equals("7");
            assertEquals(scores[i] > 150 ? "1" : "0", rows.get(i)[2]);
        }
        AnomalyMetrics metrics = AnomalyMetrics.of(scores, anomaly);
        assertEquals(metrics.rocAuc(), printed(r.out(), "ROC AUC"), 1e-4);
        assertEquals(metrics.averagePrecision(), printed(r.out(), "PR AUC (average precision)"), 1e-4);
        assertTrue(r.out().contains("anomalies (labels [1, 7]): " + metrics.anomalies() + " of 200"), r.out());
    }

    @Test
    void theQuantileOfAScoresFileFlagsNewData() throws Exception {
        Path train = run.resolve("train-scores.csv");
        assertEquals(0, vae4j("score", "-m", model.toString(), "--split", "train", "--limit", "100",
                "--reconstruction", "-o", train.toString()).exitCode());
        double[] trainScores = column(rows(train, "id,score,flag,label"), 1);
        double threshold = AnomalyThreshold.fromQuantile(trainScores, 0.9).value();
        Path test = run.resolve("test-scores.csv");
        CliRun r = vae4j("score", "-m", model.toString(), "--limit", "100", "--reconstruction",
                "--threshold-quantile", "0.9", "--threshold-scores", train.toString(), "-o", test.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("of " + train), r.out());
        for (String[] row : rows(test, "id,score,flag,label")) {
            assertEquals(Double.parseDouble(row[1]) > threshold ? "1" : "0", row[2]);
        }
    }

    /**
     * Two numeric columns, y = 3 x + noise with x ~ N(0, 1) in normal rows; the anomalies (every fifth row, or none)
     * lie 4 to 5 standard deviations out in x, with y = -3 x, off the line.
     */
    private static Path table(Path file, int rows, boolean anomalies, long seed) throws IOException {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        StringBuilder s = new StringBuilder("x,y,kind\n");
        for (int i = 0; i < rows; i++) {
            boolean odd = anomalies && i % 5 == 0;
            double x = odd ? (r.nextBoolean() ? 1 : -1) * (4 + r.nextDouble()) : r.nextGaussian();
            s.append(String.format(java.util.Locale.ROOT, "%.4f,%.4f,%s%n", x,
                    (odd ? -3 : 3) * x + 0.1 * r.nextGaussian(), odd ? "odd" : "normal"));
        }
        Files.writeString(file, s);
        return file;
    }

    @Test
    void aCsvTableIsScoredWithTheModelsPreprocessingAndNamedLabels() throws Exception {
        Path train = table(run.resolve("table-train.csv"), 400, false, 1);
        // the label column's values come from the training table: one anomaly row makes "odd" a known value
        Files.writeString(train, "1.5000,-4.5000,odd\n", java.nio.file.StandardOpenOption.APPEND);
        Path test = table(run.resolve("table-test.csv"), 100, true, 2);
        Path tableRun = run.resolve("table-run");
        CliRun t = vae4j("train", "--csv", train.toString(), "--label-column", "kind", "--epochs", "20", "--hidden",
                "16", "--latent-size", "2", "--batch-size", "20", "--progress", "off", "-o", tableRun.toString());
        assertEquals(0, t.exitCode(), t.err());
        Path csv = run.resolve("table-scores.csv");
        CliRun r = vae4j("score", "-m", tableRun.resolve("model.vae").toString(), "--csv", test.toString(), "-k",
                "20", "--anomaly-labels", "odd", "--threshold-quantile", "0.8", "-o", csv.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<String[]> rows = rows(csv, "id,score,flag,label");
        assertEquals(100, rows.size());
        assertEquals(20, rows.stream().filter(row -> row[3].equals("odd")).count());
        assertTrue(r.out().contains("anomalies (labels [odd]): 20 of 100"), r.out());
        double auc = printed(r.out(), "ROC AUC");
        assertTrue(auc > 0.9, "the anomalies are far from every training row: " + r.out());

        CliRun unknown = vae4j("score", "-m", tableRun.resolve("model.vae").toString(), "--csv", test.toString(),
                "--reconstruction", "--anomaly-labels", "weird", "-o", csv.toString());
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.err().contains("--anomaly-labels: 'weird' is not a value of the label column [normal, odd]"),
                unknown.err());
    }

    @Test
    void errorsNameTheOptionOrTheFileLineAndColumn() throws Exception {
        CliRun both = vae4j("score", "-m", model.toString(), "--threshold", "1", "--threshold-quantile", "0.9");
        assertEquals(2, both.exitCode());
        assertTrue(both.err().contains("mutually exclusive"), both.err());

        CliRun k = vae4j("score", "-m", model.toString(), "-k", "0");
        assertEquals(1, k.exitCode());
        assertTrue(k.err().contains("-k must be >= 1, got 0"), k.err());

        CliRun q = vae4j("score", "-m", model.toString(), "--threshold-quantile", "1.5");
        assertEquals(1, q.exitCode());
        assertTrue(q.err().contains("--threshold-quantile must be in (0, 1], got 1.5"), q.err());

        Path images = Path.of(System.getenv().getOrDefault(Mnist.DIR_ENV, ""), Mnist.TEST_IMAGES + ".gz");
        if (Files.isRegularFile(images)) {
            CliRun unlabelled = vae4j("score", "-m", model.toString(), "--images", images.toString(), "--limit", "10",
                    "--reconstruction", "--anomaly-labels", "1", "-o", run.resolve("none.csv").toString());
            assertEquals(1, unlabelled.exitCode());
            assertTrue(unlabelled.err().contains("--anomaly-labels needs labelled inputs"), unlabelled.err());
        }

        Path bad = run.resolve("bad-scores.csv");
        Files.writeString(bad, "id,score,flag\n0,12.5,0\n1,abc,0\n");
        CliRun cell = vae4j("score", "-m", model.toString(), "--threshold-scores", bad.toString(), "--limit", "5");
        assertEquals(1, cell.exitCode());
        assertTrue(cell.err().contains(bad + ", line 3, column 'score': expected a finite number, got 'abc'"),
                cell.err());

        Path noColumn = run.resolve("no-score.csv");
        Files.writeString(noColumn, "id,value\n0,1\n");
        CliRun header = vae4j("score", "-m", model.toString(), "--threshold-scores", noColumn.toString());
        assertEquals(1, header.exitCode());
        assertTrue(header.err().contains("no 'score' column"), header.err());
        assertTrue(Files.notExists(run.resolve("scores.csv")), "nothing written on error");
    }
}
