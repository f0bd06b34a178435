package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.Vae;
import org.vae4j.anomaly.AnomalyMetrics;
import org.vae4j.anomaly.AnomalyScorer;
import org.vae4j.anomaly.PcaBaseline;
import org.vae4j.data.table.CsvTable;
import org.vae4j.data.table.TableDataset;
import org.vae4j.data.table.TablePreprocessing;

/**
 * {@code vae4j score --csv} on a model trained for a few epochs on a small table of normal rows (four columns
 * driven by one hidden factor): the scores it writes equal {@link AnomalyScorer}'s and {@link PcaBaseline}'s on
 * the table read with the model's preprocessing, the printed AUCs equal {@link AnomalyMetrics}' on the written
 * scores, {@code --anomaly-labels} names a label the training table never had, and bad options are named.
 */
class ScoreTableCommandTest {
    @TempDir
    static Path dir;
    static Path model;
    static Path train;
    static Path test;
    static Vae vae;

    /** Normal rows: x_j = a_j t + 0.1 noise; odd rows: the four columns independent, N(0, a_j^2 + 0.01). */
    private static Path table(Path file, int normal, int odd, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = {1.0, -2.0, 0.5, 3.0};
        StringBuilder s = new StringBuilder("kind,x1,x2,x3,x4\n");
        for (int i = 0; i < normal + odd; i++) {
            boolean anomaly = odd > 0 && i % ((normal + odd) / odd) == 0; // every 5th row for 160 + 40
            double t = r.nextGaussian();
            s.append(anomaly ? "odd" : "normal");
            for (double aj : a) {
                double x = anomaly ? Math.sqrt(aj * aj + 0.01) * r.nextGaussian() : aj * t + 0.1 * r.nextGaussian();
                s.append(String.format(Locale.ROOT, ",%.4f", x));
            }
            s.append('\n');
        }
        return Files.writeString(file, s);
    }

    @BeforeAll
    static void trainOnNormalRows() throws IOException {
        train = table(dir.resolve("train.csv"), 400, 0, 1);
        test = table(dir.resolve("test.csv"), 160, 40, 2);
        CliRun r = CliRun.vae4j("train", "--csv", train.toString(), "--label-column",
                "kind", "--epochs", "5", "--hidden", "16", "--latent-size", "2", "--batch-size", "32",
                "--checkpoint-every", "0", "--progress", "off", "-o", dir.resolve("run").toString());
        assertEquals(0, r.exitCode(), r.err());
        model = dir.resolve("run/model.vae");
        vae = Vae.load(model);
    }

    private static List<String[]> rows(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        assertEquals("id,score,flag,label", lines.get(0));
        return lines.subList(1, lines.size()).stream().map(l -> l.split(",", -1)).toList();
    }

    private static double printed(String out, String name) {
        Matcher m = Pattern.compile(Pattern.quote(name) + " ([0-9.]+)").matcher(out);
        assertTrue(m.find(), name + " in: " + out);
        return Double.parseDouble(m.group(1));
    }

    /** Checks the written labels and the printed AUCs against the written scores; returns the ROC AUC. */
    private static double checkAucs(Path csv, CliRun r, double[] expectedScores) throws IOException {
        List<String[]> rows = rows(csv);
        double[] scores = rows.stream().mapToDouble(row -> Double.parseDouble(row[1])).toArray();
        assertArrayEquals(expectedScores, scores, 0.0);
        boolean[] anomaly = new boolean[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(Integer.toString(i), rows.get(i)[0]);
            assertTrue(List.of("normal", "odd").contains(rows.get(i)[3]), rows.get(i)[3]);
            anomaly[i] = rows.get(i)[3].equals("odd");
        }
        AnomalyMetrics metrics = AnomalyMetrics.of(scores, anomaly);
        assertEquals(40, metrics.anomalies());
        assertEquals(metrics.rocAuc(), printed(r.out(), "ROC AUC"), 1e-4);
        assertEquals(metrics.averagePrecision(), printed(r.out(), "PR AUC (average precision)"), 1e-4);
        assertTrue(r.out().contains("anomalies (labels [odd]): 40 of 200"), r.out());
        return metrics.rocAuc();
    }

    @Test
    void importanceSampledScoresOfATablePrintTheAucsOfItsWrittenScores() throws IOException {
        Path csv = dir.resolve("is.csv");
        CliRun r = CliRun.vae4j("score", "-m", model.toString(), "--csv", test.toString(),
                "-k", "5", "--seed", "3", "--anomaly-labels", "odd", "--progress", "off", "-o", csv.toString());
        assertEquals(0, r.exitCode(), r.err());
        TablePreprocessing preprocessing = vae.preprocessing().orElseThrow();
        assertEquals(List.of("normal"), preprocessing.labelValues(), "the training table held normal rows only");
        TableDataset rows = CsvTable.read(test, preprocessing);
        checkAucs(csv, r, AnomalyScorer.importanceSampling(vae, 5, 3).score(rows));
    }

    @Test
    void thePcaBaselineIsFittedOnTheTrainingTableWithTheModelsPreprocessing() throws IOException {
        Path csv = dir.resolve("pca.csv");
        CliRun r = CliRun.vae4j("score", "-m", model.toString(), "--csv", test.toString(),
                "--pca", "1", "--fit-csv", train.toString(), "--anomaly-labels", "odd", "-o", csv.toString());
        assertEquals(0, r.exitCode(), r.err());
        TablePreprocessing preprocessing = vae.preprocessing().orElseThrow();
        PcaBaseline pca = PcaBaseline.fit(CsvTable.read(train, preprocessing), 1);
        // one factor drives the four standardized columns (noise 0.1 of a_j): the first component holds nearly all
        assertTrue(pca.explainedVariance() > 0.98, "explained " + pca.explainedVariance());
        double auc = checkAucs(csv, r, pca.score(CsvTable.read(test, preprocessing)));
        // an odd row leaves the line of the normal rows: its residual is large
        assertTrue(auc > 0.95, "PCA ROC AUC " + auc);
        assertTrue(r.out().contains("PCA reconstruction error, 1 components"), r.out());
    }

    @Test
    void badOptionsAreNamed() throws IOException {
        String m = model.toString();
        String[][] cases = {
            {"--anomaly-labels: 'malignant' is not a value of the label column [normal, odd]",
                "--csv", test.toString(), "--reconstruction", "--anomaly-labels", "malignant"},
            {"--pca needs --fit-csv FILE", "--csv", test.toString(), "--pca", "2"},
            {"--fit-csv goes with --pca", "--csv", test.toString(), "--fit-csv", train.toString()},
            {"--pca 9: the model's preprocessing makes 4 features, so at most 4 components", "--csv",
                test.toString(), "--pca", "9", "--fit-csv", train.toString()},
            {"--fit-csv " + dir.resolve("none.csv") + ": no such file", "--csv", test.toString(), "--pca", "2",
                "--fit-csv", dir.resolve("none.csv").toString()},
            {"--pca and --reconstruction are two different scores", "--csv", test.toString(), "--pca", "2",
                "--fit-csv", train.toString(), "--reconstruction"},
            {"--pca goes with --csv", "--pca", "2", "--fit-csv", train.toString()},
            {"--pca and -k are two different scores", "--csv", test.toString(), "--pca", "2", "--fit-csv",
                train.toString(), "-k", "10"},
        };
        for (String[] c : cases) {
            String[] args = new String[c.length + 3];
            args[0] = "score";
            args[1] = "-m";
            args[2] = m;
            System.arraycopy(c, 1, args, 3, c.length - 1);
            args[args.length - 1] = "-o" + dir.resolve("bad.csv");
            CliRun r = CliRun.vae4j(args);
            assertEquals(1, r.exitCode(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().contains(c[0]), r.err());
        }
        assertTrue(Files.notExists(dir.resolve("bad.csv")), "nothing written on error");
    }
}
