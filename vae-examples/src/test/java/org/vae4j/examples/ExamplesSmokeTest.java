package org.vae4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.console.CommandLines;
import org.vae4j.data.mnist.Mnist;
import org.vae4j.examples.advanced.AutoencoderVsVae;
import org.vae4j.examples.advanced.BetaVae;
import org.vae4j.cli.TrainCommand;
import org.vae4j.examples.evaluation.EvaluateModel;
import org.vae4j.examples.evaluation.MnistLogLikelihood;
import org.vae4j.examples.quickstart.InterpolateDigits;
import org.vae4j.examples.quickstart.LatentSpace2d;
import org.vae4j.examples.quickstart.PlotTrainingCurves;
import org.vae4j.image.ImageGrid;
import org.vae4j.latent.Embedding;
import org.vae4j.plot.LatentScatter;
import org.vae4j.plot.TrainingCurves;
import org.vae4j.report.RunReport;

/**
 * Runs every example main on a small subset of real MNIST (one epoch, 1,000 training images, 200 test images) and
 * checks that it writes the files it documents: valid PNGs of the expected pixel size, a CSV with the expected
 * rows and columns. MNIST is found as for a user ({@code VAE4J_MNIST_DIR}, the cache, or a download).
 */
class ExamplesSmokeTest {
    private static String[] args(Path out, String... more) {
        return args(1, out, more);
    }

    private static String[] args(int epochs, Path out, String... more) {
        return Stream.concat(Stream.of("--epochs", Integer.toString(epochs), "--train-size", "1000", "--test-size",
                "200", "--output", out.toString()), Stream.of(more)).toArray(String[]::new);
    }

    private static int run(Object example, String... args) {
        return CommandLines.of(example).execute(args);
    }

    /** The file is a PNG of exactly this size. */
    private static BufferedImage assertPng(Path file, int width, int height) throws Exception {
        assertTrue(Files.isRegularFile(file), file + " was not written");
        BufferedImage png = ImageIO.read(file.toFile());
        assertNotNull(png, file + " is not a PNG");
        assertEquals(width + "x" + height, png.getWidth() + "x" + png.getHeight(), file.getFileName().toString());
        return png;
    }

    /** The size of a grid of n MNIST images. */
    private static BufferedImage grid(int n, int columns, int scale) {
        return ImageGrid.of(Mnist.SHAPE).columns(columns).scale(scale).toImage(Nd4j.zeros(DataType.FLOAT, n, 784));
    }

    private static void assertGrid(Path file, int n, int columns, int scale) throws Exception {
        BufferedImage expected = grid(n, columns, scale);
        assertPng(file, expected.getWidth(), expected.getHeight());
    }

    private static void assertFiles(Path out, String... names) throws Exception {
        try (var files = Files.list(out)) {
            assertEquals(List.of(names).stream().sorted().toList(),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    /** The folder holds a run report with these sections (headings) after the built-in ones. */
    private static void assertReport(Path folder, String... sections) throws Exception {
        String html = Files.readString(folder.resolve(RunReport.FILE_NAME));
        for (String s : List.of("Summary", "Configuration", "Learning curves", "Samples", "Reconstructions")) {
            assertTrue(html.contains("<h2>" + s + "</h2>"), folder + ": " + s);
        }
        for (String s : sections) {
            assertTrue(html.contains("<h2>" + s + "</h2>"), folder + ": " + s);
        }
    }

    @Test
    void interpolationWritesLinearAndSlerpStripsForEachPairFromALoadedModel(@TempDir Path dir) throws Exception {
        Path trained = dir.resolve("trained");
        assertEquals(0, run(new TrainCommand(), "--epochs", "1", "--train-size", "500", "--test-size", "50",
                "--output", trained.toString()));
        Path out = dir.resolve("out");
        assertEquals(0, run(new InterpolateDigits(), args(out, "--model", trained.resolve("model.vae").toString(),
                "--steps", "6")));
        assertFiles(out, "endpoints.png", "interpolation-1-4-linear.png", "interpolation-1-4-slerp.png",
                "interpolation-1-7-linear.png", "interpolation-1-7-slerp.png");
        for (String pair : new String[] {"1-4", "1-7"}) {
            assertGrid(out.resolve("interpolation-" + pair + "-linear.png"), 6, 6, 2);
            assertGrid(out.resolve("interpolation-" + pair + "-slerp.png"), 6, 6, 2);
        }
        assertGrid(out.resolve("endpoints.png"), 4, 2, 2);
        // both strips start at the reconstruction of the same 1
        BufferedImage linear = ImageIO.read(out.resolve("interpolation-1-7-linear.png").toFile());
        BufferedImage slerp = ImageIO.read(out.resolve("interpolation-1-7-slerp.png").toFile());
        int cell = 2 + 56;
        assertArrayEquals(linear.getRGB(0, 0, cell, cell, null, 0, cell), slerp.getRGB(0, 0, cell, cell, null, 0, cell));

        StringWriter err = new StringWriter();
        var cl = CommandLines.of(new InterpolateDigits());
        cl.setErr(new PrintWriter(err));
        assertEquals(1, cl.execute(args(dir.resolve("bad"), "--pairs", "1-x")));
        assertTrue(err.toString().contains("--pairs takes pairs like 1-7, got '1-x'"), err.toString());
    }

    @Test
    void latentSpace2dWritesTheEmbeddingCsvTheScatterPlotAndTheManifold(@TempDir Path out) throws Exception {
        assertEquals(0, run(new LatentSpace2d(), args(out, "--grid", "5")));
        assertFiles(out, "embedding.csv", "manifold.png", "scatter.png", "report.html", "reconstructions.png",
                "samples-epoch-001.png");
        assertReport(out, "Latent space");
        List<String> lines = Files.readAllLines(out.resolve("embedding.csv"));
        assertEquals("index,label,z_1,z_2,log_var_1,log_var_2", lines.get(0));
        assertEquals(201, lines.size());
        Embedding embedding = Embedding.readCsv(out.resolve("embedding.csv"));
        assertEquals(2, embedding.latentSize());
        assertArrayEquals(Mnist.test().first(200).labels(), embedding.labels());
        assertPng(out.resolve("scatter.png"), LatentScatter.WIDTH, LatentScatter.HEIGHT);
        assertGrid(out.resolve("manifold.png"), 25, 5, 1);
    }

    @Test
    void trainingCurvesAreThreePanels(@TempDir Path out) throws Exception {
        assertEquals(0, run(new PlotTrainingCurves(), args(2, out)));
        assertFiles(out, "curves.png", "report.html", "reconstructions.png", "samples-epoch-001.png",
                "samples-epoch-002.png");
        assertReport(out);
        assertPng(out.resolve("curves.png"), 3 * TrainingCurves.PANEL_WIDTH, TrainingCurves.PANEL_HEIGHT);
    }

    @Test
    void autoencoderVsVaeWritesSamplesAndReconstructionsOfEach(@TempDir Path out) throws Exception {
        assertEquals(0, run(new AutoencoderVsVae(), args(out, "--latent-size", "8")));
        assertFiles(out, "reconstructions-ae.png", "reconstructions-vae.png", "samples-ae.png", "samples-vae.png",
                "ae", "vae");
        assertReport(out.resolve("ae"), "Autoencoder vs VAE");
        assertReport(out.resolve("vae"), "Autoencoder vs VAE");
        assertGrid(out.resolve("samples-ae.png"), 64, 8, 1);
        assertGrid(out.resolve("samples-vae.png"), 64, 8, 1);
        BufferedImage comparison = ImageGrid.of(Mnist.SHAPE).columns(8).toComparisonImage(
                Nd4j.zeros(DataType.FLOAT, 32, 784), Nd4j.zeros(DataType.FLOAT, 32, 784));
        assertPng(out.resolve("reconstructions-ae.png"), comparison.getWidth(), comparison.getHeight());
        assertPng(out.resolve("reconstructions-vae.png"), comparison.getWidth(), comparison.getHeight());
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(out.resolve("samples-ae.png")),
                Files.readAllBytes(out.resolve("samples-vae.png"))), "two different models");
    }

    @Test
    void betaVaeWritesOneTraversalPerBetaWithARowPerDimension(@TempDir Path out) throws Exception {
        assertEquals(0, run(new BetaVae(), args(out, "--latent-size", "3", "--steps", "5", "--betas", "1,4")));
        assertFiles(out, "traversal-beta-1.png", "traversal-beta-4.png", "beta-1", "beta-4");
        assertReport(out.resolve("beta-1"), "Latent traversals");
        assertReport(out.resolve("beta-4"), "Latent traversals");
        assertGrid(out.resolve("traversal-beta-1.png"), 15, 5, 2);
        assertGrid(out.resolve("traversal-beta-4.png"), 15, 5, 2);
    }

    @Test
    void mnistLogLikelihoodTrainsSavesAndScoresWithImportanceSampling(@TempDir Path out) throws Exception {
        assertEquals(0, run(new MnistLogLikelihood(), args(out, "--objective", "IWAE", "--samples", "3",
                "--hidden", "32", "--latent-size", "4", "--eval-samples", "20")));
        assertFiles(out, "model.vae", "evaluation.txt", "report.html", "reconstructions.png", "samples-epoch-001.png");
        assertReport(out, "Test set");
        String text = Files.readString(out.resolve("evaluation.txt"));
        assertTrue(text.startsWith("IWAE (k = 3) trained 1 epochs"), text);
        java.util.regex.Matcher nll = java.util.regex.Pattern.compile("NLL = ([0-9.]+) \\(importance sampling, k = 20")
                .matcher(text);
        assertTrue(nll.find(), text);
        double value = Double.parseDouble(nll.group(1));
        // one epoch on 1,000 binarized images: far from trained, but a real log-likelihood of 784 binary pixels
        assertTrue(value > 100 && value < 543, "NLL " + value + " (543 nats = 784 fair coins)");
        org.vae4j.Vae vae = org.vae4j.Vae.load(out.resolve("model.vae"));
        assertTrue(vae.config().dynamicBinarization());
        assertEquals(new org.vae4j.objective.IwaeObjective(3), vae.config().objective());

        Path again = out.resolve("evaluate");
        assertEquals(0, run(new EvaluateModel(), args(again, "--model", out.resolve("model.vae").toString(),
                "--importance-samples", "20")));
    }

    @Test
    void everyExampleHasHelpWithTheSharedOptions() {
        for (Object example : List.of(new TrainCommand(), new InterpolateDigits(), new LatentSpace2d(),
                new PlotTrainingCurves(), new AutoencoderVsVae(), new BetaVae(), new MnistLogLikelihood(),
                new EvaluateModel())) {
            StringWriter help = new StringWriter();
            var cl = CommandLines.of(example);
            cl.setOut(new PrintWriter(help));
            assertEquals(0, cl.execute("--help"));
            for (String option : new String[] {"--epochs", "--train-size", "--test-size", "--seed", "--threads",
                    "--mnist-dir", "--output"}) {
                assertTrue(help.toString().contains(option), example.getClass().getSimpleName() + " lacks " + option);
            }
        }
    }
}
