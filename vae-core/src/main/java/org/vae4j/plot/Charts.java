package org.vae4j.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

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
