package org.vae4j.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.ImageShape;
import org.vae4j.data.InvalidDataException;
import org.vae4j.io.ModelFormatException;
import org.vae4j.train.TrainingDivergedException;

/** GAN training: exact resume, save/load, checkpoints, divergence, data and configuration errors, and learning. */
class GanTrainerTest {
    private static final ImageShape SHAPE = ImageShape.vector(2);
    private static ImageDataset toy;

    /** Points around (0.3, 0.7) with standard deviation 0.05 per coordinate. */
    @BeforeAll
    static void data() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 512;
        float[] v = new float[n * 2];
        for (int i = 0; i < n; i++) {
            v[2 * i] = (float) (0.3 + 0.05 * r.nextGaussian());
            v[2 * i + 1] = (float) (0.7 + 0.05 * r.nextGaussian());
        }
        toy = ImageDataset.of(Nd4j.create(v, new long[] {n, 2}), null, SHAPE);
    }

    private static GanConfig tiny(GanLoss loss, int epochs) {
        return GanConfig.builder(SHAPE, 2).generatorLayers(16).discriminatorLayers(16).heInitialization(false)
                .loss(loss).batchSize(64).epochs(epochs).seed(11).build();
    }

    private static void assertSameModel(Gan expected, Gan actual) {
        Map<String, INDArray> a = expected.parameters();
        Map<String, INDArray> b = actual.parameters();
        assertEquals(a.keySet(), b.keySet());
        a.forEach((name, arr) -> assertArrayEquals(arr.data().asFloat(), b.get(name).data().asFloat(), 0f, name));
        assertEquals(expected.optimizerState().keySet(), actual.optimizerState().keySet());
        expected.optimizerState().forEach((name, arr) -> assertArrayEquals(arr.data().asFloat(),
                actual.optimizerState().get(name).data().asFloat(), 0f, "state " + name));
        List<GanEpochRecord> x = expected.history().epochs();
        List<GanEpochRecord> y = actual.history().epochs();
        assertEquals(x.size(), y.size());
        for (int i = 0; i < x.size(); i++) {
            assertEquals(x.get(i).discriminatorLoss(), y.get(i).discriminatorLoss(), 0.0);
            assertEquals(x.get(i).generatorLoss(), y.get(i).generatorLoss(), 0.0);
            assertEquals(x.get(i).generatorIterations(), y.get(i).generatorIterations());
        }
    }

    @Test
    void aResumedRunEndsBitForBitLikeAnUninterruptedOne(@TempDir Path dir) throws IOException {
        for (GanLoss loss : new GanLoss[] {GanLoss.NON_SATURATING, GanLoss.WGAN_GP}) {
            Gan whole = new GanTrainer(tiny(loss, 4)).fit(toy);
            Path checkpoints = dir.resolve(loss.name());
            Path leftover = checkpoints.resolve(".epoch-0007.gan.5eed.tmp"); // an interrupted write's temporary file
            Files.createDirectories(checkpoints);
            Files.write(leftover, new byte[] {1});
            Gan half = new GanTrainer(tiny(loss, 2)).withListeners(GanCheckpointer.create(checkpoints, 1, 1))
                    .fit(toy);
            assertFalse(Files.exists(leftover), "removed when the checkpointer is created");
            assertTrue(Files.exists(checkpoints.resolve(GanCheckpointer.fileName(2))));
            assertFalse(Files.exists(checkpoints.resolve(GanCheckpointer.fileName(1))), "keepLast 1 prunes epoch 1");
            Gan loaded = GanCheckpointer.load(checkpoints);
            assertSameModel(half, loaded);
            Gan resumed = new GanTrainer(tiny(loss, 4)).resume(loaded, toy);
            assertSameModel(whole, resumed);
            assertEquals(4 * 8, resumed.history().last().discriminatorIterations());
            assertEquals(loss == GanLoss.WGAN_GP ? 4 * 8 / 5 : 4 * 8, resumed.history().last().generatorIterations());
        }
    }

    @Test
    void aResumedRunWithDropoutEndsBitForBitLikeAnUninterruptedOne() {
        // the dropout masks come from each epoch's noise stream, so a resumed run draws the same ones
        GanConfig four = tiny(GanLoss.NON_SATURATING, 4).toBuilder().discriminatorDropout(0.3).build();
        Gan whole = new GanTrainer(four).fit(toy);
        Gan half = new GanTrainer(four.toBuilder().epochs(2).build()).fit(toy);
        assertSameModel(whole, new GanTrainer(four).resume(half, toy));
        Gan plain = new GanTrainer(tiny(GanLoss.NON_SATURATING, 4)).fit(toy);
        assertFalse(java.util.Arrays.equals(plain.parameters().get("discriminator/out/W").data().asFloat(),
                whole.parameters().get("discriminator/out/W").data().asFloat()), "the masks changed training");
    }

    @Test
    void theTimeLimitStopsAfterTheEpochThatExhaustsIt() {
        assertEquals(1, new GanTrainer(tiny(GanLoss.NON_SATURATING, 3)).withTimeLimit(Duration.ofNanos(1)).fit(toy)
                .history().epochs().size());
        assertThrows(IllegalArgumentException.class,
                () -> new GanTrainer(tiny(GanLoss.NON_SATURATING, 3)).withTimeLimit(Duration.ZERO));
    }

    @Test
    void aFolderWithoutACheckpointThatLoadsNamesTheSkippedOnes(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(GanCheckpointer.fileName(3)), "not a model file");
        java.nio.file.NoSuchFileException e = assertThrows(java.nio.file.NoSuchFileException.class,
                () -> GanCheckpointer.load(dir));
        assertTrue(e.getMessage().contains("no checkpoint epoch-NNNN.gan that loads (skipped: ")
                && e.getMessage().contains(GanCheckpointer.fileName(3)), e.getMessage());
    }

    @Test
    void aSavedModelLoadsAndGeneratesTheSameImages(@TempDir Path dir) throws IOException {
        Gan gan = new GanTrainer(tiny(GanLoss.NON_SATURATING, 1)).fit(toy);
        Path file = dir.resolve("toy.gan");
        gan.save(file);
        Gan loaded = Gan.load(file);
        assertEquals(gan.config(), loaded.config());
        INDArray images = gan.generate(20, 5);
        assertEquals(List.of(20L, 2L), List.of(images.shape()[0], images.shape()[1]));
        assertArrayEquals(images.data().asFloat(), loaded.generate(20, 5).data().asFloat(), 0f);
        assertArrayEquals(gan.generate(gan.fixedNoise(8)).data().asFloat(),
                loaded.generate(loaded.fixedNoise(8)).data().asFloat(), 0f);
        assertNotEquals(images.getDouble(0, 0), gan.generate(20, 6).getDouble(0, 0));
        assertTrue(images.minNumber().doubleValue() >= 0 && images.maxNumber().doubleValue() <= 1);
        INDArray d = loaded.discriminate(toy.rows(0, 10));
        assertArrayEquals(new long[] {10}, d.shape());
        assertTrue(d.minNumber().doubleValue() > 0 && d.maxNumber().doubleValue() < 1);

        ModelFormatException notAVae = assertThrows(ModelFormatException.class, () -> org.vae4j.Vae.load(file));
        assertTrue(notAVae.getMessage().contains("toy.gan"), notAVae.getMessage());

        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5A;
        Path corrupt = dir.resolve("corrupt.gan");
        Files.write(corrupt, bytes);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Gan.load(corrupt));
        assertTrue(e.getMessage().contains("corrupt.gan"), e.getMessage());
    }

    @Test
    void aNonFiniteLossStopsTrainingNamingTheEpochAndIteration() {
        Gan one = new GanTrainer(tiny(GanLoss.NON_SATURATING, 1)).fit(toy);
        one.runner().graph().getArrForVarName("discriminator/out/b").assign(Double.NaN);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> new GanTrainer(tiny(GanLoss.NON_SATURATING, 2)).resume(one, toy));
        assertEquals(2, e.epoch());
        assertEquals(9, e.iteration());
        assertEquals("the discriminator loss", e.quantity());
        assertTrue(e.getMessage().contains("epoch 2, iteration 9"), e.getMessage());
    }

    @Test
    void badDataAndConfigurationsAreRefusedNamingTheField() {
        float[] v = toy.rows(0, 4).dup().data().asFloat();
        v[5] = 1.5f;
        ImageDataset bad = ImageDataset.of(Nd4j.create(v, new long[] {4, 2}), null, SHAPE);
        InvalidDataException data = assertThrows(InvalidDataException.class,
                () -> new GanTrainer(tiny(GanLoss.NON_SATURATING, 1)).fit(bad));
        assertTrue(data.getMessage().contains("example 2"), data.getMessage());

        assertField("GanConfig.batchSize", () -> tiny(GanLoss.MINIMAX, 1).toBuilder().batchSize(0).build());
        assertField("GanConfig.latentSize", () -> GanConfig.builder(SHAPE, 0).build());
        assertField("GanConfig.leakySlope", () -> tiny(GanLoss.MINIMAX, 1).toBuilder().leakySlope(1).build());
        assertField("GanConfig.generatorLayers[1]", () -> tiny(GanLoss.MINIMAX, 1).toBuilder()
                .generatorLayers(4, 0).build());
        assertField("GanConfig.discriminatorLayers", () -> GanConfig.dcganMnist().toBuilder().loss(GanLoss.WGAN_GP)
                .discriminatorLayers(64, 128, 256).build());
        assertField("GanConfig.generatorLayers", () -> GanConfig.dcganMnist().toBuilder()
                .generatorLayers(128, 64, 32).build());
        String json = tiny(GanLoss.WGAN_GP, 3).toJson().replace("\"criticSteps\" : 5", "\"criticSteps\" : 0");
        assertField("GanConfig.criticSteps", () -> GanConfig.fromJson(json));
        assertField("GanConfig.loss", () -> GanConfig.fromJson(json.replace("\"WGAN_GP\"", "\"WASSERSTEIN\"")));
        assertField("GanConfig.normalization", () -> GanConfig.fromJson(json.replace("\"normalization\" : false,",
                "")));
        assertEquals(tiny(GanLoss.WGAN_GP, 3), GanConfig.fromJson(tiny(GanLoss.WGAN_GP, 3).toJson()));
        assertEquals(GanConfig.dcganMnist(), GanConfig.fromJson(GanConfig.dcganMnist().toJson()));
        assertThrows(IllegalArgumentException.class, () -> new GanTrainer(tiny(GanLoss.MINIMAX, 2))
                .resume(new GanTrainer(tiny(GanLoss.NON_SATURATING, 1)).fit(toy), toy), "GanConfig.loss");
    }

    private static void assertField(String field, org.junit.jupiter.api.function.Executable body) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, body);
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }

    /**
     * The learning check: before training the generator's samples sit near (0.5, 0.5); after a short training their
     * mean is within 0.05 of the data's (0.3, 0.7) and their spread between a fifth and three times the data's.
     */
    @Test
    void theGeneratorLearnsTheToyDistribution() {
        GanConfig config = tiny(GanLoss.NON_SATURATING, 30).toBuilder()
                .generatorUpdater(org.nd4j.linalg.learning.config.Adam.builder().learningRate(2e-3).beta1(0.5).build())
                .discriminatorUpdater(org.nd4j.linalg.learning.config.Adam.builder().learningRate(2e-3).beta1(0.5)
                        .build()).build();
        INDArray before = GanFiles.create(config).generate(2000, 1);
        assertTrue(Math.abs(before.getColumn(0).meanNumber().doubleValue() - 0.3) > 0.1);
        Gan gan = new GanTrainer(config).fit(toy);
        INDArray after = gan.generate(2000, 1);
        double m0 = after.getColumn(0).meanNumber().doubleValue();
        double m1 = after.getColumn(1).meanNumber().doubleValue();
        double s0 = after.getColumn(0).stdNumber().doubleValue();
        double s1 = after.getColumn(1).stdNumber().doubleValue();
        String got = "mean (" + m0 + ", " + m1 + "), std (" + s0 + ", " + s1 + "), last " + gan.history().last();
        assertEquals(0.3, m0, 0.05, got);
        assertEquals(0.7, m1, 0.05, got);
        assertTrue(s0 > 0.01 && s0 < 0.15 && s1 > 0.01 && s1 < 0.15, got);
        GanEpochRecord last = gan.history().last();
        assertTrue(last.fakeAccuracy() < 0.9 && last.realAccuracy() < 0.95, got);
    }

    @Test
    void aDiscriminatorThatWinsIsReportedAndCanStopTraining() {
        // a generator that cannot learn (learning rate 0) against a fast discriminator: D catches every fake
        GanConfig config = tiny(GanLoss.NON_SATURATING, 20).toBuilder().generatorUpdater(new Sgd(0.0))
                .discriminatorUpdater(new org.nd4j.linalg.learning.config.Adam(0.05)).build();
        List<GanIterationRecord> iterations = new java.util.ArrayList<>();
        Gan gan = new GanTrainer(config).withListeners(GanListener.stopWhenDiscriminatorWins(), new GanListener() {
            @Override
            public void iterationDone(GanIterationRecord record) {
                iterations.add(record);
            }
        }).fit(toy);
        assertEquals(gan.history().last().discriminatorIterations(), iterations.size());
        assertEquals(iterations.size(), iterations.get(iterations.size() - 1).generatorIterations());
        GanEpochRecord last = gan.history().last();
        assertTrue(last.discriminatorWon(), last.toString());
        assertEquals(1.0, last.fakeAccuracy(), 0.0);
        assertTrue(gan.history().epochs().size() < 20, "stopped after epoch " + last.epoch());
        assertFalse(gan.history().epochs().get(0).discriminatorWon(), "epoch 1 starts from chance");
        // each network's optimizer moves only its own parameters: the generator (learning rate 0) is unchanged
        Map<String, INDArray> initial = GanFiles.create(config).parameters();
        Map<String, INDArray> trained = gan.parameters();
        for (String name : initial.keySet()) {
            boolean same = java.util.Arrays.equals(initial.get(name).data().asFloat(), trained.get(name).data().asFloat());
            assertEquals(GanGraph.isGenerator(name), same, name);
        }
    }
}
