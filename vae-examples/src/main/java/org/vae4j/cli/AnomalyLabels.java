package org.vae4j.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.vae4j.data.Dataset;
import org.vae4j.data.table.TableDataset;

/**
 * {@code vae4j score --anomaly-labels}: which examples are the anomalies. Image labels and a table's integer labels
 * are named by number ({@code 1,7}); a table whose label column holds words by those words ({@code malignant}),
 * through {@link TableDataset#labelNames()}.
 */
final class AnomalyLabels {
    private AnomalyLabels() {
    }

    /**
     * @param given the {@code --anomaly-labels} values, or null
     * @param data the scored examples
     * @param source the inputs' description for messages (a file name)
     * @return per example whether its label is one of {@code given}, or null if {@code given} is null
     * @throws IllegalArgumentException naming {@code --anomaly-labels} if the data have no labels, a value is not a
     *     label of theirs (the message lists the labels there are), or no example has one of the labels
     */
    static boolean[] of(List<String> given, Dataset data, String source) {
        if (given == null) {
            return null;
        }
        if (!data.hasLabels()) {
            throw new IllegalArgumentException("--anomaly-labels needs labelled inputs, but " + source
                    + " has no labels");
        }
        List<String> names = data instanceof TableDataset t ? t.labelNames().orElse(null) : null;
        Set<Integer> marked = new LinkedHashSet<>();
        for (String label : given) {
            if (names != null) {
                int index = names.indexOf(label.strip());
                if (index < 0) {
                    throw new IllegalArgumentException("--anomaly-labels " + label + ": not a label of " + source
                            + "; its labels are " + names);
                }
                marked.add(index);
            } else {
                try {
                    marked.add(Integer.parseInt(label.strip()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--anomaly-labels " + label + ": " + source + " has integer"
                            + " labels; give them as numbers, e.g. 1,7", e);
                }
            }
        }
        int[] labels = data.labels();
        boolean[] anomaly = new boolean[labels.length];
        int count = 0;
        for (int i = 0; i < labels.length; i++) {
            anomaly[i] = marked.contains(labels[i]);
            count += anomaly[i] ? 1 : 0;
        }
        if (count == 0) {
            throw new IllegalArgumentException("--anomaly-labels " + String.join(",", given) + ": no example of "
                    + source + " has one of these labels, so there is no AUC to measure");
        }
        return anomaly;
    }

    /**
     * @param data the scored examples
     * @return each example's label as the scores file writes it (the label column's value for a table with word
     *     labels, else the number), or null if the data have no labels
     */
    static List<String> names(Dataset data) {
        if (!data.hasLabels()) {
            return null;
        }
        List<String> names = data instanceof TableDataset t ? t.labelNames().orElse(null) : null;
        List<String> out = new ArrayList<>(data.size());
        for (int label : data.labels()) {
            out.add(names != null ? names.get(label) : Integer.toString(label));
        }
        return out;
    }
}
