package org.vae4j.plot;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.vae4j.ElboSummary;
import org.vae4j.EpochRecord;
import org.vae4j.TrainingHistory;
import org.vae4j.image.ImageGrid;
import org.vae4j.image.ImageWriteException;
import org.vae4j.objective.Objective;

/**
 * The learning curves of a training run, drawn with XChart: per epoch, the training figures (averaged over the
 * epoch's mini-batches) and, if the run had a validation set, the validation figures, in nats per example.
 *
 * <p>For an objective that is a lower bound ({@link Objective#isLowerBound()}) three panels side by side: the lower
 * bound (ELBO), the reconstruction term E_q[log p(x|z)] and KL(q(z|x) || p(z)), each {@value #PANEL_WIDTH} x
 * {@value #PANEL_HEIGHT} pixels. For the autoencoder, one panel: its reconstruction log-likelihood (it has no lower
 * bound and no KL term).
 */
public final class TrainingCurves {
    /** Width of one panel, pixels. */
    public static final int PANEL_WIDTH = 480;
    /** Height of the figure, pixels. */
    public static final int PANEL_HEIGHT = 360;

    private TrainingCurves() {
    }

    /**
     * Draws the curves.
     *
     * @param history the run's history, at least one epoch
     * @param objective the objective the run trained, which says what the figures are
     * @return the figure, {@code panels * PANEL_WIDTH} x {@code PANEL_HEIGHT} pixels (3 panels for a lower bound,
     *     1 for the autoencoder)
     * @throws IllegalArgumentException if the history has no epochs
     */
    public static BufferedImage render(TrainingHistory history, Objective objective) {
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(objective, "objective");
        if (history.epochs().isEmpty()) {
            throw new IllegalArgumentException("the training history has no epochs to plot");
        }
        List<BufferedImage> panels = new ArrayList<>();
        if (objective.isLowerBound()) {
            panels.add(panel(history, "Lower bound (ELBO)", "nats per example", ElboSummary::elbo));
            panels.add(panel(history, "Reconstruction term E[log p(x|z)]", "nats per example",
                    ElboSummary::logLikelihood));
            panels.add(panel(history, "KL(q(z|x) || p(z))", "nats per example", ElboSummary::kl));
        } else {
            panels.add(panel(history, "Autoencoder: reconstruction log p(x|z)", "nats per example",
                    ElboSummary::logLikelihood));
        }
        return Charts.row(panels);
    }

    /**
     * Draws the curves and writes them as a PNG, atomically.
     *
     * @param history the run's history, at least one epoch
     * @param objective the objective the run trained
     * @param file the PNG file; missing folders are created
     * @throws ImageWriteException naming the file if it cannot be written
     * @throws IllegalArgumentException if the history has no epochs
     */
    public static void write(TrainingHistory history, Objective objective, Path file) throws ImageWriteException {
        ImageGrid.writePng(render(history, objective), file);
    }

    private static BufferedImage panel(TrainingHistory history, String title, String unit,
            ToDoubleFunction<ElboSummary> figure) {
        List<EpochRecord> epochs = history.epochs();
        double[] x = epochs.stream().mapToDouble(EpochRecord::epoch).toArray();
        XYChart chart = Charts.xy(PANEL_WIDTH, PANEL_HEIGHT, title, "epoch", unit);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setMarkerSize(6);
        XYSeries train = chart.addSeries("train", x, epochs.stream().mapToDouble(e -> figure.applyAsDouble(e.train()))
                .toArray());
        train.setMarker(SeriesMarkers.CIRCLE);
        if (epochs.stream().allMatch(e -> e.validation() != null)) {
            XYSeries validation = chart.addSeries("validation", x, epochs.stream()
                    .mapToDouble(e -> figure.applyAsDouble(e.validation())).toArray());
            validation.setMarker(SeriesMarkers.DIAMOND);
        }
        Charts.epochAxis(chart);
        return Charts.image(chart);
    }
}
