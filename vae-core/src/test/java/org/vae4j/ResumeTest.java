package org.vae4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vae4j.TestModels.assertSameHistory;
import static org.vae4j.TestModels.assertSameState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.InvalidDataException;
import org.vae4j.io.ModelWriteException;
import org.vae4j.likelihood.Likelihood;
import org.vae4j.nn.GraphContext;
import org.vae4j.train.RandomStreams;
import org.vae4j.train.TrainingDivergedException;

/**
 * Continuing training: a run resumed after epoch k (from memory, from a saved file, from a checkpoint folder) ends
 * bit for bit where an uninterrupted run ends; checkpoints; failures that stop a run leave its checkpoints intact.
 */
class ResumeTest {
    private static final int EPOCHS = 4;
    private static ImageDataset train;
    private static ImageDataset validation;
    private static TrainingResult uninterrupted;

    @BeforeAll
    static void trainUninterrupted() {
        train = TestModels.stripes(300, 42);
        validation = TestModels.stripes(60, 43);
        uninterrupted = new VaeTrainer(TestModels.tiny(EPOCHS)).fit(train, validation);
    }

    @Test
    void aRunResumedFromASavedFileEndsBitForBitLikeAnUninterruptedOne(@TempDir Path dir) throws IOException {
        Vae half = new VaeTrainer(TestModels.tiny(2)).fit(train, validation).model();
        Path file = dir.resolve("half.vae");
        half.save(file);
        Vae loaded = Vae.load(file);
        assertEquals(2, loaded.history().epochs().size());
        TrainingResult resumed = new VaeTrainer(TestModels.tiny(EPOCHS)).resume(loaded, train, validation);
        assertSameState(uninterrupted.model(), resumed.model());
        assertSameHistory(uninterrupted.history(), resumed.history());
        assertEquals(EPOCHS * 10, resumed.history().last().iterations());
        // the model resumed from is not changed
        assertSameState(Vae.load(file), loaded);
    }

    @Test
    void aRunResumedFromMemoryEndsBitForBitLikeAnUninterruptedOne() {
        for (int k = 0; k < EPOCHS; k++) {
            Vae first = new VaeTrainer(TestModels.tiny(k)).fit(train, validation).model();
            TrainingResult resumed = new VaeTrainer(TestModels.tiny(EPOCHS)).resume(first, train, validation);
            assertSameState(uninterrupted.model(), resumed.model());
            assertSameHistory(uninterrupted.history(), resumed.history());
        }
        // nothing left to do: a copy of the same model
        TrainingResult again = new VaeTrainer(TestModels.tiny(EPOCHS)).resume(uninterrupted.model(), train, null);
        assertSameState(uninterrupted.model(), again.model());
    }

    /** Resuming with fewer epochs than trained would save a model whose config and history disagree. */
    @Test
    void resumingWithFewerEpochsThanTrainedIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new VaeTrainer(TestModels.tiny(EPOCHS - 2)).resume(uninterrupted.model(), train, validation));
        assertEquals("Cannot resume: VaeConfig.epochs (2) is fewer than the 4 epochs the model has trained; it may"
                + " stay or grow", e.getMessage());
    }

    @Test
    void aRunResumedFromACheckpointFolderEndsLikeAnUninterruptedOne(@TempDir Path dir) throws IOException {
        Path folder = dir.resolve("checkpoints");
        Checkpointer checkpoints = Checkpointer.create(new CheckpointPolicy(folder, 1, 2, true));
        TrainingResult run = new VaeTrainer(TestModels.tiny(EPOCHS)).withListeners(checkpoints).fit(train, validation);
        assertSameState(uninterrupted.model(), run.model());
        assertEquals(List.of("best.vae", "epoch-0003.vae", "epoch-0004.vae"), names(folder));
        // the best checkpoint is the epoch of the highest validation ELBO
        Vae best = Vae.load(folder.resolve(Checkpointer.BEST));
        EpochRecord bestEpoch = run.history().epochs().stream()
                .max(Comparator.comparingDouble(r -> r.validation().elbo())).orElseThrow();
        assertEquals(bestEpoch, best.history().last());

        // a kill during epoch 4: only checkpoints up to epoch 3 exist, and a temporary file was left behind
        Files.delete(folder.resolve("epoch-0004.vae"));
        Files.writeString(folder.resolve(".epoch-0004.vae.123.tmp"), "partial");
        Vae latest = Checkpointer.load(folder);
        assertEquals(3, latest.history().epochs().size());
        TrainingResult resumed = new VaeTrainer(TestModels.tiny(EPOCHS))
                .withListeners(Checkpointer.create(new CheckpointPolicy(folder, 1, 2, true)))
                .resume(latest, train, validation);
        assertSameState(uninterrupted.model(), resumed.model());
        assertEquals(List.of("best.vae", "epoch-0003.vae", "epoch-0004.vae"), names(folder), "leftover removed");
        assertSameState(uninterrupted.model(), Checkpointer.load(folder));
    }

    @Test
    void trainingLongerThanPlannedContinuesAndOnlyEpochsMayChange() {
        TrainingResult longer = new VaeTrainer(TestModels.tiny(EPOCHS + 1)).resume(uninterrupted.model(), train,
                validation);
        assertEquals(EPOCHS + 1, longer.history().epochs().size());
        assertTrue(longer.history().last().train().elbo() > uninterrupted.history().epochs().get(0).train().elbo());
        assertNotEquals(uninterrupted.model().generate(5, 1), longer.model().generate(5, 1));
        var e = assertThrows(IllegalArgumentException.class, () -> new VaeTrainer(TestModels.tiny(EPOCHS).toBuilder()
                .batchSize(16).build()).resume(uninterrupted.model(), train, null));
        assertTrue(e.getMessage().contains("VaeConfig.batchSize") && e.getMessage().contains("16"), e.getMessage());
    }

    @Test
    void aDivergenceMidRunStopsAtItsIterationAndLeavesTheCheckpointsIntact(@TempDir Path dir) throws IOException {
        Path folder = dir.resolve("checkpoints");
        TrainingListener poison = new TrainingListener() {
            @Override
            public void epochDone(EpochRecord record, Vae model) {
                if (record.epoch() == 2) { // as if the parameters had overflowed in the last update of epoch 2
                    model.graph().getArrForVarName("decoder/output/b").putScalar(0, Float.NaN);
                }
            }
        };
        VaeTrainer trainer = new VaeTrainer(TestModels.tiny(EPOCHS))
                .withListeners(Checkpointer.create(new CheckpointPolicy(folder, 1, 5, true)), poison);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> trainer.fit(train, validation));
        assertEquals(3, e.epoch());
        assertEquals(21, e.iteration()); // 10 batches per epoch: the first of epoch 3
        assertEquals("the loss", e.quantity());
        assertTrue(e.getMessage().startsWith("Training diverged at epoch 3, iteration 21: the loss is NaN."),
                e.getMessage());
        assertEquals(List.of("best.vae", "epoch-0001.vae", "epoch-0002.vae"), names(folder));
        Vae last = Checkpointer.load(folder);
        assertEquals(2, last.history().epochs().size());
        TrainingResult resumed = new VaeTrainer(TestModels.tiny(EPOCHS)).resume(last, train, validation);
        assertSameState(uninterrupted.model(), resumed.model());
    }

    @Test
    void aLearningRateThatDivergesIsCaughtNamingEpochIterationAndCause() {
        VaeConfig wild = TestModels.tiny(3).toBuilder().updater(new Sgd(1e4)).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> new VaeTrainer(wild).fit(train));
        assertTrue(e.iteration() > 1 && e.iteration() <= 30, e.getMessage());
        assertTrue(e.getMessage().contains("epoch " + e.epoch() + ", iteration " + e.iteration())
                && e.getMessage().contains("learning rate") && e.getMessage().contains("10000.0"), e.getMessage());
        assertTrue(Double.isNaN(e.value()) || Double.isInfinite(e.value()));
    }

    @Test
    void aBoundThatRunsAwayWhileFiniteStopsTrainingAtTheEndOfAnEpoch() {
        // A schedule valid at the first step (so VaeConfig accepts it) that turns negative: gradient ascent on the
        // loss. The ELBO falls steadily but stays finite, so only the epoch rule can stop the run.
        var ascent = new org.nd4j.linalg.schedule.MapSchedule(org.nd4j.linalg.schedule.ScheduleType.ITERATION,
                Map.of(0, 1e-3, 1, -1e-2));
        VaeConfig climbing = TestModels.tiny(10).toBuilder().updater(new org.nd4j.linalg.learning.config.Adam(ascent))
                .build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> new VaeTrainer(climbing).fit(train));
        assertEquals("the epoch's mean training ELBO", e.quantity(), e.getMessage());
        assertTrue(e.epoch() >= 2 && e.epoch() <= 10 && Double.isFinite(e.value()), e.getMessage());
        assertEquals(10L * e.epoch(), e.iteration(), e.getMessage()); // the epoch's last iteration
        assertTrue(e.getMessage().contains("ran away") && e.getMessage().contains("Adam learning rate -0.01"),
                e.getMessage());
    }

    /** A likelihood whose log-probability is finite but whose gradient is NaN: sqrt(l - l) at 0. */
    public record BrokenLikelihood() implements Likelihood {
        @Override
        public Distribution define(GraphContext ctx, int inputSize) {
            return new Distribution() {
                @Override
                public SDVariable logProbability(SDVariable x, SDVariable logits) {
                    SDVariable zero = ctx.sd().math().sqrt(logits.sub(logits));
                    return x.mul(logits).sub(ctx.sd().nn().softplus(logits)).add(zero).sum(1);
                }

                @Override
                public SDVariable mean(SDVariable logits) {
                    return ctx.sd().nn().sigmoid(logits);
                }
            };
        }

        @Override
        public void checkData(INDArray x, String what) {
        }
    }

    @Test
    void aNanGradientWithAFiniteLossIsCaughtAtTheFirstIterationNamingTheParameter() {
        VaeConfig broken = TestModels.tiny(1).toBuilder().likelihood(new BrokenLikelihood()).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> new VaeTrainer(broken).fit(train));
        assertEquals(1, e.iteration());
        assertTrue(e.quantity().startsWith("the gradient of decoder/"), e.getMessage());
        assertTrue(e.getMessage().contains("very first update"), e.getMessage());
    }

    @Test
    void nanPixelsAndWrongShapesAreRejectedBeforeTrainingNamingTheExample() {
        INDArray pixels = train.features().dup();
        pixels.putScalar(new long[] {123, 5}, Float.NaN);
        ImageDataset withNan = ImageDataset.of(pixels, null, TestModels.SHAPE);
        InvalidDataException e = assertThrows(InvalidDataException.class,
                () -> new VaeTrainer(TestModels.tiny(1)).fit(withNan));
        assertEquals("training set example 123, feature 5 is NaN, but the Bernoulli likelihood needs finite values in"
                + " [0.0, 1.0]", e.getMessage());
        assertEquals(123, e.example());
        // the check reads large datasets in chunks of 10,000 examples: the index is still the dataset's
        INDArray many = Nd4j.zeros(DataType.FLOAT, 12_500, TestModels.SHAPE.size());
        many.putScalar(new long[] {12_345, 2}, 1.5f);
        InvalidDataException late = assertThrows(InvalidDataException.class,
                () -> new VaeTrainer(TestModels.tiny(1)).fit(ImageDataset.of(many, null, TestModels.SHAPE)));
        assertEquals("training set example 12345, feature 2 is 1.5, but the Bernoulli likelihood needs finite values"
                + " in [0.0, 1.0] (pixel bytes 0..255? divide them by 255)", late.getMessage());
        assertEquals(12_345, late.example());
        ImageDataset bytes = ImageDataset.of(train.features().mul(255), null, TestModels.SHAPE);
        InvalidDataException range = assertThrows(InvalidDataException.class,
                () -> new VaeTrainer(TestModels.tiny(1)).fit(train, bytes));
        assertTrue(range.getMessage().startsWith("validation set example 0, feature 0 is 25.5")
                && range.getMessage().contains("divide them by 255"), range.getMessage());
        ImageDataset nine = ImageDataset.of(Nd4j.zeros(DataType.FLOAT, 3, 9), null, new org.vae4j.data.ImageShape(1, 3, 3));
        InvalidDataException shape = assertThrows(InvalidDataException.class,
                () -> new VaeTrainer(TestModels.tiny(1)).fit(nine));
        assertEquals("training set has 9 features per example (1x3x3) but VaeConfig.inputSize is 16",
                shape.getMessage());
    }

    @Test
    void aCheckpointThatCannotBeWrittenStopsTheRunNamingTheFile(@TempDir Path dir) throws IOException {
        Path folder = dir.resolve("checkpoints");
        Checkpointer checkpoints = Checkpointer.create(CheckpointPolicy.everyEpoch(folder));
        // the folder disappears and a file takes its place (as a full or unmounted disk would fail the write)
        Files.delete(folder);
        Files.writeString(folder, "in the way");
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> new VaeTrainer(TestModels.tiny(2)).withListeners(checkpoints).fit(train));
        assertTrue(e.getCause() instanceof ModelWriteException, e.toString());
        assertTrue(e.getMessage().contains("epoch-0001.vae"), e.getMessage());
    }

    private static List<String> names(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void perEpochRandomStreamsDependOnlyOnSeedAndEpoch() {
        RandomStreams a = new RandomStreams(5);
        RandomStreams b = new RandomStreams(5);
        assertEquals(a.noise(3).nextLong(), b.noise(3).nextLong());
        assertEquals(a.shuffle(7).nextLong(), b.shuffle(7).nextLong());
        assertNotEquals(a.noise(3).nextLong(), a.noise(4).nextLong());
        assertNotEquals(a.noise(3).nextLong(), a.shuffle(3).nextLong());
        assertNotEquals(a.noise(1).nextLong(), new RandomStreams(6).noise(1).nextLong());
        assertArrayEquals(new long[] {a.initialization().nextLong()}, new long[] {b.initialization().nextLong()});
    }
}
