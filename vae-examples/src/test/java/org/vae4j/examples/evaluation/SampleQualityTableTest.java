package org.vae4j.examples.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.Vae;
import org.vae4j.VaeConfig;
import org.vae4j.VaeTrainer;
import org.vae4j.console.CommandLines;
import org.vae4j.data.mnist.Mnist;
import org.vae4j.gan.Gan;
import org.vae4j.gan.GanConfig;
import org.vae4j.gan.GanTrainer;
import org.vae4j.nn.MlpDecoder;
import org.vae4j.nn.MlpEncoder;

/**
 * {@link SampleQualityTable} on small data: a classifier of 1,000 images, 200 samples, a 1-epoch VAE and a 1-epoch
 * GAN.
 */
class SampleQualityTableTest {
    @TempDir
    Path dir;

    @Test
    void printsTheFloorTheReferenceAndOneRowPerModel() throws Exception {
        Path model = dir.resolve("tiny.vae");
        VaeConfig config = VaeConfig.builder(Mnist.SHAPE, 8).encoder(MlpEncoder.relu(64))
                .decoder(MlpDecoder.relu(64)).epochs(1).seed(1).build();
        Vae trained = new VaeTrainer(config).fit(Mnist.train().first(1000)).model();
        trained.save(model);
        Path ganFile = dir.resolve("tiny.gan");
        GanConfig ganConfig = GanConfig.mlpMnist().toBuilder().generatorLayers(32).discriminatorLayers(32).epochs(1)
                .seed(1).build();
        Gan gan = new GanTrainer(ganConfig).fit(Mnist.train().first(256));
        gan.save(ganFile);

        int code = CommandLines.of(new SampleQualityTable()).execute("--model", model.toString(), "--model",
                ganFile.toString(), "--samples", "200",
                "--train-size", "1000", "--classifier-epochs", "1", "--test-size", "500", "--cache",
                dir.resolve("cache").toString(), "--output", dir.toString());
        assertEquals(0, code);
        assertTrue(Files.isRegularFile(dir.resolve("cache/mnist-classifier-v1-n1000-e1-b64-lr0.001-s42.npz")));
        List<String> lines = Files.readAllLines(dir.resolve("sample-quality.md"));
        assertEquals(6, lines.size(), String.join("\n", lines));
        assertEquals("| images | n | FID (MNIST features) | Inception score | training (min) |", lines.get(0));
        String[] floor = lines.get(2).split("\\|");
        assertEquals(" real training images (floor) ", floor[1]);
        assertEquals(" 200 ", floor[2]);
        assertTrue(lines.get(3).startsWith("| real test images (reference) | 500 | 0 | "), lines.get(3));
        String[] vae = lines.get(4).split("\\|");
        assertEquals(" VAE (MLP, 1 epoch, mean) ", vae[1]);
        assertEquals(String.format(Locale.ROOT, " %.1f ", trained.history().epochs().get(0).seconds() / 60), vae[5]);
        String[] ganRow = lines.get(5).split("\\|");
        assertEquals(" GAN (MLP, non-saturating, 1 epoch) ", ganRow[1]);
        assertEquals(" 200 ", ganRow[2]);
        assertEquals(String.format(Locale.ROOT, " %.1f ", gan.history().epochs().get(0).seconds() / 60), ganRow[5]);
        // a GAN of one epoch (4 updates) on 256 images draws noise: far from the test set
        assertTrue(Double.parseDouble(ganRow[3].strip()) > floorFidOf(lines), lines.get(5));
        double floorFid = Double.parseDouble(floor[3].strip());
        double vaeFid = Double.parseDouble(vae[3].strip());
        // a VAE of one epoch on 1,000 images draws blurry digits: further from the test set than real images are
        assertTrue(floorFid > 0 && vaeFid > floorFid, lines.toString());
        double is = Double.parseDouble(vae[4].strip());
        assertTrue(is >= 1 && is <= 10, lines.get(4));
    }

    private static double floorFidOf(List<String> lines) {
        return Double.parseDouble(lines.get(2).split("\\|")[3].strip());
    }
}
