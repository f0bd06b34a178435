package org.vae4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.data.table.CsvTable;
import org.vae4j.data.table.TableDataset;
import org.vae4j.data.table.TablePreprocessing;
import org.vae4j.data.table.TableSchema;
import org.vae4j.likelihood.MixedLikelihood;
import org.vae4j.nn.MlpDecoder;
import org.vae4j.nn.MlpEncoder;

/**
 * Backward compatibility of format version 2: {@code fixtures/model-v2-table.vae}, a tiny mixed-likelihood model
 * trained on {@code fixtures/model-v2-table.csv} and written with its table preprocessing, must load with the same
 * preprocessing and compute the reconstruction log-likelihoods recorded when it was written
 * ({@code model-v2-table-expected.json}), to 1e-5.
 */
class ModelFixtureV2Test {
    private static final String FIXTURE = "fixtures/model-v2-table.vae";
    private static final String TABLE = "fixtures/model-v2-table.csv";
    private static final String EXPECTED = "fixtures/model-v2-table-expected.json";

    @Test
    void theVersion2TableFixtureLoadsWithItsPreprocessingAndOutputs(@TempDir Path dir) throws IOException {
        Vae vae = Vae.load(ModelFixtureTest.copy(FIXTURE, dir.resolve("model.vae")));
        TablePreprocessing p = vae.preprocessing().orElseThrow();
        assertEquals(List.of("height", "weight", "colour", "smoker"),
                p.columns().stream().map(TablePreprocessing.Column::name).toList());
        assertEquals("kind", p.labelColumn());
        assertEquals(MixedLikelihood.of(p), vae.config().likelihood());
        TableDataset rows = CsvTable.read(ModelFixtureTest.copy(TABLE, dir.resolve("table.csv")), p).first(4);
        JsonNode expected;
        try (InputStream in = ModelFixtureTest.resource(EXPECTED)) {
            expected = new ObjectMapper().readTree(in);
        }
        double[] want = new ObjectMapper().convertValue(expected.get("reconstructionLogLikelihood"), double[].class);
        assertArrayEquals(want, vae.reconstructionLogLikelihood(rows.features()).toDoubleVector(), 1e-5);
        assertArrayEquals(new ObjectMapper().convertValue(expected.get("labels"), int[].class), rows.labels());
    }

    /**
     * Writes the fixture into the folder named by {@code -Dvae4j.writeFixture=DIR}:
     * {@code mvn -o test -pl vae-core -Dtest=ModelFixtureV2Test#writeFixture -Dvae4j.writeFixture=$PWD/vae-core/src/test/resources/org/vae4j/fixtures}.
     */
    @Test
    @EnabledIfSystemProperty(named = "vae4j.writeFixture", matches = ".+")
    void writeFixture() throws IOException {
        Path folder = Path.of(System.getProperty("vae4j.writeFixture"));
        Path csv = TablePreprocessingFileTest.table(folder.resolve("model-v2-table.csv"), 40, 1);
        TableDataset train = CsvTable.read(csv, TableSchema.inferred().withLabel("kind"));
        VaeConfig config = VaeConfig.builder(train.featureCount(), 2).encoder(MlpEncoder.relu(4))
                .decoder(MlpDecoder.relu(4)).likelihood(MixedLikelihood.of(train.preprocessing())).batchSize(8)
                .epochs(2).seed(3).build();
        Path file = folder.resolve("model-v2-table.vae");
        new VaeTrainer(config).fit(train).model().save(file);
        Vae vae = Vae.load(file);
        TableDataset rows = train.first(4);
        ObjectMapper json = new ObjectMapper();
        ObjectNode expected = json.createObjectNode();
        expected.set("reconstructionLogLikelihood", json.valueToTree(vae.reconstructionLogLikelihood(rows.features())
                .toDoubleVector()));
        expected.set("labels", json.valueToTree(rows.labels()));
        json.writerWithDefaultPrettyPrinter().writeValue(folder.resolve("model-v2-table-expected.json").toFile(),
                expected);
    }
}
