package org.vae4j.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.ElboSummary;
import org.vae4j.EpochRecord;
import org.vae4j.TrainingHistory;
import org.vae4j.latent.Projection;
import org.vae4j.objective.AutoencoderObjective;
import org.vae4j.objective.ElboObjective;

class PlotTest {

    private static TrainingHistory history(boolean validation) {
        return new TrainingHistory(List.of(
                new EpochRecord(1, 10, new ElboSummary(-160, -140, 20), validation ? new ElboSummary(-125, -100, 25)
                        : null, 1, null),
                new EpochRecord(2, 20, new ElboSummary(-120, -96, 24), validation ? new ElboSummary(-115, -90, 25)
                        : null, 1, null),
                new EpochRecord(3, 30, new ElboSummary(-112, -88, 24), validation ? new ElboSummary(-110, -85, 25)
                        : null, 1, null)));
    }

    /** Pixels of exactly this colour (markers and lines are drawn in the series' colour). */
    private static int count(BufferedImage image, Color c, int xFrom, int xTo) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = xFrom; x < xTo; x++) {
                if ((image.getRGB(x, y) & 0xffffff) == (c.getRGB() & 0xffffff)) {
                    n++;
                }
            }
        }
        return n;
    }

    private static double meanX(BufferedImage image, Color c, int xTo) {
        long sum = 0;
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < xTo; x++) {
                if ((image.getRGB(x, y) & 0xffffff) == (c.getRGB() & 0xffffff)) {
                    sum += x;
                    n++;
                }
            }
        }
        return sum / (double) n;
    }

    @Test
    void curvesOfALowerBoundHaveThreePanelsWithTrainAndValidationSeries(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("curves.png");
        TrainingCurves.write(history(true), new ElboObjective(), file);
        BufferedImage png = ImageIO.read(file.toFile());
        assertNotNull(png);
        assertEquals(3 * TrainingCurves.PANEL_WIDTH, png.getWidth());
        assertEquals(TrainingCurves.PANEL_HEIGHT, png.getHeight());
        Color train = Charts.PALETTE.get(0);
        Color validation = Charts.PALETTE.get(1);
        for (int panel = 0; panel < 3; panel++) {
            int from = panel * TrainingCurves.PANEL_WIDTH;
            int to = from + TrainingCurves.PANEL_WIDTH;
            assertTrue(count(png, train, from, to) > 50, "panel " + panel + " draws the training curve");
            assertTrue(count(png, validation, from, to) > 50, "panel " + panel + " draws the validation curve");
        }
        BufferedImage trainOnly = TrainingCurves.render(history(false), new ElboObjective());
        assertEquals(0, count(trainOnly, validation, 0, trainOnly.getWidth()), "no validation series without one");
    }

    @Test
    void theAutoencodersCurveIsOnePanel() {
        BufferedImage image = TrainingCurves.render(history(true), new AutoencoderObjective());
        assertEquals(TrainingCurves.PANEL_WIDTH, image.getWidth());
        var e = assertThrows(IllegalArgumentException.class,
                () -> TrainingCurves.render(new TrainingHistory(List.of()), new ElboObjective()));
        assertTrue(e.getMessage().contains("no epochs"), e.getMessage());
    }

    @Test
    void scatterColoursEachLabelInPaletteOrderWhereItsPointsAre(@TempDir Path dir) throws Exception {
        int n = 300;
        double[] x = new double[n];
        double[] y = new double[n];
        int[] labels = new int[n];
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        for (int i = 0; i < n; i++) {
            labels[i] = new int[] {9, 5, 7}[i % 3];             // sorted: 5, 7, 9 -> palette 0, 1, 2
            double cx = labels[i] == 5 ? -10 : labels[i] == 7 ? 0 : 10;
            x[i] = cx + random.nextGaussian();
            y[i] = random.nextGaussian();
        }
        Path file = dir.resolve("scatter.png");
        LatentScatter.write(new Projection(x, y, "z_1", "z_2"), labels, "test", file);
        BufferedImage png = ImageIO.read(file.toFile());
        assertEquals(LatentScatter.WIDTH, png.getWidth());
        assertEquals(LatentScatter.HEIGHT, png.getHeight());
        int plotRight = (int) (png.getWidth() * 0.85); // the legend is outside the plot, on the right
        double left = meanX(png, LatentScatter.PALETTE.get(0), plotRight);
        double middle = meanX(png, LatentScatter.PALETTE.get(1), plotRight);
        double right = meanX(png, LatentScatter.PALETTE.get(2), plotRight);
        assertTrue(left < middle && middle < right, "label 5 left, 7 middle, 9 right: " + left + ", " + middle
                + ", " + right);
        for (int k = 0; k < 3; k++) {
            assertTrue(count(png, LatentScatter.PALETTE.get(k), plotRight, png.getWidth()) > 4,
                    "the legend shows label colour " + k);
        }
        assertEquals(0, count(png, LatentScatter.PALETTE.get(3), 0, png.getWidth()), "only three labels");
        var e = assertThrows(IllegalArgumentException.class,
                () -> LatentScatter.render(new Projection(x, y, "a", "b"), new int[3], "t"));
        assertTrue(e.getMessage().contains("labels has length 3"), e.getMessage());
    }
}
