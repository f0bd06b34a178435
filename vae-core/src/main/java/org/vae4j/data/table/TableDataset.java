package org.vae4j.data.table;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.data.Dataset;
import org.vae4j.data.ImageShape;

/**
 * The examples of a CSV table ({@link CsvTable}) with the {@link TablePreprocessing} that made them: a flat vector
 * of {@link TablePreprocessing#width()} features per example ({@link #shape()} is {@code ImageShape.vector(width)},
 * the {@link Dataset} convention for a vector; {@link Dataset#featureCount()} is the width), held in memory, with
 * labels when the table has its label column.
 */
public final class TableDataset implements Dataset {
    private final Dataset rows;
    private final TablePreprocessing preprocessing;
    private final Path file;
    private final List<String> labelNames;

    TableDataset(Dataset rows, TablePreprocessing preprocessing, Path file, List<String> labelNames) {
        this.rows = Objects.requireNonNull(rows, "rows");
        this.preprocessing = Objects.requireNonNull(preprocessing, "preprocessing");
        this.file = file;
        this.labelNames = labelNames == null ? null : List.copyOf(labelNames);
    }

    /**
     * What each label stands for, when the label column is not integers: label i is {@code labelNames().get(i)}. The
     * training table's values come first, in the preprocessing's order ({@link TablePreprocessing#labelValues()});
     * a table read later may hold values the training table did not have (an anomaly class seen only at scoring
     * time), which follow in the order they first occur.
     *
     * @return the label names, or empty for integer labels or a table without its label column
     */
    public Optional<List<String>> labelNames() {
        return Optional.ofNullable(labelNames);
    }

    /** @return how the table's rows became features: fitted on this table, or the one it was read with */
    public TablePreprocessing preprocessing() {
        return preprocessing;
    }

    /** @return the CSV file the examples came from */
    public Path file() {
        return file;
    }

    @Override
    public int size() {
        return rows.size();
    }

    @Override
    public ImageShape shape() {
        return rows.shape();
    }

    @Override
    public INDArray features() {
        return rows.features();
    }

    @Override
    public INDArray rows(int from, int toExclusive) {
        return rows.rows(from, toExclusive);
    }

    @Override
    public INDArray gather(int[] indices, INDArray target) {
        return rows.gather(indices, target);
    }

    @Override
    public boolean hasLabels() {
        return rows.hasLabels();
    }

    @Override
    public int[] labels() {
        return rows.labels();
    }

    @Override
    public int label(int i) {
        return rows.label(i);
    }

    /** @return examples {@code [from, toExclusive)} of this table, with the same preprocessing */
    @Override
    public TableDataset subset(int from, int toExclusive) {
        return new TableDataset(rows.subset(from, toExclusive), preprocessing, file, labelNames);
    }

    @Override
    public TableDataset first(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, but was " + n);
        }
        return subset(0, Math.min(n, size()));
    }

    @Override
    public Dataset asFloats() {
        return this;
    }

    /** @return e.g. {@code TableDataset[file=x.csv, size=1000, features=12, labels=true]} */
    @Override
    public String toString() {
        return "TableDataset[file=" + file + ", size=" + size() + ", features=" + featureCount() + ", labels="
                + hasLabels() + "]";
    }
}
