package org.vae4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.ImageShape;
import org.vae4j.nn.MlpDecoder;
import org.vae4j.nn.MlpEncoder;
import org.vae4j.train.TrainingDivergedException;

/** The trained model's API on a small synthetic dataset: shapes, identities, seeds (persistence: ModelFileTest). */
class VaeTest {
    private static final ImageShape SHAPE = new ImageShape(1, 4, 4);
    private static final int LATENT = 3;
    private static ImageDataset data;
    private static VaeConfig config;
    private static TrainingResult trained;
    private static final List<IterationRecord> iterations = new ArrayList<>();
    private static final List<EpochRecord> epochs = new ArrayList<>();

    @BeforeAll
    static void train() {
        data = TestModels.stripes(300, 42);
        config = VaeConfig.builder(SHAPE.size(), LATENT).encoder(MlpEncoder.relu(16)).decoder(MlpDecoder.relu(16))
                .batchSize(32).epochs(3).seed(7).build();
        trained = new VaeTrainer(config).withListeners(new TrainingListener() {
            @Override
            public void iterationDone(IterationRecord record) {
                iterations.add(record);
            }

            @Override
            public void epochDone(EpochRecord record, Vae model) {
                epochs.add(record);
            }
        }).fit(data, data.first(50));
    }

    @Test
    void methodsReturnTheDocumentedShapes() {
        Vae vae = trained.model();
        INDArray x = data.first(5).features();
        DiagonalGaussian q = vae.encode(x);
        assertArrayEquals(new long[] {5, LATENT}, q.mean().shape());
        assertArrayEquals(new long[] {5, LATENT}, q.logVariance().shape());
        assertArrayEquals(new long[] {5, LATENT}, vae.sampleLatent(x, 1).shape());
        assertArrayEquals(new long[] {5, 16}, vae.reconstruct(x).shape());
        assertArrayEquals(new long[] {7, 16}, vae.generate(7, 1).shape());
        assertArrayEquals(new long[] {5, 16}, vae.decode(q.mean()).shape());
        ElboTerms terms = vae.elbo(x, 3);
        assertArrayEquals(new long[] {5}, terms.elbo().shape());
        assertEquals(terms.logLikelihood().sub(terms.kl()), terms.elbo());
        assertTrue(vae.generate(20, 1).minNumber().doubleValue() >= 0.0);
        assertTrue(vae.generate(20, 1).maxNumber().doubleValue() <= 1.0);
    }

    @Test
    void inferenceOverManyChunksEqualsOneChunkAtATime() {
        Vae vae = trained.model();
        INDArray z = Nd4j.rand(DataType.FLOAT, Vae.CHUNK + 37, LATENT);
        INDArray all = vae.decode(z);
        INDArray tail = vae.decode(z.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(Vae.CHUNK, Vae.CHUNK + 37),
                org.nd4j.linalg.indexing.NDArrayIndex.all()));
        assertEquals(tail, all.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(Vae.CHUNK, Vae.CHUNK + 37),
                org.nd4j.linalg.indexing.NDArrayIndex.all()));
    }

    @Test
    void samplingIsReproducibleBySeed() {
        Vae vae = trained.model();
        assertEquals(vae.generate(10, 5), vae.generate(10, 5));
        assertNotEquals(vae.generate(10, 5), vae.generate(10, 6));
        INDArray x = data.first(10).features();
        assertEquals(vae.sampleLatent(x, 2), vae.sampleLatent(x, 2));
        // z ~ q(z|x) has the posterior's moments
        INDArray one = data.first(1).features();
        INDArray many = Nd4j.tile(one, 4000, 1);
        INDArray z = vae.sampleLatent(many, 9);
        DiagonalGaussian q = vae.encode(one);
        assertArrayEquals(q.mean().toDoubleVector(), z.mean(0).toDoubleVector(), 0.05);
        double[] expectedStd = Nd4j.math().exp(q.logVariance().mul(0.5)).toDoubleVector();
        assertArrayEquals(expectedStd, z.std(0).toDoubleVector(), 0.05);
    }

    @Test
    void listenersAndHistorySeeEveryIterationAndEpoch() {
        assertEquals(3 * 10, iterations.size()); // 300 examples, batch 32: 9 full batches and one of 12
        assertEquals(12, iterations.get(9).batchSize());
        assertEquals(30, iterations.get(29).iteration());
        assertEquals(epochs, trained.history().epochs());
        assertEquals(3, trained.history().last().epoch());
        assertTrue(trained.history().last().validationSummary().isPresent());
        for (EpochRecord r : epochs) {
            assertTrue(r.seconds() > 0);
            ElboSummary t = r.train();
            assertEquals(t.logLikelihood() - t.kl(), t.elbo(), 1e-3);
        }
    }

    @Test
    void theSameSeedReplaysTheRunBitForBit() {
        TrainingResult again = new VaeTrainer(config).fit(data, data.first(50));
        assertEquals(trained.history().last().train(), again.history().last().train());
        assertEquals(trained.model().generate(16, 1), again.model().generate(16, 1));
        TrainingResult other = new VaeTrainer(config.toBuilder().seed(8).build()).fit(data);
        assertNotEquals(trained.model().generate(16, 1), other.model().generate(16, 1));
    }

    @Test
    void dataThatDoesNotFitIsRejectedBeforeTraining() {
        ImageDataset wrongSize = ImageDataset.of(Nd4j.zeros(DataType.FLOAT, 10, 9), null, new ImageShape(1, 3, 3));
        var e = assertThrows(IllegalArgumentException.class, () -> new VaeTrainer(config).fit(wrongSize));
        assertTrue(e.getMessage().contains("inputSize"), e.getMessage());
        ImageDataset outOfRange = ImageDataset.of(Nd4j.ones(DataType.FLOAT, 10, 16).muli(2), null, SHAPE);
        var e2 = assertThrows(IllegalArgumentException.class, () -> new VaeTrainer(config).fit(data, outOfRange));
        assertTrue(e2.getMessage().contains("validation set") && e2.getMessage().contains("Bernoulli"),
                e2.getMessage());
        assertThrows(IllegalArgumentException.class, () -> trained.model().decode(Nd4j.zeros(DataType.FLOAT, 2, 4)));
    }

    @Test
    void aDivergingRunStopsWithTheEpochAndIteration() {
        VaeConfig wild = config.toBuilder().updater(new org.nd4j.linalg.learning.config.Sgd(1e8)).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> new VaeTrainer(wild).fit(data));
        assertTrue(e.getMessage().contains("epoch " + e.epoch()) && e.iteration() >= 1, e.getMessage());
    }
}
