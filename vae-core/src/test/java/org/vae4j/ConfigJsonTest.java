package org.vae4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.vae4j.data.ImageShape;
import org.vae4j.likelihood.GaussianLikelihood;
import org.vae4j.likelihood.MixedLikelihood;
import org.vae4j.nn.Activation;
import org.vae4j.nn.ConvDecoder;
import org.vae4j.nn.ConvEncoder;
import org.vae4j.nn.ConvLayer;
import org.vae4j.nn.Dense;
import org.vae4j.nn.DiagonalGaussianVariables;
import org.vae4j.nn.Encoder;
import org.vae4j.nn.GraphContext;
import org.vae4j.nn.MlpDecoder;
import org.vae4j.nn.MlpEncoder;
import org.vae4j.prior.DiagonalGaussianPrior;

/** Configurations round-trip through JSON, including user-defined parts and ND4J updaters with schedules. */
class ConfigJsonTest {

    /** A user-defined encoder, as in the API guide: a record, so Jackson can write and read it. */
    public record TanhEncoder(int hidden) implements Encoder {
        @Override
        public Network define(GraphContext ctx, ImageShape inputShape, int conditionSize, int latentSize) {
            Dense h = Dense.define(ctx, "h", inputShape.size(), hidden);
            Dense mean = Dense.define(ctx, "mean", hidden, latentSize);
            Dense logVar = Dense.define(ctx, "log_var", hidden, latentSize);
            return (x, condition) -> {
                SDVariable a = ctx.sd().math().tanh(h.apply(x));
                return new DiagonalGaussianVariables(mean.apply(a), logVar.apply(a));
            };
        }
    }

    /** A user-defined encoder that Jackson cannot write: a class with no properties. */
    static final class OpaqueEncoder implements Encoder {
        private final int hidden = 3;

        @Override
        public Network define(GraphContext ctx, ImageShape inputShape, int conditionSize, int latentSize) {
            return new TanhEncoder(hidden).define(ctx, inputShape, conditionSize, latentSize);
        }
    }

    /** Set by the static initializers below: reading a configuration must never initialize them. */
    static final java.util.concurrent.atomic.AtomicBoolean INITIALIZED = new java.util.concurrent.atomic.AtomicBoolean();

    /** An updater ND4J would accept (a subtype of Sgd) but that vae4j's allow-list does not name. */
    public static class RogueUpdater extends org.nd4j.linalg.learning.config.Sgd {
        static {
            INITIALIZED.set(true);
        }
    }

    /** Not an updater at all. */
    public static class RogueClass {
        static {
            INITIALIZED.set(true);
        }
    }

    @Test
    void anUpdaterClassOutsideTheAllowListIsRefusedBeforeItIsLoaded() {
        String json = ConfigJson.write(VaeConfig.builder(16, 3).updater(new org.nd4j.linalg.learning.config.Sgd(0.1))
                .build());
        String sgd = "org.nd4j.linalg.learning.config.Sgd";
        for (String rogue : List.of(RogueUpdater.class.getName(), RogueClass.class.getName())) {
            var e = assertThrows(IllegalArgumentException.class, () -> ConfigJson.read(json.replace(sgd, rogue)));
            assertTrue(e.getMessage().contains("updater") && e.getMessage().contains(rogue)
                    && e.getMessage().contains("Adam"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
        // Jackson's other way of naming a type: ["class name", {...}]
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) readTree(json);
        var updater = (com.fasterxml.jackson.databind.node.ObjectNode) tree.get("updater");
        updater.remove("@class");
        tree.putArray("updater").add(RogueUpdater.class.getName()).add(updater);
        String wrapped = tree.toString();
        assertThrows(IllegalArgumentException.class, () -> ConfigJson.read(wrapped));
        // a schedule nested in the updater is held to ND4J's schedules
        String scheduled = ConfigJson.write(VaeConfig.builder(16, 3).updater(new Nesterovs(
                new ExponentialSchedule(ScheduleType.ITERATION, 0.1, 0.99), 0.9)).build());
        var nested = assertThrows(IllegalArgumentException.class, () -> ConfigJson.read(scheduled.replace(
                ExponentialSchedule.class.getName(), RogueClass.class.getName())));
        assertTrue(nested.getMessage().contains(RogueClass.class.getName()), nested.getMessage());
        assertFalse(INITIALIZED.get(), "a class named by the configuration was initialized");
    }

    @Test
    void configurationErrorsAreOneLineAndGiveALocationOnlyWhenKnown() {
        String json = ConfigJson.write(VaeConfig.builder(16, 3).build());
        var badRate = assertThrows(IllegalArgumentException.class,
                () -> ConfigJson.read(json.replace("\"learningRate\" : 0.001", "\"learningRate\" : \"fast\"")));
        assertFalse(badRate.getMessage().contains("\n"), badRate.getMessage());
        assertTrue(badRate.getMessage().contains("updater"), badRate.getMessage());
        var invalid = assertThrows(IllegalArgumentException.class,
                () -> ConfigJson.read(json.replace("\"latentSize\" : 3", "\"latentSize\" : -3")));
        assertFalse(invalid.getMessage().contains("-1"), invalid.getMessage());
        var truncated = assertThrows(IllegalArgumentException.class, () -> ConfigJson.read("{\"latentSize\" : "));
        assertTrue(truncated.getMessage().contains("line 1, column"), truncated.getMessage());
        assertFalse(truncated.getMessage().contains("\n"), truncated.getMessage());
    }

    @Test
    void theDefaultConfigurationRoundTripsAndNamesItsClasses() {
        VaeConfig config = VaeConfig.builder(784, 20).build();
        String json = ConfigJson.write(config);
        assertEquals(config, ConfigJson.read(json));
        assertTrue(json.contains("\"@class\" : \"org.vae4j.nn.MlpEncoder\""), json);
        assertTrue(json.contains("\"hiddenSizes\" : [ 512 ]"), json);
        assertTrue(json.contains("\"@class\" : \"org.nd4j.linalg.learning.config.Adam\""), json);
        assertTrue(json.contains("\"learningRate\" : 0.001"), json);
    }

    @Test
    void everyBuiltInPartAndAScheduledUpdaterRoundTrip() {
        VaeConfig config = VaeConfig.builder(16, 3)
                .encoder(new MlpEncoder(List.of(8, 4), Activation.TANH))
                .decoder(new MlpDecoder(List.of(), Activation.ELU))
                .likelihood(GaussianLikelihood.learnedVariance())
                .prior(new DiagonalGaussianPrior(new double[] {0.1, -2, 1e-300}, new double[] {1, 0.3, 7}))
                .beta(0.1 + 0.2) // not exactly 0.3: doubles must round-trip exactly
                .updater(new Nesterovs(new ExponentialSchedule(ScheduleType.ITERATION, 0.1, 0.99), 0.9))
                .batchSize(7).epochs(0).seed(-123456789012345L).dataType(DataType.DOUBLE).build();
        VaeConfig back = ConfigJson.read(ConfigJson.write(config));
        assertEquals(config, back);
        assertEquals(new org.vae4j.schedule.ConstantSchedule(0.1 + 0.2), back.beta());
        assertEquals(config.updater().getLearningRate(100, 0), back.updater().getLearningRate(100, 0));
    }

    @Test
    void convolutionalAndConditionalConfigurationsRoundTrip() {
        VaeConfig config = VaeConfig.builder(new ImageShape(3, 32, 32), 8).conditionSize(10)
                .encoder(new ConvEncoder(List.of(ConvLayer.halving(16), new ConvLayer(32, 3, 2, 1)), List.of(64),
                        Activation.LEAKY_RELU))
                .decoder(ConvDecoder.of(16, 32)).build();
        String json = ConfigJson.write(config);
        assertEquals(config, ConfigJson.read(json));
        assertTrue(json.contains("\"inputShape\" : {"), json);
        assertTrue(json.contains("\"conditionSize\" : 10"), json);
        assertTrue(json.contains("\"kernelSize\" : 3"), json);
        assertFalse(json.contains("inputSize"), json); // derived from the shape, not stored
    }

    @Test
    void theMixedLikelihoodRoundTripsWithItsGroups() {
        MixedLikelihood mixed = new MixedLikelihood(List.of(
                new MixedLikelihood.Group("age", MixedLikelihood.Kind.GAUSSIAN, 0, 1),
                new MixedLikelihood.Group("colour", MixedLikelihood.Kind.CATEGORICAL, 1, 3),
                new MixedLikelihood.Group("smoker", MixedLikelihood.Kind.BERNOULLI, 4, 1)), 0.02);
        VaeConfig config = VaeConfig.builder(5, 2).likelihood(mixed).build();
        String json = ConfigJson.write(config);
        assertEquals(config, ConfigJson.read(json));
        assertTrue(json.contains("\"@class\" : \"org.vae4j.likelihood.MixedLikelihood\""), json);
        assertTrue(json.contains("\"name\" : \"colour\""), json);
        assertFalse(json.contains("termNames"), json);
        var e = assertThrows(IllegalArgumentException.class, () -> VaeConfig.builder(6, 2).likelihood(mixed).build());
        assertTrue(e.getMessage().contains("5 features"), e.getMessage());
    }

    @Test
    void aConfigurationWrittenBeforeInputShapesReadsAsAFlatUnconditionalInput() {
        VaeConfig config = VaeConfig.builder(16, 3).build();
        String json = ConfigJson.write(config);
        String old = json.replaceAll("\"inputShape\" : \\{[^}]*\\}", "\"inputSize\" : 16")
                .replaceAll(",\\s*\"conditionSize\" : 0", "");
        assertTrue(old.contains("\"inputSize\" : 16") && !old.contains("conditionSize"), old);
        VaeConfig back = ConfigJson.read(old);
        assertEquals(config, back);
        assertEquals(ImageShape.vector(16), back.inputShape());
        assertEquals(0, back.conditionSize());
    }

    @Test
    void aUserDefinedRecordEncoderRoundTrips() {
        VaeConfig config = VaeConfig.builder(16, 3).encoder(new TanhEncoder(5)).build();
        String json = ConfigJson.write(config);
        assertTrue(json.contains(TanhEncoder.class.getName()), json);
        assertEquals(config, ConfigJson.read(json));
    }

    @Test
    void anEncoderJacksonCannotWriteIsRefusedNamingItsClass() {
        VaeConfig config = VaeConfig.builder(16, 3).encoder(new OpaqueEncoder()).build();
        var e = assertThrows(IllegalArgumentException.class, () -> ConfigJson.write(config));
        assertTrue(e.getMessage().contains("OpaqueEncoder") && e.getMessage().contains("encoder"), e.getMessage());
    }

    @Test
    void badJsonIsRefusedNamingTheFieldOrClass() {
        String json = ConfigJson.write(VaeConfig.builder(16, 3).build());
        var invalid = assertThrows(IllegalArgumentException.class,
                () -> ConfigJson.read(json.replace("\"latentSize\" : 3", "\"latentSize\" : -3")));
        assertTrue(invalid.getMessage().contains("VaeConfig.latentSize must be positive, got -3"),
                invalid.getMessage());
        var unknown = assertThrows(IllegalArgumentException.class,
                () -> ConfigJson.read(json.replace("org.vae4j.nn.MlpEncoder", "com.example.GoneEncoder")));
        assertTrue(unknown.getMessage().contains("com.example.GoneEncoder")
                && unknown.getMessage().contains("encoder"), unknown.getMessage());
        // a class that exists but is not an Encoder is refused before it is initialized
        var unrelated = assertThrows(IllegalArgumentException.class,
                () -> ConfigJson.read(json.replace("org.vae4j.nn.MlpEncoder", "java.lang.ProcessBuilder")));
        assertTrue(unrelated.getMessage().contains("java.lang.ProcessBuilder"), unrelated.getMessage());
        var extra = assertThrows(IllegalArgumentException.class,
                () -> ConfigJson.read(json.replace("\"latentSize\" : 3", "\"latentSize\" : 3, \"colour\" : 1")));
        assertTrue(extra.getMessage().contains("colour"), extra.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConfigJson.read("{"));
        assertEquals(new Adam(1e-3), ConfigJson.read(json).updater());
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
