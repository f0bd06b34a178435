package org.vae4j;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.PolymorphicTypeValidator;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.lang.reflect.Modifier;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.serde.json.JsonMappers;

/**
 * Writes a {@link VaeConfig} as JSON and reads it back, as model files store it.
 *
 * <p>Records (the configuration, the MLP encoder and decoder, the likelihoods, the priors) are written through
 * their components and read back through their canonical constructors, so a value read back is validated like one
 * built in code. Every field whose declared type is an interface or abstract class (such as {@code encoder} or
 * {@code likelihood}) carries the implementation's class name in an {@code "@class"} property, so user-defined
 * encoders, decoders, likelihoods and priors round-trip too if Jackson can write and read them (a record, or a bean
 * with a creator). A new record-typed field of {@code VaeConfig} needs no code here. The optimizer ({@link IUpdater})
 * is written with ND4J's own JSON, embedded as an object.
 *
 * <p>Example, the reference model's configuration (abridged):
 * <pre>{@code
 * {"inputShape": {"channels": 1, "height": 28, "width": 28}, "latentSize": 20, "conditionSize": 0,
 *  "encoder": {"@class": "org.vae4j.nn.MlpEncoder", "hiddenSizes": [512], "activation": "RELU"}, ...
 *  "updater": {"@class": "org.nd4j.linalg.learning.config.Adam", "learningRate": 0.001, ...},
 *  "batchSize": 128, "epochs": 10, "seed": 0, "dataType": "FLOAT"}
 * }</pre>
 *
 * <p>Configurations written before vae4j had input shapes and conditions ({@code "inputSize": n}, no
 * {@code conditionSize}) read as a flat {@code 1x1xn} input and an unconditional VAE.
 *
 * <p>Reading resolves a class name only if it implements the field's declared type (checked before the class is
 * initialized), so a configuration file cannot make it construct unrelated classes. The updater's JSON is checked
 * before ND4J's mapper (which initializes any class it names) sees it: its {@code "@class"} must be one of ND4J's
 * updaters ({@code Adam}, {@code AdaBelief}, {@code AdaDelta}, {@code AdaGrad}, {@code AdaMax}, {@code AMSGrad},
 * {@code Nadam}, {@code Nesterovs}, {@code NoOp}, {@code RmsProp}, {@code Sgd}) and a schedule inside it one of
 * ND4J's schedules ({@code org.nd4j.linalg.schedule}); a user-defined updater class cannot be read from a file.
 *
 * <p>Thread-safe.
 */
public final class ConfigJson {
    private static final ObjectMapper MAPPER = createMapper();

    private ConfigJson() {
    }

    /**
     * Writes a configuration as indented JSON, and checks that it reads back to the same JSON.
     *
     * @param config the configuration
     * @return the JSON text
     * @throws IllegalArgumentException naming the field and class if a value cannot be written or read back
     */
    public static String write(VaeConfig config) {
        String json = writeOnce(config);
        String again = writeOnce(read(json, "VaeConfig written as JSON does not read back"));
        if (!again.equals(json)) {
            throw new IllegalArgumentException("VaeConfig does not survive a JSON round trip: wrote " + json
                    + " but read back " + again);
        }
        return json;
    }

    private static String writeOnce(VaeConfig config) {
        try {
            return MAPPER.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage()
                    .replace(" (to avoid exception, disable SerializationFeature.FAIL_ON_EMPTY_BEANS)", "");
            throw new IllegalArgumentException("VaeConfig cannot be written as JSON: " + why
                    + " (at " + path(e) + "); a user-defined encoder, decoder, likelihood or prior must be a record"
                    + " or a Jackson bean", e);
        }
    }

    /**
     * Reads a configuration written by {@link #write(VaeConfig)}.
     *
     * @param json the JSON text
     * @return the configuration, validated by its constructors
     * @throws IllegalArgumentException naming the field if the JSON is malformed, names an unknown class, or holds an
     *     invalid value
     */
    public static VaeConfig read(String json) {
        return read(json, "not a valid VaeConfig JSON");
    }

    private static VaeConfig read(String json, String what) {
        try {
            JsonNode tree = MAPPER.readTree(json);
            if (tree instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
                upgrade(object);
            }
            return MAPPER.treeToValue(tree, VaeConfig.class);
        } catch (JsonProcessingException e) {
            Throwable root = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            String message = root == e ? e.getOriginalMessage() : root.getMessage();
            String at = path(e);
            throw new IllegalArgumentException(oneLine(what + ": " + message + (at == null ? "" : " (at " + at + ")")),
                    e);
        }
    }

    /**
     * Reads configurations written by earlier versions of vae4j (format version 1) as what they meant: no
     * {@code objective} is the ELBO, an ELBO objective without {@code freeBits} has none, a number for
     * {@code beta} is a constant schedule, no {@code dynamicBinarization} is false, {@code inputSize} is a flat
     * shape 1 x 1 x inputSize, no {@code conditionSize} is 0, no {@code klEstimator} is {@code CLOSED_FORM}, no {@code posterior}
     * is {@code DIAGONAL}, a VampPrior without {@code initializeFromTrainingData} started from grey pseudo-inputs.
     */
    private static void upgrade(com.fasterxml.jackson.databind.node.ObjectNode object) {
        if (!object.has("objective")) {
            object.putObject("objective").put("@class", org.vae4j.objective.ElboObjective.class.getName());
        }
        JsonNode objective = object.get("objective");
        if (objective instanceof com.fasterxml.jackson.databind.node.ObjectNode o && !o.has("freeBits")
                && org.vae4j.objective.ElboObjective.class.getName().equals(o.path("@class").asText())) {
            o.put("freeBits", 0.0);
        }
        JsonNode beta = object.get("beta");
        if (beta != null && beta.isNumber()) {
            object.putObject("beta").put("@class", org.vae4j.schedule.ConstantSchedule.class.getName())
                    .set("value", beta);
        }
        if (!object.has("dynamicBinarization")) {
            object.put("dynamicBinarization", false);
        }
        if (!object.has("inputShape") && object.has("inputSize")) {
            // a flat vector of inputSize features, unconditional
            JsonNode size = object.remove("inputSize");
            object.putObject("inputShape").put("channels", 1).put("height", 1).set("width", size);
        }
        if (!object.has("conditionSize")) {
            object.put("conditionSize", 0);
        }
        if (!object.has("klEstimator")) { // every prior before it had a closed-form KL, and used it
            object.put("klEstimator", org.vae4j.prior.KlEstimator.CLOSED_FORM.name());
        }
        if (!object.has("posterior")) {
            object.put("posterior", org.vae4j.nn.PosteriorFamily.DIAGONAL.name());
        }
        JsonNode prior = object.get("prior");
        if (prior instanceof com.fasterxml.jackson.databind.node.ObjectNode p && !p.has("initializeFromTrainingData")
                && org.vae4j.prior.VampPrior.class.getName().equals(p.path("@class").asText())) {
            p.put("initializeFromTrainingData", false); // the grey start, the only one before the field
        }
    }

    /** The field path or the line and column of an error, or null if neither is known. */
    private static String path(JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()) {
            return m.getPathReference();
        }
        var location = e.getLocation();
        return location == null || location.getLineNr() < 1 ? null
                : "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** A message on one line: Jackson appends source locations on lines of their own. */
    private static String oneLine(String message) {
        return message == null ? null : message.replaceAll("\\s*\\R\\s*", " ");
    }

    /**
     * Writes any value (the training history) with the configurations' mapper.
     *
     * @param value the value
     * @return its JSON, indented
     * @throws IllegalStateException if it cannot be written
     */
    public static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * Reads a value written by {@link #toJson}.
     *
     * @param json the JSON
     * @param type the value's class
     * @param <T> its type
     * @return the value
     * @throws IOException if the JSON is malformed or does not fit the type
     */
    public static <T> T fromJson(String json, Class<T> type) throws IOException {
        return MAPPER.readValue(json, type);
    }

    private static ObjectMapper createMapper() {
        SimpleModule nd4j = new SimpleModule("vae4j-nd4j-updater");
        nd4j.addSerializer(IUpdater.class, new UpdaterSerializer());
        nd4j.addDeserializer(IUpdater.class, new UpdaterDeserializer());
        JsonMapper mapper = JsonMapper.builder()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .addModule(nd4j)
                .addMixIn(org.vae4j.objective.Objective.class, ObjectiveMixIn.class)
                .addMixIn(org.vae4j.likelihood.Likelihood.class, LikelihoodMixIn.class)
                .build();
        mapper.setDefaultTyping(new InterfaceTyping());
        return mapper;
    }

    /** Not written: a property of the objective's kind, not a setting (applies to every implementation). */
    private interface ObjectiveMixIn {
        @JsonIgnore
        boolean isLowerBound();
    }

    /** Not written: a property of the likelihood's kind, not a setting (applies to every implementation). */
    private interface LikelihoodMixIn {
        @JsonIgnore
        boolean isBinary();
    }

    /**
     * Class-name type information for every value whose declared type is an interface or abstract class, except
     * JDK types (collections keep their plain JSON form), enums, JSON trees and {@link IUpdater} (ND4J's JSON names
     * its class).
     */
    private static final class InterfaceTyping extends ObjectMapper.DefaultTypeResolverBuilder {
        private static final long serialVersionUID = 1L;

        InterfaceTyping() {
            super(ObjectMapper.DefaultTyping.NON_FINAL, new SubtypesOfDeclaredType());
            init(JsonTypeInfo.Id.CLASS, null);
            inclusion(JsonTypeInfo.As.PROPERTY);
            typeProperty("@class");
        }

        @Override
        public boolean useForType(JavaType t) {
            Class<?> c = t.getRawClass();
            boolean abstractType = c.isInterface() || Modifier.isAbstract(c.getModifiers());
            return abstractType && !c.isEnum() && !t.isEnumType() && !t.isContainerType() && !t.isReferenceType()
                    && !t.isArrayType() && !c.isPrimitive() && !c.getName().startsWith("java.")
                    && !com.fasterxml.jackson.core.TreeNode.class.isAssignableFrom(c)
                    && !IUpdater.class.isAssignableFrom(c);
        }
    }

    /** Accepts a class name only if the class (loaded without initializing it) implements the declared type. */
    private static final class SubtypesOfDeclaredType extends PolymorphicTypeValidator.Base {
        private static final long serialVersionUID = 1L;

        @Override
        public Validity validateSubClassName(MapperConfig<?> config, JavaType baseType, String subClassName) {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            try {
                Class<?> c = Class.forName(subClassName, false,
                        loader != null ? loader : ConfigJson.class.getClassLoader());
                return baseType.getRawClass().isAssignableFrom(c) ? Validity.ALLOWED : Validity.DENIED;
            } catch (ClassNotFoundException | LinkageError e) {
                return Validity.INDETERMINATE; // Jackson then reports the unknown class by name
            }
        }
    }

    /** Writes an updater as ND4J's own JSON (which names its class in "@class"), embedded as an object. */
    private static final class UpdaterSerializer extends JsonSerializer<IUpdater> {
        @Override
        public void serialize(IUpdater value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            String nd4jJson;
            try {
                nd4jJson = JsonMappers.getMapper().writerFor(IUpdater.class).writeValueAsString(value);
            } catch (IOException | RuntimeException e) {
                throw com.fasterxml.jackson.databind.JsonMappingException.from(gen,
                        "ND4J cannot write updater " + value + " as JSON: " + e.getMessage(), e);
            }
            gen.writeTree(PLAIN.readTree(nd4jJson));
        }

        private static final ObjectMapper PLAIN = new ObjectMapper();
    }

    /** Reads an updater from ND4J's own JSON. */
    private static final class UpdaterDeserializer extends JsonDeserializer<IUpdater> {
        @Override
        public IUpdater deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            JsonNode node = p.readValueAsTree();
            // ND4J's mapper loads and initializes any class an "@class" names: only its own are let through.
            String refusal = Updaters.refusal(node);
            if (refusal != null) {
                return (IUpdater) ctx.reportInputMismatch(IUpdater.class, "%s", refusal);
            }
            try {
                return JsonMappers.getMapper().readValue(node.toString(), IUpdater.class);
            } catch (IOException | RuntimeException e) {
                String why = e instanceof org.nd4j.shade.jackson.core.JsonProcessingException j
                        ? j.getOriginalMessage() : e.getMessage();
                return (IUpdater) ctx.reportInputMismatch(IUpdater.class, "%s", "ND4J cannot read VaeConfig.updater"
                        + " as " + node.path("@class").asText() + ": " + oneLine(why));
            }
        }
    }
}
