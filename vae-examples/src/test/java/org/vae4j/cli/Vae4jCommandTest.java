package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.awt.image.BufferedImage;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.Vae;
import org.vae4j.VaeConfig;
import org.vae4j.console.CommandLines;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.ImageShape;
import org.vae4j.data.mnist.Mnist;
import org.vae4j.image.ImageGrid;
import org.vae4j.likelihood.GaussianLikelihood;
import org.vae4j.nn.MlpDecoder;
import org.vae4j.nn.MlpEncoder;
import org.vae4j.objective.AutoencoderObjective;
import org.vae4j.objective.CapacityObjective;
import org.vae4j.objective.ElboObjective;
import org.vae4j.objective.IwaeObjective;
import org.vae4j.plot.LatentScatter;
import org.vae4j.schedule.ConstantSchedule;
import org.vae4j.schedule.CyclicalSchedule;
import org.vae4j.schedule.LinearWarmup;
import org.vae4j.schedule.StepUnit;
import picocli.CommandLine;

/**
 * Runs {@code vae4j} in-process on real MNIST: trains one epoch on 2,000 images into a temporary folder, then runs
 * every model command on the saved model and checks the files they write (PNG sizes, CSV rows) and the figures
 * {@code evaluate} prints; then the errors: wrong flags (exit code 2, picocli's message and a hint), missing and
 * corrupt files (exit code 1, one line naming the file, no stack trace).
 */
class Vae4jCommandTest {
    @TempDir
    static Path run;
    static Path model;


    static CliRun vae4j(String... args) {
        return CliRun.vae4j(args);
    }

    @BeforeAll
    static void trainOneEpoch() {
        CliRun r = vae4j("train", "--epochs", "1", "--train-size", "2000", "--test-size", "500", "--progress", "log",
                "-o", run.toString());
        assertEquals(0, r.exitCode(), r.err());
        model = run.resolve("model.vae");
    }

    /** The Logback logger of that name, whose level --verbose sets. */
    private static ch.qos.logback.classic.Logger logger(String name) {
        return ((ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory()).getLogger(name);
    }

    private static BufferedImage png(Path file) throws IOException {
        assertTrue(Files.isRegularFile(file), file + " was not written");
        BufferedImage png = ImageIO.read(file.toFile());
        assertNotNull(png, file + " is not a PNG");
        return png;
    }

    private static void assertSize(BufferedImage expected, Path file) throws IOException {
        BufferedImage png = png(file);
        assertEquals(expected.getWidth() + "x" + expected.getHeight(), png.getWidth() + "x" + png.getHeight(),
                file.getFileName().toString());
    }

    private static BufferedImage grid(int n, int columns, int scale) {
        return ImageGrid.of(Mnist.SHAPE).columns(columns).scale(scale).toImage(Nd4j.zeros(DataType.FLOAT, n, 784));
    }

    @Test
    void trainWritesTheModelSamplesReconstructionsAndCheckpoints() throws Exception {
        Vae vae = Vae.load(model);
        assertEquals(20, vae.config().latentSize());
        assertEquals(1, vae.history().epochs().size());
        assertTrue(vae.history().last().validation().elbo() < -100, "one epoch on 2,000 images: "
                + vae.history().last().validation());
        assertSize(grid(64, 8, 1), run.resolve("samples-epoch-001.png"));
        assertSize(ImageGrid.of(Mnist.SHAPE).columns(8).toComparisonImage(Nd4j.zeros(DataType.FLOAT, 32, 784),
                Nd4j.zeros(DataType.FLOAT, 32, 784)), run.resolve("reconstructions.png"));
        assertTrue(Files.isRegularFile(run.resolve("checkpoints/best.vae")));
    }

    @Test
    void sampleWritesAGridBesideTheModelOrWhereToldAndTakesAnImageSize() throws Exception {
        assertEquals(0, vae4j("sample", "--model", model.toString()).exitCode());
        assertSize(grid(64, 8, 1), run.resolve("samples.png"));

        Path out = run.resolve("sample/ten.png");
        assertEquals(0, vae4j("sample", "-m", model.toString(), "-n", "10", "--columns", "5", "--scale", "2",
                "-o", out.toString()).exitCode());
        assertSize(grid(10, 5, 2), out);

        Path tall = run.resolve("sample/tall.png");
        assertEquals(0, vae4j("sample", "-m", model.toString(), "-n", "4", "--columns", "4", "--image-size", "56x14",
                "-o", tall.toString()).exitCode());
        assertSize(ImageGrid.of(ImageShape.grayscale(56, 14)).columns(4).toImage(Nd4j.zeros(DataType.FLOAT, 4, 784)),
                tall);

        CliRun wrong = vae4j("sample", "-m", model.toString(), "--image-size", "10x10");
        assertEquals(1, wrong.exitCode());
        assertTrue(wrong.err().contains("--image-size 1x10x10 has 100 pixels but the model takes 784 inputs"),
                wrong.err());
    }

    @Test
    void reconstructWritesPairsOfTheFirstImages() throws Exception {
        Path out = run.resolve("recon.png");
        assertEquals(0, vae4j("reconstruct", "-m", model.toString(), "-n", "12", "--columns", "4", "-o",
                out.toString()).exitCode());
        assertSize(ImageGrid.of(Mnist.SHAPE).columns(4).toComparisonImage(Nd4j.zeros(DataType.FLOAT, 12, 784),
                Nd4j.zeros(DataType.FLOAT, 12, 784)), out);
    }

    @Test
    void interpolateWritesOneRowPerPairAndPath() throws Exception {
        Path out = run.resolve("interpolation-labels.png");
        assertEquals(0, vae4j("interpolate", "-m", model.toString(), "--pairs", "1-7,3-8", "--steps", "6", "-o",
                out.toString()).exitCode());
        assertSize(grid(4 * 6, 6, 2), out);

        Path byIndex = run.resolve("interpolation-indices.png");
        assertEquals(0, vae4j("interpolate", "-m", model.toString(), "--indices", "0-1", "--path", "slerp",
                "--steps", "5", "--scale", "1", "-o", byIndex.toString()).exitCode());
        assertSize(grid(5, 5, 1), byIndex);

        CliRun bad = vae4j("interpolate", "-m", model.toString(), "--indices", "0-10000");
        assertEquals(1, bad.exitCode());
        assertTrue(bad.err().contains("--indices 0-10000: index 10000 is not among the 10000 images"), bad.err());
    }

    @Test
    void embedWritesOneCsvRowPerImageAndAScatterPlot() throws Exception {
        Path csv = run.resolve("embed/codes.csv");
        assertEquals(0, vae4j("embed", "-m", model.toString(), "--limit", "300", "-o", csv.toString()).exitCode());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(301, lines.size());
        assertTrue(lines.get(0).startsWith("index,label,z_1,z_2,"), lines.get(0));
        assertEquals(2 + 2 * 20, lines.get(0).split(",").length);
        assertEquals(Mnist.test().label(0), Integer.parseInt(lines.get(1).split(",")[1]));
        BufferedImage scatter = png(run.resolve("embed/codes.png"));
        assertEquals(LatentScatter.WIDTH + "x" + LatentScatter.HEIGHT, scatter.getWidth() + "x" + scatter.getHeight());
    }

    @Test
    void evaluatePrintsFiniteFiguresAndTheImportanceSampledBoundIsAboveTheElbo() {
        CliRun r = vae4j("evaluate", "-m", model.toString(), "--limit", "200", "-k", "20", "--progress", "log");
        assertEquals(0, r.exitCode(), r.err());
        double elbo = number(r.out(), "ELBO\\s+(-?[0-9.]+)");
        double logPx = number(r.out(), "log p\\(x\\), IWAE k=20\\s+(-?[0-9.]+)");
        double bits = number(r.out(), "([0-9.]+) bits per dimension");
        double active = number(r.out(), "active latent dimensions\\s+([0-9]+)");
        double firstKl = number(r.out(), "KL per latent dimension\\s+([0-9.]+)");
        assertTrue(firstKl >= 0, r.out());
        assertTrue(elbo < -50 && elbo > -400, r.out());
        // L_20 >= L_1 in expectation; on 200 images the mean gap is several nats for a one-epoch model
        assertTrue(logPx > elbo && logPx < 0, r.out());
        assertEquals(-logPx / (784 * Math.log(2)), bits, 1e-4, r.out());
        assertTrue(active >= 1 && active <= 20, r.out());
    }

    @Test
    void evaluateOnTwoThreadsPrintsTheSameFigures() {
        // 200 images x k = 200: 40,000 pairs, enough for two threads (each with its own copy of the model)
        CliRun one = vae4j("evaluate", "-m", model.toString(), "--limit", "200", "-k", "200", "--threads", "1",
                "--progress", "log");
        CliRun two = vae4j("evaluate", "-m", model.toString(), "--limit", "200", "-k", "200", "--threads", "2",
                "--progress", "log");
        assertEquals(0, two.exitCode(), two.err());
        assertTrue(one.out().contains("log p(x), IWAE k=200"), one.out());
        assertEquals(one.out(), two.out());
        org.vae4j.Backend.setThreads(Math.min(org.vae4j.Backend.DEFAULT_THREADS,
                Runtime.getRuntime().availableProcessors())); // --threads set it for the process: back to the default
    }

    private static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no '" + regex + "' in:\n" + text);
        double v = Double.parseDouble(m.group(1));
        assertTrue(Double.isFinite(v), text);
        return v;
    }

    /** IDX files a user points vae4j at: a gzip-compressed training pair and a plain test pair. */
    @Test
    void trainsAndEmbedsOnIdxFilesGivenByTheUser(@TempDir Path dir) throws Exception {
        ImageDataset mnist = Mnist.test();
        Path images = writeImages(dir.resolve("images.idx.gz"), mnist.subset(0, 600), true);
        Path labels = writeLabels(dir.resolve("labels.idx.gz"), mnist.subset(0, 600), true);
        Path testImages = writeImages(dir.resolve("test-images.idx"), mnist.subset(600, 700), false);
        Path testLabels = writeLabels(dir.resolve("test-labels.idx"), mnist.subset(600, 700), false);
        Path out = dir.resolve("run");
        CliRun r = vae4j("train", "--images", images.toString(), "--labels", labels.toString(), "--test-images",
                testImages.toString(), "--test-labels", testLabels.toString(), "--epochs", "1", "--latent-size", "2",
                "--hidden", "64", "--beta-schedule", "cyclical", "--dynamic-binarization", "--checkpoint-every", "0",
                "-o", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        Vae vae = Vae.load(out.resolve("model.vae"));
        assertEquals(2, vae.config().latentSize());
        assertEquals(CyclicalSchedule.standard(), vae.config().beta());
        assertTrue(vae.config().dynamicBinarization());
        assertNotNull(vae.history().last().validation(), "the test pair is scored after the epoch");

        Path csv = out.resolve("embedding.csv");
        assertEquals(0, vae4j("embed", "-m", out.resolve("model.vae").toString(), "--images", testImages.toString(),
                "--labels", testLabels.toString()).exitCode());
        assertEquals(101, Files.readAllLines(csv).size());
        assertTrue(Files.isRegularFile(out.resolve("embedding.png")));
    }

    static Path writeImages(Path file, ImageDataset data, boolean gzip) throws IOException {
        float[][] pixels = data.features().castTo(DataType.FLOAT).toFloatMatrix();
        try (DataOutputStream out = new DataOutputStream(open(file, gzip))) {
            out.writeInt(0x00000803);
            out.writeInt(pixels.length);
            out.writeInt(28);
            out.writeInt(28);
            for (float[] row : pixels) {
                for (float p : row) {
                    out.writeByte(Math.round(p * 255));
                }
            }
        }
        return file;
    }

    static Path writeLabels(Path file, ImageDataset data, boolean gzip) throws IOException {
        try (DataOutputStream out = new DataOutputStream(open(file, gzip))) {
            out.writeInt(0x00000801);
            out.writeInt(data.size());
            for (int label : data.labels()) {
                out.writeByte(label);
            }
        }
        return file;
    }

    private static OutputStream open(Path file, boolean gzip) throws IOException {
        OutputStream out = Files.newOutputStream(file);
        return gzip ? new GZIPOutputStream(out) : out;
    }

    private static VaeConfig config(String... args) {
        TrainCommand train = new TrainCommand();
        CommandLines.configure(new CommandLine(train)).parseArgs(args);
        return train.config(org.vae4j.data.ImageShape.vector(784));
    }

    /** Each model option is one value of one option; the options parse into the library's types. */
    @Test
    void trainOptionsBuildTheConfiguration() {
        VaeConfig reference = config();
        assertEquals(VaeConfig.builder(784, 20).epochs(10).build(), reference, "the defaults are the reference model");

        VaeConfig c = config("--hidden", "256,128", "--latent-size", "8", "--likelihood", "gaussian", "--variance",
                "0.1", "--batch-size", "64", "--epochs", "3", "--seed", "7");
        assertEquals(MlpEncoder.relu(256, 128), c.encoder());
        assertEquals(MlpDecoder.relu(128, 256), c.decoder());
        assertEquals(GaussianLikelihood.fixedVariance(0.1), c.likelihood());
        assertEquals(8, c.latentSize());
        assertEquals(64, c.batchSize());
        assertEquals(3, c.epochs());
        assertEquals(7, c.seed());

        VaeConfig conv = config("--architecture", "conv", "--channels", "16,32");
        assertEquals(org.vae4j.nn.ConvEncoder.of(16, 32), conv.encoder());
        assertEquals(org.vae4j.nn.ConvDecoder.of(16, 32), conv.decoder());
        assertEquals(new IwaeObjective(3), config("--objective", "iwae", "--iwae-samples", "3").objective());
        assertEquals(ElboObjective.withFreeBits(0.5), config("--free-bits", "0.5").objective());
        assertEquals(CapacityObjective.linear(100, 20, 4), config("--objective", "capacity", "--capacity", "20",
                "--capacity-epochs", "4", "--gamma", "100").objective());
        assertEquals(new AutoencoderObjective(), config("--objective", "AUTOENCODER").objective());

        assertEquals(new ConstantSchedule(4), config("--beta", "4").beta());
        assertEquals(new LinearWarmup(0, 2, 3, StepUnit.EPOCHS), config("--beta", "2", "--beta-schedule", "warmup",
                "--warmup-epochs", "3").beta());
        assertEquals(new LinearWarmup(0, 1, 5, StepUnit.EPOCHS), config("--beta-schedule", "warmup").beta(),
                "warm-up over half of the 10 epochs by default");
        assertEquals(new CyclicalSchedule(2, 0.5, 1), config("--beta-schedule", "cyclical", "--cycles", "2").beta());
        assertTrue(config("--dynamic-binarization").dynamicBinarization());
    }

    @Test
    void optionsOfAnotherObjectiveOrScheduleAreNamedAsErrors() {
        CliRun r = vae4j("train", "--iwae-samples", "3", "--epochs", "1", "--train-size", "10");
        assertEquals(1, r.exitCode());
        assertEquals("Error: --iwae-samples goes with --objective iwae, not elbo", r.err().strip());
        r = vae4j("train", "--cycles", "3", "--beta-schedule", "warmup");
        assertEquals("Error: --cycles goes with --beta-schedule cyclical, not warmup", r.err().strip());
        r = vae4j("train", "--likelihood", "gaussian", "--dynamic-binarization");
        assertEquals(1, r.exitCode());
        assertEquals("Error: --dynamic-binarization goes with --likelihood bernoulli, not gaussian", r.err().strip());
    }

    @Test
    void aWrongFlagGivesExitCode2PicoclisMessageAndWhereToLook() {
        CliRun r = vae4j("train", "--epoch", "3");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("Unknown options: '--epoch', '3'"), r.err());
        assertTrue(r.err().contains("Possible solutions: --epochs"), r.err());
        assertTrue(r.err().contains("Try 'vae4j train --help' for the options."), r.err());

        CliRun value = vae4j("sample", "-m", model.toString(), "-n", "many");
        assertEquals(2, value.exitCode());
        assertTrue(value.err().contains("Invalid value for option '--count': 'many' is not an int"), value.err());

        CliRun enumValue = vae4j("train", "--architecture", "transformer");
        assertEquals(2, enumValue.exitCode());
        assertTrue(enumValue.err().contains("expected one of [mlp, conv]"), enumValue.err());

        CliRun missing = vae4j("sample");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("Missing required option: '--model=FILE'"), missing.err());
    }

    @Test
    void aCommandOptionBeforeTheCommandSaysWhichCommandTakesIt() {
        CliRun r = vae4j("--epochs", "3");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("'--epochs' is an option of a command; put the command first, e.g. 'vae4j train"
                + " --epochs ...'."), r.err());
    }

    @Test
    void missingAndCorruptFilesGiveOneLineNamingTheFileAndExitCode1(@TempDir Path dir) throws Exception {
        Path absent = dir.resolve("absent.vae");
        CliRun r = vae4j("sample", "--model", absent.toString());
        assertEquals(1, r.exitCode());
        assertEquals("Error: no such file: " + absent + " (model file not found)", r.err().strip());

        Path corrupt = Files.writeString(dir.resolve("corrupt.vae"), "not a model");
        r = vae4j("evaluate", "--model", corrupt.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().startsWith("Error: " + corrupt + ": is not a vae4j model file"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());

        Path badIdx = Files.writeString(dir.resolve("images.idx"), "hello, world");
        r = vae4j("train", "--images", badIdx.toString(), "-o", dir.resolve("run").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().startsWith("Error: --images " + badIdx + ": "), r.err());
        assertFalse(r.err().contains("\tat "), r.err());

        Path noLabels = dir.resolve("labels.idx");
        r = vae4j("reconstruct", "-m", model.toString(), "--images", badIdx.toString(), "--labels",
                noLabels.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains(noLabels.toString()), r.err());
    }

    @Test
    void imagesOfTheWrongSizeForTheModelAreNamed(@TempDir Path dir) throws Exception {
        Path small = dir.resolve("small.idx");
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(small))) {
            out.writeInt(0x00000803);
            out.writeInt(2);
            out.writeInt(10);
            out.writeInt(10);
            out.write(new byte[200]);
        }
        CliRun r = vae4j("reconstruct", "-m", model.toString(), "--images", small.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("the model takes 784 features per image but " + small + " holds 1x10x10 images"),
                r.err());
    }

    @Test
    void verboseRaisesTheLogLevelsAndPrintsStackTracesWhereverItIsGiven(@TempDir Path dir) {
        Path absent = dir.resolve("absent.vae");
        CliRun r = vae4j("--verbose", "sample", "--model", absent.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("java.nio.file.NoSuchFileException"), r.err());
        assertEquals(Level.INFO, logger("org.nd4j").getLevel());
        assertEquals(Level.DEBUG, logger("org.vae4j").getLevel());

        r = vae4j("sample", "--model", absent.toString());
        assertFalse(r.err().contains("NoSuchFileException"), r.err());
        assertEquals(Level.WARN, logger("org.nd4j").getLevel());
        assertEquals(Level.INFO, logger("org.vae4j").getLevel());

        r = vae4j("sample", "--model", absent.toString(), "-v");
        assertTrue(r.err().contains("java.nio.file.NoSuchFileException"), r.err());
        vae4j("sample", "--model", absent.toString());
    }

    @Test
    void helpListsTheCommandsAndEachCommandsOptions() {
        CliRun r = vae4j("--help");
        assertEquals(0, r.exitCode());
        for (String command : new String[] {"train", "sample", "reconstruct", "interpolate", "embed", "evaluate",
            "score"}) {
            assertTrue(r.out().contains("\n  " + command + " "), command + " missing from:\n" + r.out());
        }
        CliRun train = vae4j("help", "train");
        for (String option : new String[] {"--dataset", "--images", "--labels", "--test-images", "--architecture",
                "--hidden", "--latent-size", "--likelihood", "--beta", "--epochs", "--seed", "--output", "--resume",
                "--verbose", "--progress"}) {
            assertTrue(train.out().contains(option), option + " missing from:\n" + train.out());
        }
    }
}
