package org.vae4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vae4j.gan.GanConfig;
import org.vae4j.gan.GanEpochRecord;
import org.vae4j.gan.GanHistory;
import org.vae4j.gan.GanLoss;
import org.vae4j.plot.GanCurves;

/** The page of {@link GanRunReport} from given histories: the table of both losses, the warnings, WGAN-GP's column. */
class GanRunReportTest {
    private static final ZonedDateTime WRITTEN = ZonedDateTime.parse("2026-12-07T13:00:00Z");

    private static GanHistory history(boolean secondWon) {
        return new GanHistory(List.of(
                new GanEpochRecord(1, 4, 4, 1.25, 0.75, 0.625, 0.5, Double.NaN, false, 2.5),
                new GanEpochRecord(2, 8, 8, 0.125, 3.5, 1.0, 1.0, Double.NaN, secondWon, 2.0)));
    }

    @Test
    void showsBothLossesPerEpochAndTheEpochsTheDiscriminatorWon() throws Exception {
        GanRunReport report = new GanRunReport(Path.of("run"), "GAN test", 10, Set.of(1));
        GanConfig config = GanConfig.mlpMnist().toBuilder().epochs(3).build();
        GanHistory history = history(true);
        BufferedImage curves = GanCurves.render(history, config.loss());
        assertEquals(2 * 480, curves.getWidth());
        assertEquals(360, curves.getHeight());
        String html = report.html(config, history, Map.of(), Html.png(curves), curves.getWidth(), WRITTEN);

        assertTrue(html.contains("<tr><td>1</td><td>2.5</td><td>1.2500</td><td>0.7500</td><td>0.625</td>"
                + "<td>0.500</td></tr>"), html);
        assertTrue(html.contains("<tr><td>2</td><td>2.0</td><td>0.1250</td><td>3.5000</td><td>1.000</td>"
                + "<td>1.000</td></tr>"), html);
        assertTrue(html.contains("<section id=\"warnings\">"));
        assertTrue(html.contains("Epoch 2: the discriminator won"));
        assertFalse(html.contains("Epoch 1: the discriminator won"));
        assertTrue(html.contains(GanLoss.NON_SATURATING.whenDiscriminatorWins()), "the warning fits the loss");
        assertFalse(html.contains("vanish"), "the non-saturating generator's gradients do not vanish");
        GanConfig minimax = config.toBuilder().loss(GanLoss.MINIMAX).build();
        String saturated = report.html(minimax, history, Map.of(), Html.png(curves), curves.getWidth(), WRITTEN);
        assertTrue(saturated.contains("log(1 - D(G(z))) saturates then and the generator's gradients vanish"),
                saturated);
        assertTrue(html.contains("After epoch 2 of 3."), "the progress in the header");
        assertTrue(html.contains("0.1 min of training"), "4.5 s in all");
        assertTrue(html.contains(Html.CSS), "the style sheet of RunReport");
        assertTrue(html.contains("<th>latentSize</th><td><code>100</code>"), "the configuration table");

        String calm = report.html(config, history(false), Map.of(), Html.png(curves), curves.getWidth(), WRITTEN);
        assertFalse(calm.contains("warnings"));
    }

    @Test
    void wganGpShowsTheWassersteinEstimateInsteadOfAccuracies() throws Exception {
        GanConfig config = GanConfig.mlpMnist().toBuilder().loss(GanLoss.WGAN_GP).epochs(1).build();
        GanHistory history = new GanHistory(List.of(
                new GanEpochRecord(1, 20, 4, -2.5, 1.75, Double.NaN, Double.NaN, 3.25, false, 1.0)));
        BufferedImage curves = GanCurves.render(history, config.loss());
        String html = new GanRunReport(Path.of("run"), "WGAN", 4, Set.of()).html(config, history, Map.of(),
                Html.png(curves), curves.getWidth(), WRITTEN);
        assertTrue(html.contains("<th>Wasserstein estimate</th>"));
        assertTrue(html.contains("<tr><td>1</td><td>1.0</td><td>-2.5000</td><td>1.7500</td><td>3.2500</td></tr>"),
                html);
        assertFalse(html.contains("D accuracy"));
        assertTrue(html.contains("(training finished)"));
    }

    @Test
    void refusesAGridSizeOrEpochBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> new GanRunReport(Path.of("run"), "t", 0, Set.of()));
        assertThrows(IllegalArgumentException.class, () -> new GanRunReport(Path.of("run"), "t", 10, Set.of(0)));
        assertThrows(IllegalArgumentException.class, () -> GanCurves.render(new GanHistory(List.of()),
                GanLoss.MINIMAX));
    }
}
