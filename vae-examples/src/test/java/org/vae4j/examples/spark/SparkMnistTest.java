package org.vae4j.examples.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.Checkpointer;
import org.vae4j.Vae;
import org.vae4j.console.CommandLines;

/**
 * SparkMnist on {@code local[2]} with real MNIST (1,000 training and 200 test images, one epoch, 2 partitions): it
 * writes a model file that {@link Vae#load} reads, a checkpoint, and one CSV part of scores per partition with a
 * line per test image; {@code --expect-same-as} accepts the model itself.
 */
class SparkMnistTest {
    @Test
    void trainsOnLocalSparkWritesALoadableModelCheckpointsAndScores(@TempDir Path out) throws IOException {
        int code = CommandLines.of(new SparkMnist()).execute("--master", "local[2]", "--epochs", "1", "--train-size",
                "1000", "--test-size", "200", "--batch-size", "100", "--score", "--k", "5", "--output",
                out.resolve("run").toString());
        assertEquals(0, code);
        Vae model = Vae.load(out.resolve("run/model.vae"));
        assertEquals(10, model.history().last().iterations());
        assertTrue(model.history().last().validation().elbo() > -400, "validation ELBO "
                + model.history().last().validation().elbo());
        assertTrue(Files.isRegularFile(out.resolve("run/checkpoints").resolve(Checkpointer.fileName(1))));
        long lines = 0;
        for (String part : List.of("part-00000", "part-00001")) {
            List<String> rows = Files.readAllLines(out.resolve("run/scores").resolve(part));
            assertTrue(rows.get(0).startsWith("index,elbo,log_likelihood,anomaly_score,reconstruction_score,z_1,"));
            lines += rows.size() - 1;
        }
        assertEquals(200, lines);
        assertEquals(0, CommandLines.of(new SparkMnist()).execute("--master", "local[2]", "--epochs", "1",
                "--train-size", "1000", "--test-size", "200", "--batch-size", "100", "--expect-same-as",
                out.resolve("run/model.vae").toString(), "--output", out.resolve("again").toString()));
    }
}
