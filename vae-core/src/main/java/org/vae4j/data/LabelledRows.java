package org.vae4j.data;

import java.util.Arrays;
import java.util.Objects;

/** The labels part of a {@link Dataset}: optional, one int per example, copied on the way out. */
abstract class LabelledRows implements Dataset {
    /** One label per example, or null; never handed out. */
    private final int[] labels;

    /** @param labels one label per example, or null; kept, not copied (the caller copies) */
    LabelledRows(int[] labels) {
        this.labels = labels;
    }

    @Override
    public boolean hasLabels() {
        return labels != null;
    }

    @Override
    public int[] labels() {
        return requireLabels().clone();
    }

    @Override
    public int label(int i) {
        int[] l = requireLabels();
        return l[Objects.checkIndex(i, l.length)];
    }

    /** @return the labels of examples {@code [from, to)}, a new array, or null without labels */
    int[] labelRange(int from, int toExclusive) {
        return labels == null ? null : Arrays.copyOfRange(labels, from, toExclusive);
    }

    /** @return the labels themselves, or null: for a derived dataset of the same examples (not to be modified) */
    int[] sharedLabels() {
        return labels;
    }

    private int[] requireLabels() {
        if (labels == null) {
            throw new IllegalStateException("this " + getClass().getSimpleName() + " of " + size()
                    + " examples has no labels");
        }
        return labels;
    }
}
