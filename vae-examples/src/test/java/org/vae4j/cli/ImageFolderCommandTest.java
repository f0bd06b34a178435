package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.EpochRecord;
import org.vae4j.Vae;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.ImageShape;
import org.vae4j.data.folder.ImageFolder;
import org.vae4j.data.mnist.Mnist;

/**
 * {@code vae4j train / evaluate / embed --image-folder}: a folder of MNIST test digits 0 and 1 written as PNGs,
 * read at half size; a model trained on it for 3 epochs, evaluated and embedded on it; and the errors.
 */
class ImageFolderCommandTest {
    private static final int PER_CLASS = 60;

    @TempDir
    static Path dir;
    static Path train;
    static Path test;
    /** The MNIST test images written into {@link #train}, in the folder's order (zero/, then one/). */
    static float[][] written;


    static CliRun vae4j(String... args) {
        return CliRun.vae4j(args);
    }

    /** Writes the first {@code PER_CLASS} (train) and the next 20 (test) MNIST test 0s and 1s as 8-bit grey PNGs. */
    @BeforeAll
    static void writeFolders() throws IOException {
        ImageDataset mnist = Mnist.test();
        train = dir.resolve("train");
        test = dir.resolve("test");
        written = new float[2 * PER_CLASS][];
        String[] names = {"zero", "one"};
        for (int digit = 0; digit < 2; digit++) {
            int n = 0;
            for (int i = 0; n < PER_CLASS + 20; i++) {
                if (mnist.label(i) != digit) {
                    continue;
                }
                float[] pixels = mnist.rows(i, i + 1).toFloatVector();
                BufferedImage png = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
                png.getRaster().setPixels(0, 0, 28, 28, toBytes(pixels));
                Path folder = (n < PER_CLASS ? train : test).resolve(names[digit]);
                Files.createDirectories(folder);
                ImageIO.write(png, "png", folder.resolve(String.format(Locale.ROOT, "%05d.png", i)).toFile());
                if (n < PER_CLASS) {
                    written[(1 - digit) * PER_CLASS + n] = pixels; // "one" sorts before "zero"
                }
                n++;
            }
        }
    }

    private static int[] toBytes(float[] pixels) {
        int[] b = new int[pixels.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = Math.round(pixels[i] * 255);
        }
        return b;
    }

    @Test
    void readsEachPngAsTheMeanOf2x2MnistPixels() throws IOException {
        ImageFolder folder = ImageFolder.read(train, ImageFolder.Options.grayscale().resize(14, 14));

        assertEquals(List.of("one", "zero"), folder.classNames());
        ImageDataset data = folder.dataset();
        assertEquals(2 * PER_CLASS, data.size());
        for (int i : new int[] {0, PER_CLASS - 1, PER_CLASS, 2 * PER_CLASS - 1}) {
            float[] expected = new float[14 * 14];
            for (int y = 0; y < 14; y++) {
                for (int x = 0; x < 14; x++) {
                    float[] p = written[i];
                    expected[y * 14 + x] = (p[2 * y * 28 + 2 * x] + p[2 * y * 28 + 2 * x + 1]
                            + p[(2 * y + 1) * 28 + 2 * x] + p[(2 * y + 1) * 28 + 2 * x + 1]) / 4;
                }
            }
            assertArrayEquals(expected, data.rows(i, i + 1).toFloatVector(), 1e-6f, "image " + i);
            assertEquals(i < PER_CLASS ? 0 : 1, data.label(i));
        }
    }

    @Test
    void trainsEvaluatesAndEmbedsOnAFolder() throws Exception {
        Path out = dir.resolve("run");
        CliRun r = vae4j("train", "--image-folder", train.toString(), "--test-image-folder", test.toString(),
                "--image-size", "14x14", "--image-channels", "1", "--epochs", "3", "--batch-size", "16",
                "--latent-size", "2", "--hidden", "64", "--checkpoint-every", "0", "--progress", "log",
                "-o", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        Vae vae = Vae.load(out.resolve("model.vae"));
        assertEquals(new ImageShape(1, 14, 14), vae.config().inputShape());
        List<EpochRecord> epochs = vae.history().epochs();
        assertEquals(3, epochs.size());
        assertNotNull(epochs.get(2).validation(), "the test folder is scored after every epoch");
        double first = epochs.get(0).validation().elbo();
        double last = epochs.get(2).validation().elbo();
        assertTrue(last > first + 5, "24 steps should raise the test ELBO: " + first + " -> " + last);
        assertTrue(Files.isRegularFile(out.resolve("reconstructions.png")));

        // evaluate reads the folder in the model's shape without being told it, the same pixels as the library
        r = vae4j("evaluate", "-m", out.resolve("model.vae").toString(), "--image-folder", train.toString(),
                "-k", "5", "--progress", "log");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("on " + train + " (120 images)"), r.out());
        Matcher m = Pattern.compile("ELBO\\s+(-?[0-9.]+)").matcher(r.out());
        assertTrue(m.find(), r.out());
        ImageDataset data = ImageFolder.read(train, ImageFolder.Options.of(vae.config().inputShape())).dataset();
        assertEquals(vae.evaluate(data, 5, 0).elbo().elbo(), Double.parseDouble(m.group(1)), 0.006, r.out());

        Path csv = out.resolve("embedding.csv");
        assertEquals(0, vae4j("embed", "-m", out.resolve("model.vae").toString(), "--image-folder", test.toString(),
                "-o", csv.toString()).exitCode());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(41, lines.size());
        assertEquals("0", lines.get(1).split(",")[1]); // one/ first
        assertEquals("1", lines.get(40).split(",")[1]);
    }

    @Test
    void trainsOnRgbByDefault() throws Exception {
        Path out = dir.resolve("rgb-run");
        CliRun r = vae4j("train", "--image-folder", train.toString(), "--image-size", "8x8", "--epochs", "1",
                "--latent-size", "2", "--hidden", "16", "--checkpoint-every", "0", "--progress", "off",
                "-o", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(new ImageShape(3, 8, 8), Vae.load(out.resolve("model.vae")).config().inputShape());
        BufferedImage samples = ImageIO.read(out.resolve("samples-epoch-001.png").toFile());
        assertNotNull(samples);
        assertEquals(3, samples.getColorModel().getNumColorComponents(), "an RGB model's samples are colour PNGs");
    }

    @Test
    void badFoldersAndOptionsAreOneLineNamingTheFileOrOption() throws IOException {
        Path bad = dir.resolve("bad");
        Files.createDirectories(bad.resolve("a"));
        Files.copy(train.resolve("one").resolve(Files.list(train.resolve("one")).findFirst().orElseThrow()
                .getFileName()), bad.resolve("a/x.png"));
        Path notes = Files.writeString(bad.resolve("a/notes.txt"), "hello");
        CliRun r = vae4j("train", "--image-folder", bad.toString(), "-o", dir.resolve("bad-run").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().startsWith("Error: --image-folder " + notes + ": is not an image file"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(Files.exists(dir.resolve("bad-run/model.vae")));

        Path missing = dir.resolve("missing");
        r = vae4j("train", "--image-folder", missing.toString(), "-o", dir.resolve("bad-run").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().startsWith("Error: --image-folder " + missing + ": does not exist"), r.err());

        r = vae4j("train", "--image-folder", train.toString(), "--image-size", "14by14");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("'14by14' is not a size HxW in pixels, e.g. 28x28"), r.err());

        r = vae4j("train", "--image-size", "14x14", "--epochs", "1", "-o", dir.resolve("bad-run").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("--image-size and --image-channels go with --image-folder"), r.err());

        r = vae4j("train", "--image-folder", train.toString(), "--image-channels", "2", "-o",
                dir.resolve("bad-run").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("--image-channels must be 1 (grayscale) or 3 (RGB), got 2"), r.err());

        r = vae4j("train", "--image-folder", train.toString(), "--images", notes.toString(), "-o",
                dir.resolve("bad-run").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("--image-folder (with --test-image-folder) goes without --dataset, --images"),
                r.err());
    }
}
