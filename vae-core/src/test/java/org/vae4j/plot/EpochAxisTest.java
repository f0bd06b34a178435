package org.vae4j.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The epoch axis of the learning curves: one tick per epoch for short runs, round ticks for long ones (XChart's own
 * ticks for equally spaced x values fall on every k-th epoch, 1, 15, 29, ..., whose labels ran together past 100
 * epochs). The tick labels are read from XChart's axis after the chart is drawn.
 */
class EpochAxisTest {

    private static XYChart curve(int epochs) {
        double[] x = new double[epochs];
        double[] y = new double[epochs];
        for (int i = 0; i < epochs; i++) {
            x[i] = i + 1;
            y[i] = -100 - 60 * Math.exp(-i / 5.0);
        }
        XYChart chart = Charts.xy(TrainingCurves.PANEL_WIDTH, TrainingCurves.PANEL_HEIGHT, "ELBO", "epoch", "nats");
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.addSeries("train", x, y).setMarker(SeriesMarkers.CIRCLE);
        return chart;
    }

    /** The x axis's tick labels of a drawn chart (XChart keeps them in its internal axis objects). */
    @SuppressWarnings("unchecked")
    private static List<String> xTickLabels(XYChart chart) throws ReflectiveOperationException {
        Charts.image(chart);
        Field pair = org.knowm.xchart.internal.chartpart.Chart.class.getDeclaredField("axisPair");
        pair.setAccessible(true);
        Object axisPair = pair.get(chart);
        Object axis = axisPair.getClass().getMethod("getXAxis").invoke(axisPair);
        Method calculator = axis.getClass().getMethod("getAxisTickCalculator");
        calculator.setAccessible(true);
        Object ticks = calculator.invoke(axis);
        Method labels = ticks.getClass().getMethod("getTickLabels");
        labels.setAccessible(true);
        return (List<String>) labels.invoke(ticks);
    }

    @Test
    void aLongRunGetsRoundTicksWithoutMarkersAndAShortRunOneTickPerEpoch() throws Exception {
        XYChart plain = curve(208);
        List<String> before = xTickLabels(plain);
        assertTrue(before.stream().anyMatch(l -> Integer.parseInt(l) % 10 != 0),
                "XChart alone ticks every k-th epoch: " + before);

        XYChart chart = curve(208);
        Charts.epochAxis(chart);
        List<String> labels = xTickLabels(chart).stream().filter(l -> !l.isEmpty()).toList();
        assertTrue(labels.size() >= 3 && labels.size() <= 8, labels.toString());
        assertTrue(labels.stream().allMatch(l -> Integer.parseInt(l) % 50 == 0), "round ticks: " + labels);
        XYSeries train = chart.getSeriesMap().get("train");
        assertEquals(SeriesMarkers.NONE, train.getMarker(), "208 points draw as a line");
        assertEquals(2, chart.getSeriesMap().size());
        assertFalse(chart.getSeriesMap().values().stream().filter(s -> s != train).findFirst().orElseThrow()
                .isShowInLegend(), "the invisible point is not in the legend");

        XYChart shortRun = curve(10);
        Charts.epochAxis(shortRun);
        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10"), xTickLabels(shortRun));
        assertEquals(1, shortRun.getSeriesMap().size());
        assertEquals(SeriesMarkers.CIRCLE, shortRun.getSeriesMap().get("train").getMarker());
    }
}
