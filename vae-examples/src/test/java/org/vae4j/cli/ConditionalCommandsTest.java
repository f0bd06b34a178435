package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vae4j.cli.CliRun.vae4j;

import java.awt.image.BufferedImage;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.Vae;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.ImageShape;
import org.vae4j.data.mnist.Mnist;
import org.vae4j.image.ImageGrid;

/**
 * {@code vae4j train --conditional} on real MNIST (2 epochs on 10,000 images) and every model command on the
 * conditional model: sample draws one row per label, the latent tools pass each image's one-hot label. And
 * {@code sample} takes the image shape from the model, not from the square root of its input size.
 */
class ConditionalCommandsTest {
    @TempDir
    static Path run;
    static Path model;

    @BeforeAll
    static void trainAConditionalVae() {
        CliRun r = vae4j("train", "--conditional", "--epochs", "2", "--train-size", "10000", "--test-size", "200",
                "--latent-size", "2", "--progress", "off", "-o", run.toString());
        assertEquals(0, r.exitCode(), r.err());
        model = run.resolve("model.vae");
    }

    private static BufferedImage png(Path file) throws Exception {
        BufferedImage png = ImageIO.read(file.toFile());
        assertNotNull(png, file + " is not a PNG");
        return png;
    }

    private static String size(BufferedImage image) {
        return image.getWidth() + "x" + image.getHeight();
    }

    private static BufferedImage grid(ImageShape shape, int n, int columns) {
        return ImageGrid.of(shape).columns(columns).toImage(Nd4j.zeros(DataType.FLOAT, n, shape.size()));
    }

    /** Mean grey level (0-255) of the images in grid row {@code row} (28x28 images, default padding). */
    private static double rowBrightness(BufferedImage png, int row) {
        int pad = ImageGrid.DEFAULT_PADDING;
        int top = pad + row * (28 + pad);
        long sum = 0;
        for (int y = top; y < top + 28; y++) {
            for (int x = 0; x < png.getWidth(); x++) {
                sum += png.getRGB(x, y) & 0xff;
            }
        }
        return sum / (28.0 * png.getWidth());
    }

    @Test
    void trainConditionsOnTheTenDigitsAndTheReportDrawsARowPerDigit() throws Exception {
        Vae vae = Vae.load(model);
        assertEquals(10, vae.config().conditionSize());
        assertTrue(vae.history().last().validation().elbo() > -180, "a bound on log p(x|y) after 2 epochs: "
                + vae.history().last().validation());
        assertEquals(size(grid(Mnist.SHAPE, 80, 8)), size(png(run.resolve("samples-epoch-002.png"))));
    }

    @Test
    void sampleDrawsOneRowPerLabelAndTheRowsShowTheirDigit() throws Exception {
        Path out = run.resolve("digits.png");
        CliRun r = vae4j("sample", "-m", model.toString(), "--labels", "0-1,8", "--columns", "6", "-o",
                out.toString());
        assertEquals(0, r.exitCode(), r.err());
        BufferedImage png = png(out);
        assertEquals(size(grid(Mnist.SHAPE, 18, 6)), size(png));
        // a 1 has about half the ink of a 0 or an 8 (MNIST test means: 0 0.17, 1 0.08, 8 0.15 of full scale)
        double zero = rowBrightness(png, 0);
        double one = rowBrightness(png, 1);
        double eight = rowBrightness(png, 2);
        assertTrue(one < 0.75 * zero && one < 0.75 * eight, "brightness of rows 0, 1, 8: " + zero + ", " + one + ", "
                + eight);

        assertEquals(0, vae4j("sample", "-m", model.toString()).exitCode());
        assertEquals(size(grid(Mnist.SHAPE, 80, 8)), size(png(run.resolve("samples.png"))), "every digit by default");

        CliRun count = vae4j("sample", "-m", model.toString(), "-n", "5");
        assertEquals(1, count.exitCode());
        assertTrue(count.err().contains("--count: a conditional model draws one row of --columns images per label"),
                count.err());
        CliRun bad = vae4j("sample", "-m", model.toString(), "--labels", "3-12");
        assertEquals("Error: --labels 3-12: the model's labels are 0 to 9 (a range runs upwards)", bad.err().strip());
    }

    @Test
    void theLatentToolsPassEachImagesLabel(@TempDir Path dir) throws Exception {
        Path recon = run.resolve("recon.png");
        assertEquals(0, vae4j("reconstruct", "-m", model.toString(), "-n", "8", "-o", recon.toString()).exitCode());
        assertEquals(size(ImageGrid.of(Mnist.SHAPE).columns(8).toComparisonImage(Nd4j.zeros(DataType.FLOAT, 8, 784),
                Nd4j.zeros(DataType.FLOAT, 8, 784))), size(png(recon)));

        Path strip = run.resolve("strip.png");
        assertEquals(0, vae4j("interpolate", "-m", model.toString(), "--pairs", "1-7", "--steps", "5", "--scale",
                "1", "-o", strip.toString()).exitCode());
        assertEquals(size(grid(Mnist.SHAPE, 10, 5)), size(png(strip)));

        Path csv = run.resolve("codes.csv");
        assertEquals(0, vae4j("embed", "-m", model.toString(), "--limit", "50", "-o", csv.toString()).exitCode());
        assertEquals(51, Files.readAllLines(csv).size());

        CliRun evaluate = vae4j("evaluate", "-m", model.toString(), "--limit", "100", "-k", "0");
        assertEquals(0, evaluate.exitCode(), evaluate.err());
        assertTrue(evaluate.out().contains("a conditional VAE: each figure is given the image's label y"),
                evaluate.out());

        Path images = Vae4jCommandTest.writeImages(dir.resolve("images.idx"), Mnist.test().first(10), false);
        CliRun unlabelled = vae4j("reconstruct", "-m", model.toString(), "--images", images.toString());
        assertEquals(1, unlabelled.exitCode());
        assertTrue(unlabelled.err().contains(images + " has no labels; give them with --labels"), unlabelled.err());
    }

    @Test
    void conditionalTrainingNeedsLabelsAndAnObjectiveThatTakesThem(@TempDir Path dir) throws Exception {
        Path images = Vae4jCommandTest.writeImages(dir.resolve("images.idx"), Mnist.test().first(10), false);
        CliRun r = vae4j("train", "--conditional", "--images", images.toString(), "-o", dir.resolve("a").toString());
        assertEquals(1, r.exitCode());
        assertEquals("Error: --conditional conditions on each image's label, but the training images have no labels:"
                + " give --labels", r.err().strip());
        r = vae4j("train", "--conditional", "--objective", "iwae", "-o", dir.resolve("b").toString());
        assertEquals("Error: --conditional goes with --objective elbo or autoencoder, not iwae", r.err().strip());
    }

    /** Images of 14x56 pixels: 784 inputs, a square number, yet sample draws them 14x56. */
    @Test
    void sampleTakesTheImageShapeFromTheModel(@TempDir Path dir) throws Exception {
        ImageDataset mnist = Mnist.test().first(200);
        float[][] pixels = mnist.features().castTo(DataType.FLOAT).toFloatMatrix();
        Path images = dir.resolve("wide.idx");
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(images))) {
            out.writeInt(0x00000803);
            out.writeInt(pixels.length);
            out.writeInt(14);
            out.writeInt(56);
            for (float[] row : pixels) {
                for (float p : row) {
                    out.writeByte(Math.round(p * 255));
                }
            }
        }
        Path out = dir.resolve("run");
        assertEquals(0, vae4j("train", "--images", images.toString(), "--epochs", "1", "--hidden", "32",
                "--latent-size", "2", "--progress", "off", "--checkpoint-every", "0", "-o", out.toString()).exitCode());
        Path samples = out.resolve("samples.png");
        assertEquals(0, vae4j("sample", "-m", out.resolve("model.vae").toString(), "-n", "4", "--columns", "4")
                .exitCode());
        assertEquals(size(grid(ImageShape.grayscale(14, 56), 4, 4)), size(png(samples)));

        CliRun labels = vae4j("sample", "-m", out.resolve("model.vae").toString(), "--labels", "1");
        assertEquals("Error: --labels goes with a conditional model (vae4j train --conditional); "
                + out.resolve("model.vae") + " is not one", labels.err().strip());
    }
}
