package org.vae4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.InvalidDataException;
import org.vae4j.data.OneHot;
import org.vae4j.graph.VaeGraph;
import org.vae4j.nn.MlpDecoder;
import org.vae4j.nn.MlpEncoder;
import org.vae4j.objective.Objective;

/**
 * The conditional VAE on stripes labelled with the index of their bright row: the label alone determines the image,
 * so a trained model must draw the stripe of the label it is given from every prior sample; the API checks that a
 * condition is given exactly when the model is conditional; the model survives save and load.
 */
class ConditionalVaeTest {
    private static final int CLASSES = 4;
    private static ImageDataset data;
    private static Vae vae;

    @BeforeAll
    static void train() {
        data = TestModels.labelledStripes(600, 42);
        VaeConfig config = VaeConfig.builder(TestModels.SHAPE, 2).conditionSize(CLASSES)
                .encoder(MlpEncoder.relu(16)).decoder(MlpDecoder.relu(16)).updater(new Adam(1e-2))
                .batchSize(32).epochs(8).seed(5).build();
        vae = new VaeTrainer(config).fit(data, data.first(100)).model();
    }

    @Test
    void generationFromThePriorDrawsTheStripeOfTheGivenLabel() {
        int[] labels = new int[CLASSES * 25];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % CLASSES;
        }
        INDArray samples = vae.generate(OneHot.encode(labels, CLASSES), 3);
        assertArrayEquals(new long[] {labels.length, 16}, samples.shape());
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            if (TestModels.brightestRow(samples.getRow(i)) == labels[i]) {
                right++;
            }
        }
        assertEquals(labels.length, right, "samples showing their label's stripe");
    }

    @Test
    void theBoundImprovedAndEvaluationUsesTheLabels() {
        TrainingHistory h = vae.history();
        assertTrue(h.last().validation().elbo() > h.epochs().get(0).validation().elbo() + 1, h.toString());
        ElboSummary withLabels = vae.evaluate(data.first(100), 0, 9).elbo();
        INDArray x = data.first(100).features();
        assertEquals(withLabels, vae.elbo(x, OneHot.encode(data.first(100).labels(), CLASSES), 9).summary());
        // the wrong label explains the image worse
        int[] wrong = data.first(100).labels();
        for (int i = 0; i < wrong.length; i++) {
            wrong[i] = (wrong[i] + 1) % CLASSES;
        }
        ElboSummary withWrong = vae.elbo(x, OneHot.encode(wrong, CLASSES), 9).summary();
        assertTrue(withWrong.elbo() < withLabels.elbo() - 1, withWrong + " vs " + withLabels);
        INDArray logP = vae.logLikelihood(x, OneHot.encode(data.first(100).labels(), CLASSES), 50, 1);
        assertTrue(logP.meanNumber().doubleValue() >= withLabels.elbo() - 0.5, logP.meanNumber() + " vs " + withLabels);
    }

    @Test
    void aConditionMustBeGivenExactlyWhenTheModelIsConditional() {
        INDArray x = data.first(3).features();
        var e = assertThrows(IllegalArgumentException.class, () -> vae.encode(x));
        assertTrue(e.getMessage().contains("conditional VAE (conditionSize 4)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> vae.generate(3, 1));
        e = assertThrows(IllegalArgumentException.class, () -> vae.encode(x, OneHot.encode(new int[] {0, 1}, 4)));
        assertTrue(e.getMessage().contains("condition has 2 rows but the input has 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> vae.encode(x, OneHot.encode(new int[] {0, 1, 2}, 5)));
        assertTrue(e.getMessage().contains("condition must have shape [n, 4]"), e.getMessage());

        Vae plain = new VaeTrainer(TestModels.tiny(1)).fit(TestModels.stripes(64, 1)).model();
        e = assertThrows(IllegalArgumentException.class, () -> plain.generate(OneHot.encode(new int[] {1}, 4), 1));
        assertTrue(e.getMessage().contains("not a conditional VAE"), e.getMessage());
    }

    @Test
    void trainingNeedsLabelsInRange() {
        VaeConfig config = vae.config().toBuilder().epochs(1).build();
        var e = assertThrows(InvalidDataException.class, () -> new VaeTrainer(config).fit(TestModels.stripes(50, 1)));
        assertTrue(e.getMessage().contains("training set has no labels"), e.getMessage());
        ImageDataset bad = ImageDataset.of(data.first(10).features(), new int[] {0, 1, 2, 3, 0, 1, 7, 0, 0, 0},
                TestModels.SHAPE);
        e = assertThrows(InvalidDataException.class, () -> new VaeTrainer(config).fit(bad));
        assertEquals(6, e.example());
        assertTrue(e.getMessage().contains("label 7, outside [0, 4)"), e.getMessage());
    }

    @Test
    void anObjectiveThatDoesNotSupportConditionsIsRejected() {
        Objective other = new Objective() {
            @Override
            public Terms define(Inputs in) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean usesNoise() {
                return true;
            }

            @Override
            public boolean isLowerBound() {
                return true;
            }
        };
        var e = assertThrows(IllegalArgumentException.class,
                () -> vae.config().toBuilder().objective(other).build());
        assertTrue(e.getMessage().contains("does not support a condition"), e.getMessage());
    }

    @Test
    void saveAndLoadKeepTheConditionalModel(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cvae.vae");
        vae.save(file);
        Vae loaded = Vae.load(file);
        assertEquals(vae.config(), loaded.config());
        INDArray y = OneHot.encode(new int[] {0, 1, 2, 3}, CLASSES);
        TestModels.assertBitEqual(vae.generate(y, 4), loaded.generate(y, 4), "generated");
        SDVariable condition = loaded.graph().getVariable(VaeGraph.CONDITION);
        assertArrayEquals(new long[] {-1, CLASSES}, condition.placeholderShape());
    }
}
