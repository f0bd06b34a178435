package org.vae4j.examples.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.VaeConfig;
import org.vae4j.VaeTrainer;
import org.vae4j.console.CommandLines;
import org.vae4j.data.mnist.Mnist;
import org.vae4j.nn.MlpDecoder;
import org.vae4j.nn.MlpEncoder;

/** {@link SampleQualityTable} on small data: a classifier of 1,000 images, 200 samples, one 1-epoch VAE. */
class SampleQualityTableTest {
    @TempDir
    Path dir;

    @Test
    void printsTheFloorTheReferenceAndOneRowPerModel() throws Exception {
        Path model = dir.resolve("tiny.vae");
        VaeConfig config = VaeConfig.builder(Mnist.SHAPE, 8).encoder(MlpEncoder.relu(64))
                .decoder(MlpDecoder.relu(64)).epochs(1).seed(1).build();
        new VaeTrainer(config).fit(Mnist.train().first(1000)).model().save(model);

        int code = CommandLines.of(new SampleQualityTable()).execute("--model", model.toString(), "--samples", "200",
                "--train-size", "1000", "--classifier-epochs", "1", "--test-size", "500", "--cache",
                dir.resolve("cache").toString(), "--output", dir.toString());
        assertEquals(0, code);
        assertTrue(Files.isRegularFile(dir.resolve("cache/mnist-classifier-v1-n1000-e1-b64-lr0.001-s42.npz")));
        List<String> lines = Files.readAllLines(dir.resolve("sample-quality.md"));
        assertEquals(5, lines.size(), String.join("\n", lines));
        assertEquals("| images | n | FID (MNIST features) | Inception score |", lines.get(0));
        String[] floor = lines.get(2).split("\\|");
        assertEquals(" real training images (floor) ", floor[1]);
        assertEquals(" 200 ", floor[2]);
        assertTrue(lines.get(3).startsWith("| real test images (reference) | 500 | 0 | "), lines.get(3));
        String[] vae = lines.get(4).split("\\|");
        assertEquals(" tiny.vae, mean ", vae[1]);
        double floorFid = Double.parseDouble(floor[3].strip());
        double vaeFid = Double.parseDouble(vae[3].strip());
        // a VAE of one epoch on 1,000 images draws blurry digits: further from the test set than real images are
        assertTrue(floorFid > 0 && vaeFid > floorFid, lines.toString());
        double is = Double.parseDouble(vae[4].strip());
        assertTrue(is >= 1 && is <= 10, lines.get(4));
    }
}
