package org.vae4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.data.table.CsvTable;
import org.vae4j.data.table.TableDataset;
import org.vae4j.data.table.TableSchema;
import org.vae4j.likelihood.MixedLikelihood;
import org.vae4j.nn.MlpDecoder;
import org.vae4j.nn.MlpEncoder;

/**
 * A VAE with the mixed likelihood learns a table whose columns share one hidden factor t: two numeric columns
 * (t and 2t, each with noise of standard deviation 0.1), a binary one (t > 0) and a categorical one (the tercile of
 * t). Independent standardized Gaussians would score -1.42 nats per numeric column; the model, which can infer t
 * from any column, must do far better, and its evaluation splits log p(x|z) by feature group.
 */
class MixedTableTrainingTest {

    static Path correlatedTable(Path file, int rows, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder s = new StringBuilder("id,a,b,positive,tercile\n");
        for (int i = 0; i < rows; i++) {
            double t = r.nextGaussian();
            s.append(String.format(Locale.ROOT, "%d,%.4f,%.4f,%s,%s%n", i, t + 0.1 * r.nextGaussian(),
                    2 * t + 0.1 * r.nextGaussian(), t > 0 ? "yes" : "no", t < -0.43 ? "low" : t > 0.43 ? "high"
                            : "mid"));
        }
        Files.writeString(file, s, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void theMixedLikelihoodLearnsACorrelatedTableAndReportsItsTerms(@TempDir Path dir) throws IOException {
        TableSchema schema = TableSchema.inferred().ignoring("id").withBinary("positive");
        TableDataset train = CsvTable.read(correlatedTable(dir.resolve("train.csv"), 1024, 1), schema);
        TableDataset test = CsvTable.read(correlatedTable(dir.resolve("test.csv"), 512, 2), train.preprocessing());
        MixedLikelihood likelihood = MixedLikelihood.of(train.preprocessing());
        assertEquals(List.of("continuous", "binary", "categorical"), likelihood.termNames());
        VaeConfig config = VaeConfig.builder(train.featureCount(), 2).encoder(MlpEncoder.relu(32))
                .decoder(MlpDecoder.relu(32)).likelihood(likelihood).batchSize(64).epochs(30).seed(7).build();
        Vae vae = new VaeTrainer(config).fit(train).model();
        Evaluation e = vae.evaluate(test, 0, 3);
        System.out.println(e.describe());
        double continuous = e.logLikelihoodTerms().get("continuous");
        double sum = e.logLikelihoodTerms().values().stream().mapToDouble(Double::doubleValue).sum();
        assertEquals(e.elbo().logLikelihood(), sum, 1e-4, "the terms sum to log p(x|z)");
        // independent standard normals: 2 * -1/2 log(2 pi e) = -2.84 nats for the two numeric columns
        assertTrue(continuous > 0.5, "continuous term " + continuous + " nats"); // measured 1.14
        assertTrue(e.logLikelihoodTerms().get("binary") > -0.35, e.describe()); // log 2 = 0.69 for a coin
        assertTrue(e.logLikelihoodTerms().get("categorical") > -0.6, e.describe()); // log 3 = 1.10 for a die
        assertTrue(e.describe().contains("log p(x|z) by feature group: continuous = "), e.describe());
    }
}
