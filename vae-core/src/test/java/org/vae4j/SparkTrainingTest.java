package org.vae4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vae4j.TestModels.assertSameHistory;
import static org.vae4j.TestModels.assertSameState;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.data.Dataset;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.InvalidDataException;
import org.vae4j.io.ModelWriteException;
import org.vae4j.objective.ElboObjective;
import org.vae4j.objective.IwaeObjective;
import org.vae4j.spark.SparkScoring;
import org.vae4j.spark.SparkVaeTrainer;
import org.vae4j.anomaly.AnomalyScorer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Spark training (local mode, 2 threads) against single-machine training: one partition equals
 * {@link VaeTrainer#fit} bit for bit; 2 and 4 partitions equal it after 20 updates up to float summation order; bad
 * partitions and an unwritable output folder fail before training with errors that say where.
 */
class SparkTrainingTest {
    private static JavaSparkContext sc;
    private static ImageDataset train;
    private static TrainingResult local;

    @BeforeAll
    static void start() {
        sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("SparkTrainingTest")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"));
        train = TestModels.stripes(300, 42);
        local = new VaeTrainer(TestModels.tiny(2)).fit(train); // 10 updates per epoch: 20
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.stop();
        }
    }

    static List<float[]> rows(Dataset data) {
        List<float[]> rows = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            rows.add(data.rows(i, i + 1).toFloatVector());
        }
        return rows;
    }

    @Test
    void onePartitionEqualsSingleMachineTrainingBitForBit() {
        TrainingResult spark = new SparkVaeTrainer(sc, TestModels.tiny(2)).fit(sc.parallelize(rows(train), 1), null);
        assertEquals(20, spark.history().last().iterations());
        assertSameState(local.model(), spark.model());
        assertSameHistory(local.history(), spark.history());
    }

    /**
     * The shares of a batch's gradient are added in another order than the single batch's sums, so the gradients
     * differ by float rounding (relative ~6e-8 per addition), which Adam's m / sqrt(v) passes on to the steps, each at
     * most lr = 1e-3: after 20 updates the parameters (magnitude below 1) may differ by some units in the last place of
     * a float (6e-8 at 1), far below one update. Tolerance 1e-6 (about 16 ulps at 1, a thousandth of a step; measured
     * 3e-8), against parameters that moved by ~2e-2.
     */
    @Test
    void twoAndFourPartitionsEqualSingleMachineTrainingUpToSummationOrder() {
        Map<String, INDArray> expected = local.model().parameters();
        Map<String, INDArray> initial = new VaeTrainer(TestModels.tiny(0)).fit(train).model().parameters();
        for (int partitions : new int[] {2, 4}) {
            Vae spark = new SparkVaeTrainer(sc, TestModels.tiny(2)).fit(sc.parallelize(rows(train), partitions), null)
                    .model();
            double worst = 0;
            double moved = 0;
            for (Map.Entry<String, INDArray> e : expected.entrySet()) {
                INDArray actual = spark.parameters().get(e.getKey());
                worst = Math.max(worst, actual.sub(e.getValue()).amaxNumber().doubleValue());
                moved = Math.max(moved, e.getValue().sub(initial.get(e.getKey())).amaxNumber().doubleValue());
            }
            System.out.printf("%d partitions: max |parameter difference| %.3g, max movement %.3g%n", partitions,
                    worst, moved);
            assertTrue(worst < 1e-6, partitions + " partitions: parameters differ by " + worst);
            assertTrue(moved > 1e-2, "training moved the parameters by " + moved);
            assertEquals(local.history().last().train().elbo(), spark.history().last().train().elbo(), 1e-4);
        }
    }

    /**
     * Checkpoints written on the driver by the ordinary {@link Checkpointer}; a run resumed on the cluster from the
     * epoch-1 checkpoint ends bit for bit like the uninterrupted 2-partition run (the shares are added in partition
     * order, so a multi-partition run is reproducible), and the saved model loads with {@link Vae#load}.
     */
    @Test
    void checkpointsResumeExactlyAndTheModelFileLoads(@TempDir Path dir) throws IOException {
        Path folder = dir.resolve("checkpoints");
        JavaRDD<float[]> rdd = sc.parallelize(rows(train), 2);
        Path file = dir.resolve("model.vae");
        TrainingResult whole = new SparkVaeTrainer(sc, TestModels.tiny(2))
                .withListeners(Checkpointer.create(CheckpointPolicy.everyEpoch(folder)))
                .fitAndSave(rdd, null, file);
        assertSameState(whole.model(), Vae.load(file));
        Vae first = Vae.load(folder.resolve(Checkpointer.fileName(1)));
        assertEquals(1, first.history().epochs().size());
        TrainingResult resumed = new SparkVaeTrainer(sc, TestModels.tiny(2)).resume(first, rdd, null);
        assertSameState(whole.model(), resumed.model());
        assertSameHistory(whole.history(), resumed.history());
    }

    /**
     * Distributed scores equal single-machine ones: the reconstruction score and the embedding (no noise) up to float
     * rounding of the batch size; the importance-sampled log-likelihood (k = 20) is at least the ELBO on average
     * (Burda et al. 2016, theorem 1) and near it.
     */
    @Test
    void scoresWrittenByThePartitionsEqualSingleMachineScores(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("model.vae");
        local.model().save(file);
        Vae model = Vae.load(file);
        Path out = dir.resolve("scores");
        long n = SparkScoring.score(sc, file, sc.parallelize(rows(train), 3), out.toString(), 20, 7);
        assertEquals(300, n);
        List<CSVRecord> records = new ArrayList<>();
        try (var parts = Files.list(out)) {
            List<Path> files = parts.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
            assertEquals(3, files.size());
            for (Path part : files) {
                try (CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
                        .parse(Files.newBufferedReader(part))) {
                    assertEquals(List.of("index", "elbo", "log_likelihood", "anomaly_score", "reconstruction_score",
                            "z_1", "z_2"), parser.getHeaderNames());
                    records.addAll(parser.getRecords());
                }
            }
        }
        assertEquals(300, records.size());
        double[] reconstruction = AnomalyScorer.reconstruction(model).score(train);
        INDArray mean = model.encode(train.features()).mean();
        double elbo = 0;
        double logLikelihood = 0;
        for (int i = 0; i < 300; i++) {
            CSVRecord r = records.get(i);
            assertEquals(i, Integer.parseInt(r.get("index")));
            assertEquals(reconstruction[i], Double.parseDouble(r.get("reconstruction_score")), 1e-4);
            assertEquals(mean.getDouble(i, 0), Double.parseDouble(r.get("z_1")), 1e-5);
            assertEquals(mean.getDouble(i, 1), Double.parseDouble(r.get("z_2")), 1e-5);
            assertEquals(-Double.parseDouble(r.get("log_likelihood")), Double.parseDouble(r.get("anomaly_score")));
            elbo += Double.parseDouble(r.get("elbo")) / 300;
            logLikelihood += Double.parseDouble(r.get("log_likelihood")) / 300;
        }
        assertTrue(logLikelihood >= elbo && logLikelihood < elbo + 1, "log p(x) " + logLikelihood + ", ELBO " + elbo);
        assertEquals(model.evaluate(train, 0, 1).elbo().elbo(), elbo, 0.1);
        ModelWriteException e = assertThrows(ModelWriteException.class,
                () -> SparkScoring.score(sc, file, sc.parallelize(rows(train), 2), out.toString(), 0, 7));
        assertTrue(e.getMessage().contains("exists already"), e.getMessage());
    }

    /**
     * IWAE draws 3 noise rows per example, sample-major ({@code [3 * b, latent]}): each partition must take the rows
     * of its own examples. One partition bit for bit, 3 partitions within the tolerance above.
     */
    @Test
    void iwaeWithSeveralSamplesPerExampleMatchesToo() {
        VaeConfig iwae = TestModels.tiny(1).toBuilder().objective(new IwaeObjective(3)).build();
        Vae expected = new VaeTrainer(iwae).fit(train).model();
        assertSameState(expected, new SparkVaeTrainer(sc, iwae).fit(sc.parallelize(rows(train), 1), null).model());
        Vae three = new SparkVaeTrainer(sc, iwae).fit(sc.parallelize(rows(train), 3), null).model();
        double worst = 0;
        for (Map.Entry<String, INDArray> e : expected.parameters().entrySet()) {
            worst = Math.max(worst, three.parameters().get(e.getKey()).sub(e.getValue()).amaxNumber().doubleValue());
        }
        assertTrue(worst < 1e-6, "3 partitions: parameters differ by " + worst);
    }

    /** Free bits clamp a batch mean: partition gradients would not add up to the batch's, so 2 partitions are refused. */
    @Test
    void anObjectiveThatIsNotAMeanOverExamplesIsRefusedWithSeveralPartitions() {
        VaeConfig freeBits = TestModels.tiny(1).toBuilder().objective(ElboObjective.withFreeBits(0.5)).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SparkVaeTrainer(sc, freeBits).fit(sc.parallelize(rows(train), 2), null));
        assertTrue(e.getMessage().startsWith("VaeConfig.objective: the loss of ElboObjective"), e.getMessage());
        TrainingResult one = new SparkVaeTrainer(sc, freeBits).fit(sc.parallelize(rows(train), 1), null);
        assertSameState(new VaeTrainer(freeBits).fit(train).model(), one.model());
    }

    @Test
    void anEmptyPartitionIsRefusedNamingIt() {
        JavaRDD<float[]> rdd = sc.parallelize(rows(train.first(3)), 4); // one partition holds no row
        InvalidDataException e = assertThrows(InvalidDataException.class,
                () -> new SparkVaeTrainer(sc, TestModels.tiny(1)).fit(rdd, null));
        assertTrue(e.getMessage().contains("training partition 0 is empty"), e.getMessage());
        e = assertThrows(InvalidDataException.class,
                () -> new SparkVaeTrainer(sc, TestModels.tiny(1)).fit(sc.emptyRDD(), null));
        assertTrue(e.getMessage().contains("the training RDD has no rows"), e.getMessage());
    }

    @Test
    void aPartitionOfAnotherWidthIsRefusedNamingPartitionAndRow() {
        List<float[]> rows = rows(train.first(20));
        rows.set(13, new float[15]);
        InvalidDataException e = assertThrows(InvalidDataException.class,
                () -> new SparkVaeTrainer(sc, TestModels.tiny(1)).fit(sc.parallelize(rows, 2), null));
        assertTrue(e.getMessage().contains("training partition 1, row 3 of the partition, has 15 features but the"
                + " partition's first row has 16"), e.getMessage());
        List<float[]> narrow = rows(train.first(20));
        for (int i = 10; i < 20; i++) {
            narrow.set(i, new float[15]);
        }
        e = assertThrows(InvalidDataException.class,
                () -> new SparkVaeTrainer(sc, TestModels.tiny(1)).fit(sc.parallelize(narrow, 2), null));
        assertTrue(e.getMessage().contains("training partition 1 has 15 features per example"), e.getMessage());
    }

    @Test
    void anUnwritableOutputFolderFailsBeforeTrainingWithoutAModelFile(@TempDir Path dir) throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("file"), "x");
        Path model = notAFolder.resolve("model.vae");
        ModelWriteException e = assertThrows(ModelWriteException.class,
                () -> new SparkVaeTrainer(sc, TestModels.tiny(1)).fitAndSave(sc.parallelize(rows(train), 2), null,
                        model));
        assertTrue(e.getMessage().contains(model.toString()), e.getMessage());
        assertFalse(Files.exists(model));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(notAFolder), files.toList());
        }
    }
}
