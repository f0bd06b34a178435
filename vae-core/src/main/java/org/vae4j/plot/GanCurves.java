package org.vae4j.plot;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.vae4j.gan.GanEpochRecord;
import org.vae4j.gan.GanHistory;
import org.vae4j.gan.GanLoss;
import org.vae4j.image.ImageGrid;
import org.vae4j.image.ImageWriteException;

/**
 * The learning curves of a GAN training run ({@link org.vae4j.gan.GanTrainer}), drawn with XChart, two panels side
 * by side, each {@value TrainingCurves#PANEL_WIDTH} x {@value TrainingCurves#PANEL_HEIGHT} pixels: the
 * discriminator's and the generator's mean loss per epoch ({@link GanEpochRecord#discriminatorLoss()},
 * {@link GanEpochRecord#generatorLoss()}: nats per example, or critic units for WGAN-GP); and the discriminator's
 * accuracy on real and on generated images per epoch, or for WGAN-GP the critic's Wasserstein estimate.
 */
public final class GanCurves {
    private GanCurves() {
    }

    /**
     * Draws the curves.
     *
     * @param history the run's history, at least one epoch
     * @param loss the objective the run trained, which says what the second panel shows
     * @return the figure, {@code 2 * PANEL_WIDTH} x {@code PANEL_HEIGHT} pixels
     * @throws IllegalArgumentException if the history has no epochs
     */
    public static BufferedImage render(GanHistory history, GanLoss loss) {
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(loss, "loss");
        List<GanEpochRecord> epochs = history.epochs();
        if (epochs.isEmpty()) {
            throw new IllegalArgumentException("the GAN training history has no epochs to plot");
        }
        String unit = loss.isWasserstein() ? "critic units" : "nats per example";
        XYChart losses = chart("Losses", unit);
        series(losses, epochs, "discriminator", GanEpochRecord::discriminatorLoss, SeriesMarkers.CIRCLE);
        series(losses, epochs, "generator", GanEpochRecord::generatorLoss, SeriesMarkers.DIAMOND);
        XYChart second;
        if (loss.isWasserstein()) {
            second = chart("Wasserstein estimate", "critic units");
            series(second, epochs, "mean l(x) - mean l(G(z))", GanEpochRecord::wassersteinEstimate,
                    SeriesMarkers.CIRCLE);
        } else {
            second = chart("Discriminator accuracy", "fraction");
            series(second, epochs, "real: D(x) > 0.5", GanEpochRecord::realAccuracy, SeriesMarkers.CIRCLE);
            series(second, epochs, "fake: D(G(z)) < 0.5", GanEpochRecord::fakeAccuracy, SeriesMarkers.DIAMOND);
        }
        for (XYChart chart : List.of(losses, second)) {
            if (!chart.getSeriesMap().isEmpty()) {
                Charts.epochAxis(chart);
            }
        }
        return Charts.row(List.of(Charts.image(losses), Charts.image(second)));
    }

    /**
     * Draws the curves and writes them as a PNG, atomically.
     *
     * @param history the run's history, at least one epoch
     * @param loss the objective the run trained
     * @param file the PNG file; missing folders are created
     * @throws ImageWriteException naming the file if it cannot be written
     * @throws IllegalArgumentException if the history has no epochs
     */
    public static void write(GanHistory history, GanLoss loss, Path file) throws ImageWriteException {
        ImageGrid.writePng(render(history, loss), file);
    }

    private static XYChart chart(String title, String unit) {
        XYChart chart = Charts.xy(TrainingCurves.PANEL_WIDTH, TrainingCurves.PANEL_HEIGHT, title, "epoch", unit);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setMarkerSize(6);
        return chart;
    }

    /** Adds a series of the epochs whose figure is finite (a generator loss is NaN in an epoch without its update). */
    private static void series(XYChart chart, List<GanEpochRecord> epochs, String name,
            ToDoubleFunction<GanEpochRecord> figure, org.knowm.xchart.style.markers.Marker marker) {
        List<GanEpochRecord> shown = epochs.stream().filter(e -> Double.isFinite(figure.applyAsDouble(e))).toList();
        if (shown.isEmpty()) {
            return;
        }
        XYSeries s = chart.addSeries(name, shown.stream().mapToDouble(GanEpochRecord::epoch).toArray(),
                shown.stream().mapToDouble(figure).toArray());
        s.setMarker(marker);
    }
}
