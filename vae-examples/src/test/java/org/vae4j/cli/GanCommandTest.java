package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vae4j.cli.CliRun.vae4j;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.vae4j.gan.Gan;
import org.vae4j.gan.GanArchitecture;
import org.vae4j.gan.GanConfig;
import org.vae4j.gan.GanLoss;
import picocli.CommandLine;
import org.vae4j.gan.GanEpochRecord;
import org.vae4j.image.ImageGrid;

/**
 * {@code vae4j gan} on 256 MNIST images: the files it writes, the grids from fixed noise, the report's figures, the
 * saved model, resume, and the errors of its options.
 */
class GanCommandTest {
    private static CliRun gan(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("gan", "--train-size", "256", "--batch-size", "64", "--progress",
                "off", "-o", out.toString()));
        args.addAll(List.of(more));
        return vae4j(args.toArray(String[]::new));
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    @Test
    void trainsWritesTheGridsReportAndModelAndResumesExactly(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        CliRun run = gan(out, "--epochs", "2", "--grid-epochs", "1,2");
        assertEquals(0, run.exitCode(), run.err());
        for (String name : List.of("samples-epoch-001.png", "samples-epoch-002.png", "losses.png", "report.html",
                "model.gan", "gan.log", "checkpoints/epoch-0002.gan")) {
            assertTrue(Files.isRegularFile(out.resolve(name)), name);
        }
        BufferedImage first = ImageIO.read(out.resolve("samples-epoch-001.png").toFile());
        BufferedImage second = ImageIO.read(out.resolve("samples-epoch-002.png").toFile());
        assertEquals(280, first.getWidth());
        assertEquals(280, first.getHeight());
        assertEquals(280, second.getWidth());
        assertFalse(java.util.Arrays.equals(pixels(first), pixels(second)), "the generator changed in epoch 2");

        Gan model = Gan.load(out.resolve("model.gan"));
        List<GanEpochRecord> epochs = model.history().epochs();
        assertEquals(2, epochs.size());
        assertEquals(8, epochs.get(1).discriminatorIterations(), "4 batches of 64 per epoch");
        // the saved model generates the last grid from the fixed noise, pixel for pixel
        INDArray images = model.generate(model.fixedNoise(100));
        BufferedImage regenerated = ImageGrid.of(model.config().imageShape()).columns(10).padding(0)
                .toImage(images);
        assertArrayEquals(pixels(second), pixels(regenerated));

        String html = Files.readString(out.resolve("report.html"));
        for (GanEpochRecord r : epochs) {
            String row = String.format(Locale.ROOT, "<tr><td>%d</td><td>%.1f</td><td>%.4f</td><td>%.4f</td>",
                    r.epoch(), r.seconds(), r.discriminatorLoss(), r.generatorLoss());
            assertTrue(html.contains(row), row);
        }
        assertTrue(html.contains("samples-epoch-001.png") && html.contains("samples-epoch-002.png"));
        BufferedImage curves = ImageIO.read(out.resolve("losses.png").toFile());
        assertEquals(960, curves.getWidth(), "two panels");
        assertTrue(Files.readString(out.resolve("gan.log")).contains("GAN epoch 2 ("));

        // the same run in two parts: 1 epoch, then --resume to 2, ends with the same parameters
        Path split = dir.resolve("split");
        assertEquals(0, gan(split, "--epochs", "1", "--grid-epochs", "1").exitCode());
        CliRun resumed = gan(split, "--epochs", "2", "--grid-epochs", "1,2", "--resume");
        assertEquals(0, resumed.exitCode(), resumed.err());
        Gan continued = Gan.load(split.resolve("model.gan"));
        assertEquals(2, continued.history().epochs().size());
        Map<String, INDArray> expected = model.parameters();
        Map<String, INDArray> actual = continued.parameters();
        assertEquals(expected.keySet(), actual.keySet());
        for (String name : expected.keySet()) {
            assertEquals(expected.get(name), actual.get(name), name);
        }
        String splitHtml = Files.readString(split.resolve("report.html"));
        assertTrue(splitHtml.contains("samples-epoch-001.png"), "the grid of epoch 1 is read back after the resume");

        CliRun other = gan(split, "--epochs", "3", "--resume", "--loss", "minimax");
        assertEquals(1, other.exitCode());
        assertTrue(other.err().contains("--loss"), other.err());
        CliRun again = gan(split, "--epochs", "2", "--grid-epochs", "1");
        assertEquals(1, again.exitCode());
        assertTrue(again.err().contains("holds another run (model.gan, report.html, checkpoints/epoch-0002.gan"),
                again.err());
    }

    @Test
    void theOptionsGiveThePresetWithTheirValues() {
        GanCommand command = new GanCommand();
        new CommandLine(command).parseArgs("--architecture", "dcgan", "--loss", "wgan-gp", "--learning-rate", "3e-4",
                "--latent-size", "16", "--epochs", "7", "--batch-size", "32", "--seed", "5");
        GanConfig config = command.config();
        GanConfig preset = GanConfig.dcganMnist();
        assertEquals(GanArchitecture.DCGAN, config.architecture());
        assertEquals(preset.generatorLayers(), config.generatorLayers());
        assertEquals(preset.discriminatorLayers(), config.discriminatorLayers());
        assertTrue(config.normalization());
        assertEquals(GanLoss.WGAN_GP, config.loss());
        assertEquals(16, config.latentSize());
        assertEquals(7, config.epochs());
        assertEquals(32, config.batchSize());
        assertEquals(5, config.seed());
        Adam adam = (Adam) config.generatorUpdater();
        assertEquals(3e-4, adam.getLearningRate(), 0);
        assertEquals(0, adam.getBeta1(), 0, "WGAN-GP's betas stay");
        assertEquals(0.9, adam.getBeta2(), 0);
        assertEquals(config.generatorUpdater(), config.discriminatorUpdater());

        GanCommand defaults = new GanCommand();
        new CommandLine(defaults).parseArgs();
        GanConfig mlp = defaults.config();
        assertEquals(GanConfig.mlpMnist().toBuilder().epochs(90).seed(0).build(), mlp, "the preset's He"
                + " initialization included");
        GanCommand wgan = new GanCommand();
        new CommandLine(wgan).parseArgs("--loss", "wgan-gp");
        assertEquals(GanConfig.mlpMnist().toBuilder().loss(GanLoss.WGAN_GP).epochs(90).seed(0).build(),
                wgan.config(), "the MLP preset with WGAN-GP's optimizers");
    }

    @Test
    void stopsWhenTheDiscriminatorWinsIfAskedAndWritesTheLastTrainedEpochsGrid(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        CliRun run = gan(out, "--epochs", "3", "--grid-epochs", "3", "--stop-when-discriminator-wins",
                "--checkpoint-every", "0");
        assertEquals(0, run.exitCode(), run.err());
        List<GanEpochRecord> epochs = Gan.load(out.resolve("model.gan")).history().epochs();
        int firstWon = epochs.stream().filter(GanEpochRecord::discriminatorWon).mapToInt(GanEpochRecord::epoch)
                .findFirst().orElse(3);
        assertEquals(firstWon, epochs.size(), "stopped after the first epoch the discriminator won");
        assertTrue(Files.isRegularFile(out.resolve(String.format(Locale.ROOT, "samples-epoch-%03d.png",
                epochs.size()))), "the last trained epoch's grid");
        if (epochs.get(epochs.size() - 1).discriminatorWon()) {
            assertTrue(Files.readString(out.resolve("report.html")).contains("Epoch " + firstWon
                    + ": the discriminator won"));
        }
    }

    @Test
    void divergenceIsOneLineNamingTheEpochAndIterationAndLeavesNoFolder(@TempDir Path dir) {
        CliRun run = gan(dir.resolve("run"), "--epochs", "1", "--learning-rate", "1e30");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("Error: Training diverged at epoch 1, iteration "), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertFalse(Files.exists(dir.resolve("run")), "a new run that wrote nothing but gan.log leaves no folder,"
                + " as vae4j train");
    }

    @Test
    void offersNoOptionWithoutEffect(@TempDir Path dir) {
        CliRun help = vae4j("gan", "--help");
        assertEquals(0, help.exitCode(), help.err());
        assertTrue(help.out().contains("--train-size"), help.out());
        assertFalse(help.out().contains("--test-size"), "a GAN trains on no test set: " + help.out());
        CliRun run = gan(dir.resolve("run"), "--test-size", "100");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--test-size"), run.err());
    }

    @Test
    void aGridEpochAfterTheLastIsAnErrorNamingTheOption(@TempDir Path dir) {
        Path out = dir.resolve("run");
        CliRun run = gan(out, "--epochs", "2", "--grid-epochs", "5");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--grid-epochs 5: each grid epoch must be between 1 and --epochs (2)"),
                run.err());
        assertFalse(Files.exists(out), "nothing written");

        CliRun keep = gan(out, "--keep-last", "0");
        assertEquals(2, keep.exitCode());
        assertTrue(keep.err().contains("--keep-last must be positive, got 0"), keep.err());
        assertFalse(keep.err().contains("--checkpoint-every"), "only the option that is wrong: " + keep.err());

        CliRun loss = gan(out, "--loss", "hinge");
        assertEquals(2, loss.exitCode());
        assertTrue(loss.err().contains("non-saturating, minimax, wgan-gp"), loss.err());
    }
}
