package org.vae4j.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The look shared by vae4j's charts: white background, light grid, the tab10 palette, legend inside or right. */
final class Charts {
    /**
     * The ten colours of matplotlib's default "tab10" palette (Tableau 10), in order: blue, orange, green, red,
     * purple, brown, pink, grey, olive, cyan.
     */
    static final List<Color> PALETTE = List.of(new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
            new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
            new Color(0xbcbd22), new Color(0x17becf));

    private Charts() {
    }

    static XYChart xy(int width, int height, String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        Styler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(Color.GRAY);
        s.setLegendBorderColor(Color.LIGHT_GRAY);
        s.setSeriesColors(PALETTE.toArray(Color[]::new));
        chart.getStyler().setPlotGridLinesColor(new Color(0xe5e5e5));
        chart.getStyler().setAxisTickPadding(4);
        return chart;
    }

    /** Epochs up to which an epoch axis ticks at data points (1, 2, 3, ...); above, at round values. */
    static final int EPOCHS_TICKED_EACH = 20;
    /** Epochs above which the series of an epoch axis are drawn without markers (they would merge into a band). */
    static final int EPOCHS_WITH_MARKERS = 50;

    /**
     * Finishes a chart whose x axis is the epoch, once its series are added. XChart ticks equally spaced x values at
     * every k-th data point (1, 15, 29, ...), whose labels run together past 100 epochs; with more than
     * {@link #EPOCHS_TICKED_EACH} epochs an invisible point half an epoch before the first (at the first series'
     * first y, outside the legend) makes the spacing unequal, so XChart picks round ticks (0, 50, 100, ...). With more
     * than {@link #EPOCHS_WITH_MARKERS} epochs the series lose their markers.
     *
     * @param chart the chart, with at least one series
     */
    static void epochAxis(XYChart chart) {
        List<XYSeries> series = List.copyOf(chart.getSeriesMap().values());
        int epochs = series.stream().mapToInt(x -> x.getXData().length).max().orElse(0);
        if (epochs > EPOCHS_WITH_MARKERS) {
            series.forEach(x -> x.setMarker(SeriesMarkers.NONE));
        }
        if (epochs > EPOCHS_TICKED_EACH) {
            XYSeries first = series.get(0);
            double start = series.stream().mapToDouble(x -> x.getXData()[0]).min().orElseThrow();
            XYSeries pad = chart.addSeries(" ", new double[] {start - 0.5}, new double[] {first.getYData()[0]});
            pad.setMarker(SeriesMarkers.NONE);
            pad.setLineStyle(SeriesLines.NONE);
            pad.setShowInLegend(false);
        }
    }

    static BufferedImage image(XYChart chart) {
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** Places images side by side on a white canvas, tops aligned. */
    static BufferedImage row(List<BufferedImage> panels) {
        int width = panels.stream().mapToInt(BufferedImage::getWidth).sum();
        int height = panels.stream().mapToInt(BufferedImage::getHeight).max().orElse(1);
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            int x = 0;
            for (BufferedImage p : panels) {
                g.drawImage(p, x, 0, null);
                x += p.getWidth();
            }
        } finally {
            g.dispose();
        }
        return out;
    }
}
