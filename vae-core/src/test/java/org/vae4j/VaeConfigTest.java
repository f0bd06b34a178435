package org.vae4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.vae4j.nn.Activation;
import org.vae4j.nn.MlpEncoder;
import org.vae4j.prior.DiagonalGaussianPrior;

class VaeConfigTest {

    private static void rejects(String field, UnaryOperator<VaeConfig.Builder> change) {
        Exception e = assertThrows(RuntimeException.class, () -> change.apply(VaeConfig.builder(784, 20)).build());
        assertTrue(e instanceof IllegalArgumentException || e instanceof NullPointerException, e.toString());
        assertTrue(e.getMessage().contains(field), "message should name " + field + ": " + e.getMessage());
    }

    @Test
    void invalidValuesFailAtConstructionNamingTheField() {
        rejects("inputSize", b -> VaeConfig.builder(0, 20));
        rejects("latentSize", b -> VaeConfig.builder(784, -1));
        rejects("beta", b -> b.beta(-0.5));
        rejects("beta", b -> b.beta(Double.NaN));
        rejects("batchSize", b -> b.batchSize(0));
        rejects("epochs", b -> b.epochs(-1));
        rejects("encoder", b -> b.encoder(null));
        rejects("updater", b -> b.updater(null));
        rejects("objective", b -> b.objective(null));
        rejects("dataType", b -> b.dataType(DataType.INT));
        rejects("latentSize", b -> b.prior(new DiagonalGaussianPrior(new double[3], new double[] {1, 1, 1})));
        rejects("hiddenSizes[1]", b -> b.encoder(new MlpEncoder(List.of(10, 0), Activation.RELU)));
    }

    @Test
    void defaultsAreTheReferenceModelAndToBuilderRoundTrips() {
        VaeConfig c = VaeConfig.builder(784, 20).build();
        assertEquals(MlpEncoder.relu(512), c.encoder());
        assertEquals(128, c.batchSize());
        assertEquals(10, c.epochs());
        assertEquals(new org.vae4j.schedule.ConstantSchedule(1.0), c.beta());
        assertEquals(new org.vae4j.objective.ElboObjective(), c.objective());
        assertEquals(new Adam(1e-3), c.updater());
        assertEquals(c, c.toBuilder().build());
    }

    @Test
    void theUpdaterCannotBeChangedFromOutside() {
        Adam adam = new Adam(1e-3);
        VaeConfig c = VaeConfig.builder(784, 20).updater(adam).build();
        adam.setLearningRate(0.5);
        assertEquals(1e-3, ((Adam) c.updater()).getLearningRate());
        assertNotSame(c.updater(), c.updater());
    }
}
