package org.vae4j.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.TrainingHistory;
import org.vae4j.TrainingResult;
import org.vae4j.Vae;
import org.vae4j.VaeConfig;
import org.vae4j.VaeTrainer;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.OneHot;
import org.vae4j.data.mnist.Mnist;
import org.vae4j.image.ImageGrid;
import org.vae4j.nn.MlpDecoder;
import org.vae4j.nn.MlpEncoder;
import org.vae4j.objective.AutoencoderObjective;

/**
 * The run report on a small real-MNIST run: what the page holds, that it is self-contained (every image a
 * {@code data:} URI holding the same PNG bytes as the file written beside it), that text is escaped, that added
 * sections appear, and that a resumed run's report keeps the earlier sample grids. The page in a real browser:
 * {@code ReportInBrowserTest} in vae-examples.
 */
class RunReportTest {
    private static final Pattern IMG = Pattern.compile("<img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");
    private static ImageDataset train;
    private static ImageDataset test;

    @BeforeAll
    static void data() throws Exception {
        train = Mnist.train().first(512);
        test = Mnist.test().first(100);
    }

    private static VaeConfig small(int epochs) {
        return VaeConfig.builder(784, 2).encoder(MlpEncoder.relu(32)).decoder(MlpDecoder.relu(32)).batchSize(64)
                .epochs(epochs).seed(5).build();
    }

    private static RunReport.Builder report(Path dir) {
        return RunReport.builder(dir).title("Small <run> & more").images(Mnist.SHAPE).samples(16, 4, 7)
                .samplesEvery(2).reconstructions(test.first(6).features(), 3);
    }

    /** The PNG payloads of the page's images, in page order. */
    private static List<byte[]> images(String html) {
        List<byte[]> pngs = new ArrayList<>();
        Matcher m = IMG.matcher(html);
        while (m.find()) {
            pngs.add(Base64.getDecoder().decode(m.group(1)));
        }
        return pngs;
    }

    private static BufferedImage decode(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(image, "not a PNG");
        return image;
    }

    @Test
    void theReportOfARunHoldsItsFiguresAsEmbeddedPngs(@TempDir Path dir) throws Exception {
        RunReport report = report(dir).build();
        TrainingResult result = new VaeTrainer(small(3)).withListeners(report).fit(train, test);
        String html = Files.readString(dir.resolve(RunReport.FILE_NAME), StandardCharsets.UTF_8);

        for (String id : List.of("summary", "configuration", "curves", "samples", "reconstructions")) {
            assertTrue(html.contains("<section id=\"" + id + "\">"), "section " + id);
        }
        assertTrue(html.contains("<title>Small &lt;run&gt; &amp; more</title>"), "the title is escaped");
        assertTrue(html.contains("After epoch 3 of 3 (training finished)"));
        // self-contained: no script, no reference to another file or host
        assertFalse(html.contains("<script"));
        assertFalse(Pattern.compile("(src|href)=\"(?!data:|#)").matcher(html).find(), "only data: and # links");

        // curves, samples after epochs 1, 2 (every 2) and 3 (the last), reconstructions
        List<byte[]> pngs = images(html);
        assertEquals(5, pngs.size());
        BufferedImage curves = decode(pngs.get(0));
        assertEquals(3 * org.vae4j.plot.TrainingCurves.PANEL_WIDTH, curves.getWidth());
        for (int e = 1; e <= 3; e++) {
            byte[] file = Files.readAllBytes(dir.resolve(RunReport.samplesFileName(e)));
            assertArrayEquals(file, pngs.get(e), "the page embeds samples-epoch-00" + e + ".png");
        }
        BufferedImage grid = ImageGrid.of(Mnist.SHAPE).columns(4).toImage(Nd4j.zeros(DataType.FLOAT, 16, 784));
        assertEquals(grid.getWidth(), decode(pngs.get(1)).getWidth());
        assertEquals(grid.getHeight(), decode(pngs.get(1)).getHeight());
        assertArrayEquals(Files.readAllBytes(dir.resolve(RunReport.RECONSTRUCTIONS_FILE)), pngs.get(4));
        BufferedImage pairs = ImageGrid.of(Mnist.SHAPE).columns(3).toComparisonImage(
                Nd4j.zeros(DataType.FLOAT, 6, 784), Nd4j.zeros(DataType.FLOAT, 6, 784));
        assertEquals(pairs.getWidth(), decode(pngs.get(4)).getWidth());
        assertEquals(pairs.getHeight(), decode(pngs.get(4)).getHeight());

        // the figures of the history, as printed: every epoch's validation ELBO to two decimals
        TrainingHistory h = result.history();
        for (var r : h.epochs()) {
            String elbo = String.format(Locale.ROOT, "<td>%.2f</td>", r.validation().elbo());
            assertTrue(html.contains(elbo), "epoch " + r.epoch() + " validation ELBO " + elbo);
        }
        assertTrue(html.contains(String.format(Locale.ROOT, "%d epochs, %d parameter updates", 3,
                h.last().iterations())));
        var latent = h.last().latent();
        assertTrue(html.contains(String.format(Locale.ROOT, "Active latent units after epoch 3: %d of 2",
                latent.activeUnits())), "active units");
        assertTrue(html.contains(String.format(Locale.ROOT, "<td>%d of 2</td></tr>", h.epochs().get(0).latent()
                .activeUnits())), "active units in the epoch table");
        assertTrue(html.contains("<th>encoder</th><td><code>MlpEncoder(hiddenSizes=[32], activation=RELU)</code>"),
                "configuration table");
        // the generator's draws are the model's: the last grid equals the trained model's samples
        byte[] expected = java.nio.file.Files.readAllBytes(dir.resolve(RunReport.samplesFileName(3)));
        Path again = dir.resolve("again.png");
        ImageGrid.of(Mnist.SHAPE).columns(4).write(result.model().generate(16, 7), again);
        assertArrayEquals(Files.readAllBytes(again), expected);
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    /** A conditional VAE's report draws its samples and reconstructions with the conditions given. */
    @Test
    void theReportOfAConditionalVaeDrawsWithTheGivenConditions(@TempDir Path dir) throws Exception {
        int[] rows = new int[16];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i / 4;
        }
        INDArray sampleConditions = OneHot.encode(rows, 10);
        ImageDataset shown = test.first(6);
        RunReport report = RunReport.builder(dir).images(Mnist.SHAPE).samples(16, 4, 7)
                .reconstructions(shown.features(), 3).conditions(sampleConditions, OneHot.encode(shown.labels(), 10))
                .build();
        Vae model = new VaeTrainer(small(1).toBuilder().conditionSize(10).build()).withListeners(report)
                .fit(train, test).model();
        Path again = dir.resolve("again.png");
        ImageGrid.of(Mnist.SHAPE).columns(4).write(model.generate(sampleConditions, 7), again);
        assertArrayEquals(Files.readAllBytes(again), Files.readAllBytes(dir.resolve(RunReport.samplesFileName(1))));
        ImageGrid.of(Mnist.SHAPE).columns(3).writeComparison(shown.features(), model.reconstruct(shown.features(),
                OneHot.encode(shown.labels(), 10)), again);
        assertArrayEquals(Files.readAllBytes(again), Files.readAllBytes(dir.resolve(RunReport.RECONSTRUCTIONS_FILE)));

        assertThrows(IllegalStateException.class, () -> RunReport.builder(dir).images(Mnist.SHAPE).samples(16, 4, 7)
                .conditions(OneHot.encode(new int[3], 10), null).build(), "one condition per sample");
    }

    @Test
    void addedFiguresAndTextAppearInOrderEscaped(@TempDir Path dir) throws Exception {
        RunReport report = RunReport.builder(dir).build();
        new VaeTrainer(small(1)).withListeners(report).fit(train);
        BufferedImage strip = ImageGrid.of(Mnist.SHAPE).columns(5).toImage(test.first(5).features());
        Path png = dir.resolve("strip.png");
        ImageGrid.writePng(strip, png);
        report.addFigure("Interpolations", "From a 7 to a 2", strip);
        report.addFigure("Interpolations", "The same, from the file", png);
        report.addText("Scores", "a < b\n  aligned");
        String html = Files.readString(report.file());

        assertFalse(html.contains("id=\"samples\""), "no sample grids without images(shape)");
        assertTrue(html.contains("<a href=\"#section-1\">Interpolations</a>"));
        assertTrue(html.indexOf("<h2>Interpolations</h2>") < html.indexOf("<h2>Scores</h2>"));
        assertTrue(html.contains("<figcaption>From a 7 to a 2</figcaption>"));
        assertTrue(html.contains("<pre class=\"text\">a &lt; b\n  aligned</pre>"));
        List<byte[]> pngs = images(html);
        assertEquals(3, pngs.size(), "curves and two figures");
        assertArrayEquals(Files.readAllBytes(png), pngs.get(2));
        assertEquals(strip.getWidth(), decode(pngs.get(1)).getWidth());
        assertTrue(html.contains("<th>validation ELBO</th>") == false, "no validation set, no validation column");

        Path notImage = Files.writeString(dir.resolve("x.png"), "not a png");
        var e = assertThrows(java.io.IOException.class, () -> report.addFigure("S", "c", notImage));
        assertTrue(e.getMessage().contains("x.png"), e.getMessage());
    }

    @Test
    void aResumedRunsReportKeepsTheEarlierSampleGridsAndTheWholeHistory(@TempDir Path dir) throws Exception {
        TrainingResult first = new VaeTrainer(small(2)).withListeners(report(dir).build()).fit(train, test);
        byte[] epoch2 = Files.readAllBytes(dir.resolve(RunReport.samplesFileName(2)));
        RunReport resumed = report(dir).build();
        new VaeTrainer(small(3)).withListeners(resumed).resume(first.model(), train, test);
        String html = Files.readString(resumed.file());
        List<byte[]> pngs = images(html);
        assertEquals(5, pngs.size(), "curves, samples after epochs 1, 2, 3, reconstructions");
        assertArrayEquals(epoch2, pngs.get(2), "epoch 2's grid read back from its file");
        assertTrue(html.contains("After epoch 3 of 3"));
        assertTrue(html.contains("<tr><td>1</td>"), "the table starts at epoch 1");
    }

    @Test
    void theAutoencodersReportNamesItsFigureAndHasNoKlColumn(@TempDir Path dir) throws Exception {
        RunReport report = RunReport.builder(dir).build();
        new VaeTrainer(small(1).toBuilder().objective(new AutoencoderObjective()).build()).withListeners(report)
                .fit(train, test);
        String html = Files.readString(report.file());
        assertTrue(html.contains("autoencoder: no KL term, not a bound"));
        assertFalse(html.contains("validation KL"));
        assertEquals(org.vae4j.plot.TrainingCurves.PANEL_WIDTH, decode(images(html).get(0)).getWidth());
    }

    @Test
    void badSettingsAreRefusedNamingTheSetting() {
        Path dir = Path.of("unused");
        var e = assertThrows(IllegalStateException.class,
                () -> RunReport.builder(dir).reconstructions(Nd4j.zeros(DataType.FLOAT, 2, 784), 2).build());
        assertTrue(e.getMessage().contains("images(shape)"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> RunReport.builder(dir).images(Mnist.SHAPE)
                .reconstructions(Nd4j.zeros(DataType.FLOAT, 2, 10), 2).build());
        assertTrue(e.getMessage().contains("10 features"), e.getMessage());
        var b = RunReport.builder(dir);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.samplesEvery(0)).getMessage()
                .contains("samplesEvery"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.samples(0, 8, 1)).getMessage()
                .contains("count"));
    }
}
