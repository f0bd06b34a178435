package org.vae4j.data.table;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How CSV rows become feature vectors, fitted on the training file by {@link CsvTable#read(java.nio.file.Path,
 * TableSchema)} and applied unchanged to data scored later ({@link CsvTable#read(java.nio.file.Path,
 * TablePreprocessing)}): the feature columns in order, each numeric column's mean and standard deviation, each binary
 * column's two values, each categorical column's vocabulary, and the label column.
 *
 * <p>A row becomes {@link #width()} floats, the columns' {@link #groups()} one after another in {@link #columns()}
 * order: a numeric cell v becomes (v - mean) / standardDeviation (the population standard deviation of the training
 * column; 1 for a constant column); a binary cell 0 for {@code values[0]}, 1 for {@code values[1]}; a categorical
 * cell the one-hot vector of its index in {@code values}.
 *
 * <p>Labels: with {@code labelValues} null, the label column holds non-negative integers, used as they are; else
 * the label is the index of the cell in {@code labelValues}, and a value the training table did not have gets the
 * next index ({@link TableDataset#labelNames()}).
 *
 * <p>Written to and read from JSON ({@link #toJson()}, {@link #fromJson(String)}); a model trained on a table keeps
 * it in its model file ({@code org.vae4j.Vae#preprocessing()}).
 *
 * @param columns the feature columns, in feature order
 * @param labelColumn the label column, or null
 * @param labelValues the label vocabulary (label i is {@code labelValues.get(i)}), or null for integer labels
 */
public record TablePreprocessing(List<Column> columns, String labelColumn, List<String> labelValues) {

    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();

    /**
     * One feature column.
     *
     * @param name the CSV column's name
     * @param type its type
     * @param mean the training mean of a numeric column (0 otherwise)
     * @param standardDeviation the training standard deviation of a numeric column, {@code > 0} (1 otherwise)
     * @param values the binary column's values (the one read as 0, then the one read as 1) or the categorical
     *     column's categories; empty for a numeric column
     */
    public record Column(String name, ColumnType type, double mean, double standardDeviation, List<String> values) {
        /**
         * @throws IllegalArgumentException naming the column if a field does not fit its type
         */
        public Column {
            Objects.requireNonNull(name, "Column.name");
            Objects.requireNonNull(type, "Column.type of " + name);
            values = values == null ? List.of() : List.copyOf(values);
            if (!Double.isFinite(mean) || !(standardDeviation > 0) || Double.isInfinite(standardDeviation)) {
                throw new IllegalArgumentException("column '" + name + "': mean must be finite and standardDeviation"
                        + " positive and finite, got " + mean + " and " + standardDeviation);
            }
            if (new HashSet<>(values).size() != values.size()) {
                throw new IllegalArgumentException("column '" + name + "': values repeat: " + values);
            }
            boolean fits = switch (type) {
                case NUMERIC -> values.isEmpty();
                case BINARY -> values.size() == 1 || values.size() == 2;
                case CATEGORICAL -> !values.isEmpty();
            };
            if (!fits) {
                throw new IllegalArgumentException("column '" + name + "': a " + type + " column cannot have values "
                        + values);
            }
        }

        /** @return the number of features: the categories of a categorical column, else 1 */
        public int width() {
            return type == ColumnType.CATEGORICAL ? values.size() : 1;
        }
    }

    /**
     * @throws IllegalArgumentException if there are no columns, a name repeats, or the label column is a feature
     */
    public TablePreprocessing {
        columns = List.copyOf(columns);
        labelValues = labelValues == null ? null : List.copyOf(labelValues);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("TablePreprocessing needs at least one feature column");
        }
        Set<String> names = new HashSet<>();
        for (Column c : columns) {
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("TablePreprocessing: column '" + c.name() + "' occurs twice");
            }
        }
        if (labelColumn != null && names.contains(labelColumn)) {
            throw new IllegalArgumentException("TablePreprocessing: label column '" + labelColumn
                    + "' is also a feature");
        }
        if (labelValues != null && labelColumn == null) {
            throw new IllegalArgumentException("TablePreprocessing: labelValues without a labelColumn");
        }
    }

    /** @return the number of features per example, the sum of the columns' widths */
    public int width() {
        return columns.stream().mapToInt(Column::width).sum();
    }

    /** @return each column's features, in order: offsets 0, width of the first, ... */
    public List<FeatureGroup> groups() {
        List<FeatureGroup> groups = new ArrayList<>();
        int offset = 0;
        for (Column c : columns) {
            groups.add(new FeatureGroup(c.name(), c.type(), offset, c.width()));
            offset += c.width();
        }
        return groups;
    }

    /** @return the preprocessing as indented JSON */
    public String toJson() {
        try {
            return MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the table preprocessing as JSON", e);
        }
    }

    /**
     * @param json what {@link #toJson()} wrote
     * @return the preprocessing
     * @throws IllegalArgumentException if the JSON is malformed or a value is invalid (the message says which)
     */
    public static TablePreprocessing fromJson(String json) {
        try {
            return MAPPER.readValue(json, TablePreprocessing.class);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            throw new IllegalArgumentException("not a valid table preprocessing: " + (cause == e
                    ? e.getOriginalMessage() : cause.getMessage()), e);
        }
    }
}
