package org.vae4j.plot;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.vae4j.image.ImageGrid;
import org.vae4j.image.ImageWriteException;
import org.vae4j.latent.Projection;

/**
 * A 2-D view of an embedding as a scatter plot, drawn with XChart: one point per example, coloured by its label,
 * with a legend on the right naming each label. Labels take the colours of {@link #PALETTE} in increasing order of
 * label (so on MNIST digit 0 is blue and digit 1 orange), cycling after ten.
 */
public final class LatentScatter {
    /** Width of the figure, pixels. */
    public static final int WIDTH = 800;
    /** Height of the figure, pixels. */
    public static final int HEIGHT = 700;
    /** The label colours: matplotlib's "tab10" palette (Tableau 10), in order. */
    public static final List<Color> PALETTE = Charts.PALETTE;

    private LatentScatter() {
    }

    /**
     * Draws the scatter plot.
     *
     * @param view the points and axis names
     * @param labels one label per point, or null (all points then share one colour, no legend)
     * @param title the chart's title
     * @return the figure, {@value #WIDTH} x {@value #HEIGHT} pixels
     * @throws IllegalArgumentException if there are no points or the labels' length differs from the points'
     */
    public static BufferedImage render(Projection view, int[] labels, String title) {
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(title, "title");
        if (view.size() == 0) {
            throw new IllegalArgumentException("the view has no points to plot");
        }
        if (labels != null && labels.length != view.size()) {
            throw new IllegalArgumentException("labels has length " + labels.length + " but the view has "
                    + view.size() + " points");
        }
        XYChart chart = Charts.xy(WIDTH, HEIGHT, title, view.xLabel(), view.yLabel());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setLegendVisible(labels != null);
        chart.getStyler().setMarkerSize(4);
        double[] x = view.x();
        double[] y = view.y();
        if (labels == null) {
            chart.addSeries("all", x, y).setMarker(SeriesMarkers.CIRCLE);
        } else {
            int[] distinct = Arrays.stream(labels).distinct().sorted().toArray();
            for (int k = 0; k < distinct.length; k++) {
                int label = distinct[k];
                int[] rows = IntStream.range(0, labels.length).filter(i -> labels[i] == label).toArray();
                XYSeries series = chart.addSeries(Integer.toString(label),
                        Arrays.stream(rows).mapToDouble(i -> x[i]).toArray(),
                        Arrays.stream(rows).mapToDouble(i -> y[i]).toArray());
                series.setMarker(SeriesMarkers.CIRCLE);
                series.setMarkerColor(PALETTE.get(k % PALETTE.size()));
            }
        }
        return Charts.image(chart);
    }

    /**
     * Draws the scatter plot and writes it as a PNG, atomically.
     *
     * @param view the points and axis names
     * @param labels one label per point, or null
     * @param title the chart's title
     * @param file the PNG file; missing folders are created
     * @throws ImageWriteException naming the file if it cannot be written
     * @throws IllegalArgumentException as {@link #render} does
     */
    public static void write(Projection view, int[] labels, String title, Path file) throws ImageWriteException {
        ImageGrid.writePng(render(view, labels, title), file);
    }
}
