package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.Vae;
import org.vae4j.data.mnist.Mnist;
import org.vae4j.image.ImageGrid;
import picocli.CommandLine;

/** Runs of vae4j train (TrainMnist's code) on small subsets of real MNIST: its files, checkpoints and --resume. */
class TrainCommandTest {

    @Test
    void writesSampleGridsReconstructionsAndALoadableModel(@TempDir Path out) throws Exception {
        int exit = new CommandLine(new TrainCommand()).execute("--epochs", "3", "--sample-every", "2",
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

        String report = Files.readString(out.resolve("report.html"));
        assertTrue(report.contains("After epoch 3 of 3 (training finished)"), "report.html after the last epoch");

        Vae model = Vae.load(out.resolve("model.vae"));
        assertEquals(784, model.generate(4, 1).columns());
        assertEquals(3, model.history().epochs().size());
        try (var files = Files.list(out)) {
            assertEquals(7, files.count(), "three sample grids, reconstructions, the report, the model and"
                    + " checkpoints/");
        }
        try (var files = Files.list(out.resolve("checkpoints"))) {
            assertEquals(List.of("best.vae", "epoch-0002.vae", "epoch-0003.vae"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    /** A run stopped after epoch 1 and resumed with --resume ends with the parameters of an uninterrupted run. */
    @Test
    void aResumedRunEndsWithTheParametersOfAnUninterruptedOne(@TempDir Path dir) throws Exception {
        String[] common = {"--train-size", "2000", "--test-size", "100", "--latent-size", "4"};
        Path whole = dir.resolve("whole");
        Path parts = dir.resolve("parts");
        assertEquals(0, run(common, "--epochs", "2", "--output", whole.toString()));
        assertEquals(0, run(common, "--epochs", "1", "--output", parts.toString()));
        assertEquals(0, run(common, "--epochs", "2", "--output", parts.toString(), "--resume"));
        Map<String, byte[]> expected = parameterEntries(whole.resolve("model.vae"));
        assertTrue(expected.size() >= 6, expected.keySet().toString());
        Map<String, byte[]> actual = parameterEntries(parts.resolve("model.vae"));
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((name, bytes) -> assertArrayEquals(bytes, actual.get(name), name));

        var err = new java.io.StringWriter();
        CommandLine cl = new CommandLine(new TrainCommand());
        cl.setErr(new java.io.PrintWriter(err));
        assertEquals(2, cl.execute("--resume"));
        assertTrue(err.toString().contains("--resume needs the --output folder"), err.toString());
    }

    private static int run(String[] common, String... more) {
        List<String> args = new ArrayList<>(List.of(common));
        args.addAll(List.of(more));
        return new CommandLine(new TrainCommand()).execute(args.toArray(String[]::new));
    }

    /** The bytes of every parameters/ entry of a model file. */
    private static Map<String, byte[]> parameterEntries(Path model) throws java.io.IOException {
        Map<String, byte[]> entries = new TreeMap<>();
        try (ZipFile zip = new ZipFile(model.toFile())) {
            for (ZipEntry e : zip.stream().filter(e -> e.getName().startsWith("parameters/")).toList()) {
                entries.put(e.getName(), zip.getInputStream(e).readAllBytes());
            }
        }
        return entries;
    }

    @Test
    void badFlagsGiveAUsageErrorNotAStackTrace() {
        var err = new java.io.StringWriter();
        CommandLine cl = new CommandLine(new TrainCommand());
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
