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
    void anInvalidUpdaterIsRefusedNamingItsLearningRateOrHyperParameter() {
        rejects("VaeConfig.updater learning rate must be finite and > 0, got NaN (Adam)",
                b -> b.updater(new Adam(Double.NaN)));
        rejects("VaeConfig.updater learning rate must be finite and > 0, got -0.001 (Adam)",
                b -> b.updater(new Adam(-1e-3)));
        rejects("VaeConfig.updater learning rate must be finite and > 0, got 0.0 (Sgd)",
                b -> b.updater(new org.nd4j.linalg.learning.config.Sgd(0)));
        rejects("VaeConfig.updater learning rate", b -> b.updater(new org.nd4j.linalg.learning.config.Sgd(
                Double.POSITIVE_INFINITY)));
        rejects("VaeConfig.updater learning rate", b -> b.updater(new Adam(new org.nd4j.linalg.schedule
                .ExponentialSchedule(org.nd4j.linalg.schedule.ScheduleType.ITERATION, -0.1, 0.99))));
        rejects("VaeConfig.updater beta1 must be in [0, 1), got 1.5", b -> b.updater(new Adam(1e-3, 1.5, 0.999,
                1e-8)));
        rejects("VaeConfig.updater epsilon", b -> b.updater(new Adam(1e-3, 0.9, 0.999, 0)));
        rejects("VaeConfig.updater momentum", b -> b.updater(new org.nd4j.linalg.learning.config.Nesterovs(0.1,
                -0.5)));
        rejects("VaeConfig.updater rmsDecay", b -> b.updater(new org.nd4j.linalg.learning.config.RmsProp(0.1,
                Double.NaN, 1e-8)));
        // a user's own updater class: a model file could not name it, so it is refused up front, not at the first save
        rejects("VaeConfig.updater must be one of ND4J's updaters that a model file can name",
                b -> b.updater(new Adam(1e-3) {
                    @Override
                    public Adam clone() {
                        return this;
                    }
                }));
        // valid updaters of every kind, including NoOp and AdaDelta (no learning rate), are accepted
        for (var u : List.of(new Adam(1e-3), new org.nd4j.linalg.learning.config.Sgd(0.1),
                new org.nd4j.linalg.learning.config.NoOp(), new org.nd4j.linalg.learning.config.AdaDelta(),
                new org.nd4j.linalg.learning.config.Nesterovs(0.1, 0.9), new org.nd4j.linalg.learning.config.RmsProp(),
                new org.nd4j.linalg.learning.config.AdaGrad(), new org.nd4j.linalg.learning.config.AMSGrad(),
                new org.nd4j.linalg.learning.config.Nadam(), new org.nd4j.linalg.learning.config.AdaMax(),
                new org.nd4j.linalg.learning.config.AdaBelief())) {
            assertEquals(u, VaeConfig.builder(784, 20).updater(u).build().updater());
        }
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
