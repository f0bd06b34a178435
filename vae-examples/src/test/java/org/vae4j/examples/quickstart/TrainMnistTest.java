package org.vae4j.examples.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.VaeConfig;
import org.vae4j.Vae;
import org.vae4j.data.Mnist;
import org.vae4j.image.ImageGrid;
import picocli.CommandLine;

/** Smoke run of the MNIST training main on a small subset of real MNIST: its files exist and are what they say. */
class TrainMnistTest {

    @Test
    void writesSampleGridsReconstructionsAndALoadableModel(@TempDir Path out) throws Exception {
        int exit = new CommandLine(new TrainMnist()).execute("--epochs", "3", "--sample-every", "2",
                "--train-size", "6000", "--test-size", "200", "--output", out.toString());
        assertEquals(0, exit);

        ImageGrid grid = ImageGrid.of(Mnist.SHAPE).columns(8);
        BufferedImage expected = grid.toImage(Nd4j.zeros(DataType.FLOAT, 64, 784));
        for (String name : new String[] {"samples-epoch-001.png", "samples-epoch-002.png", "samples-epoch-003.png"}) {
            BufferedImage png = ImageIO.read(out.resolve(name).toFile());
            assertNotNull(png, name + " is not a PNG");
            assertEquals(expected.getWidth(), png.getWidth(), name);
            assertEquals(expected.getHeight(), png.getHeight(), name);
            assertTrue(looksLikeMnist(png), name + " should be bright digits on black, not grey noise: " + levels(png));
        }
        BufferedImage reconstructions = ImageIO.read(out.resolve("reconstructions.png").toFile());
        BufferedImage expectedComparison = grid.toComparisonImage(Nd4j.zeros(DataType.FLOAT, 32, 784),
                Nd4j.zeros(DataType.FLOAT, 32, 784));
        assertEquals(expectedComparison.getWidth(), reconstructions.getWidth());
        assertEquals(expectedComparison.getHeight(), reconstructions.getHeight());

        Vae model = Vae.load(out.resolve("model.sd"), VaeConfig.builder(784, 20).build());
        assertEquals(784, model.generate(4, 1).columns());
        try (var files = Files.list(out)) {
            assertEquals(5, files.count(), "three sample grids, reconstructions and the model, nothing else");
        }
    }

    @Test
    void badFlagsGiveAUsageErrorNotAStackTrace() {
        var err = new java.io.StringWriter();
        CommandLine cl = new CommandLine(new TrainMnist());
        cl.setErr(new java.io.PrintWriter(err));
        assertEquals(2, cl.execute("--epochs", "ten"));
        assertTrue(err.toString().contains("--epochs"), err.toString());
    }

    private static String levels(BufferedImage png) {
        java.util.IntSummaryStatistics s = new java.util.IntSummaryStatistics();
        for (int y = 0; y < png.getHeight(); y++) {
            for (int x = 0; x < png.getWidth(); x++) {
                s.accept(png.getRGB(x, y) & 0xff);
            }
        }
        return s.toString();
    }

    /** Mostly dark (an untrained Bernoulli decoder gives uniform grey 0.5) with some bright strokes. */
    private static boolean looksLikeMnist(BufferedImage png) {
        long sum = 0;
        int max = 0;
        for (int y = 0; y < png.getHeight(); y++) {
            for (int x = 0; x < png.getWidth(); x++) {
                int v = png.getRGB(x, y) & 0xff;
                sum += v;
                max = Math.max(max, v);
            }
        }
        return sum / (png.getWidth() * png.getHeight()) < 80 && max > 150;
    }
}
