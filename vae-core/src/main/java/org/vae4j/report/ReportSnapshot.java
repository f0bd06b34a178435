package org.vae4j.report;

import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.vae4j.TrainingHistory;
import org.vae4j.VaeConfig;

/**
 * What a {@link RunReport} knows at one moment, everything {@link ReportPage} needs to draw the page: the page is a
 * function of this snapshot alone. The collections are copied and unmodifiable; the PNG byte arrays are shared, not
 * copied (the report never changes an array once it holds it).
 *
 * @param title the page's title and heading
 * @param folder the run's folder (absolute), named on the page
 * @param written when the page is written; shown to the second
 * @param config the model's configuration; null before the first epoch
 * @param history every finished epoch, oldest first; empty before the first epoch
 * @param sampleCount images per sample grid
 * @param sampleSeed seed of the sample grids' prior draws
 * @param samples PNG bytes of the sample grids by epoch, ascending
 * @param reconstructions PNG bytes of the latest reconstructions; null if there are none (yet)
 * @param reconstructionCount how many images the reconstructions show
 * @param reconstructionsEpoch the epoch after which the reconstructions were drawn
 * @param sections the sections a program added, by heading, in the order added
 */
record ReportSnapshot(String title, Path folder, ZonedDateTime written, VaeConfig config, TrainingHistory history,
        int sampleCount, long sampleSeed, SortedMap<Integer, byte[]> samples, byte[] reconstructions,
        int reconstructionCount, int reconstructionsEpoch, Map<String, List<Item>> sections) {

    ReportSnapshot {
        samples = Collections.unmodifiableSortedMap(new TreeMap<>(samples));
        Map<String, List<Item>> copy = new LinkedHashMap<>();
        sections.forEach((heading, items) -> copy.put(heading, List.copyOf(items)));
        sections = Collections.unmodifiableMap(copy);
    }

    /**
     * A figure or a paragraph of text in an added section.
     *
     * @param caption what the figure shows; null for text
     * @param png the figure's PNG bytes; null for text
     * @param width the figure's width in pixels; 0 for text
     * @param text the paragraph; null for a figure
     */
    record Item(String caption, byte[] png, int width, String text) {

        static Item figure(String caption, byte[] png, int width) {
            return new Item(caption, png, width, null);
        }

        static Item text(String text) {
            return new Item(null, null, 0, text);
        }

        boolean isFigure() {
            return png != null;
        }
    }
}
