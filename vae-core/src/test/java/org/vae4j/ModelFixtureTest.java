package org.vae4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.data.ImageDataset;
import org.vae4j.io.ModelFile;

/**
 * Backward compatibility: {@code fixtures/model-v1.vae}, a tiny model written by the first version of the format and
 * committed with the outputs it computed then ({@code model-v1-expected.json}), must load and compute the same
 * outputs, and training must continue from it. If this test fails after a change of the format, raise
 * {@code ModelFile.FORMAT_VERSION}, migrate version 1 in {@code ModelFile.read}, and keep this fixture; add a fixture
 * of the new version with {@link #writeFixture}. Outputs are compared to 1e-5 (other CPUs may round differently).
 */
class ModelFixtureTest {
    private static final String FIXTURE = "fixtures/model-v1.vae";
    private static final String EXPECTED = "fixtures/model-v1-expected.json";
    private static final double TOLERANCE = 1e-5;

    @Test
    void theVersion1FixtureLoadsAndComputesItsRecordedOutputs(@TempDir Path dir) throws IOException {
        Path file = copy(FIXTURE, dir.resolve("model-v1.vae"));
        Vae vae = Vae.load(file);
        assertEquals(TestModels.tiny(2), vae.config());
        assertEquals(2, vae.history().epochs().size());
        assertEquals(20, vae.history().last().iterations());
        JsonNode expected;
        try (InputStream in = resource(EXPECTED)) {
            expected = new ObjectMapper().readTree(in);
        }
        outputs(vae).forEach((name, actual) -> {
            double[] want = new ObjectMapper().convertValue(expected.get(name), double[].class);
            assertArrayEquals(want, actual.dup().data().asDouble(), TOLERANCE, name);
        });
        assertEquals(expected.get("validationElbo").asDouble(), vae.history().last().validation().elbo());

        TrainingResult more = new VaeTrainer(TestModels.tiny(3)).resume(vae, TestModels.stripes(300, 42), null);
        assertEquals(30, more.history().last().iterations());
        assertTrue(Double.isFinite(more.history().last().train().elbo()));
        assertTrue(more.history().last().train().elbo() > vae.history().epochs().get(0).train().elbo());
    }

    /** The outputs recorded in the expected file: for 4 fixed images, 3 fixed codes and fixed seeds. */
    private static Map<String, INDArray> outputs(Vae vae) {
        INDArray x = TestModels.stripes(300, 42).first(4).features();
        INDArray z = Nd4j.createFromArray(new float[][] {{0.5f, -1f}, {2f, 0.1f}, {0f, 0f}});
        Map<String, INDArray> out = new LinkedHashMap<>();
        DiagonalGaussian q = vae.encode(x);
        out.put("posteriorMean", q.mean());
        out.put("posteriorLogVariance", q.logVariance());
        out.put("decoded", vae.decode(z));
        out.put("generated", vae.generate(3, 11));
        out.put("elbo", vae.elbo(x, 5).elbo());
        return out;
    }

    /**
     * Writes a new fixture and its expected outputs into the folder named by {@code -Dvae4j.writeFixture=DIR}. Run
     * only when a new format version needs its own fixture:
     * {@code mvn -o test -pl vae-core -Dtest=ModelFixtureTest#writeFixture -Dvae4j.writeFixture=$PWD/vae-core/src/test/resources/org/vae4j/fixtures}.
     */
    @Test
    @EnabledIfSystemProperty(named = "vae4j.writeFixture", matches = ".+")
    void writeFixture() throws IOException {
        Path folder = Path.of(System.getProperty("vae4j.writeFixture"));
        ImageDataset data = TestModels.stripes(300, 42);
        Vae trained = new VaeTrainer(TestModels.tiny(2)).fit(data, TestModels.stripes(60, 43)).model();
        Path file = folder.resolve("model-v" + ModelFile.FORMAT_VERSION + ".vae");
        trained.save(file);
        Vae vae = Vae.load(file);
        ObjectMapper json = new ObjectMapper();
        ObjectNode expected = json.createObjectNode();
        outputs(vae).forEach((name, array) -> expected.set(name, json.valueToTree(array.dup().data().asDouble())));
        expected.put("validationElbo", vae.history().last().validation().elbo());
        json.writerWithDefaultPrettyPrinter().writeValue(
                folder.resolve("model-v" + ModelFile.FORMAT_VERSION + "-expected.json").toFile(), expected);
    }

    /** A test resource of this package, e.g. {@code fixtures/model-v1.vae}. */
    static InputStream resource(String name) {
        InputStream in = ModelFixtureTest.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("test resource org/vae4j/" + name + " is missing");
        }
        return in;
    }

    /** Copies a test resource of this package to {@code target}. */
    static Path copy(String name, Path target) throws IOException {
        try (InputStream in = resource(name)) {
            Files.copy(in, target);
        }
        return target;
    }
}
