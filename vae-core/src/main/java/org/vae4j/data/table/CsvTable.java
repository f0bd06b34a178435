package org.vae4j.data.table;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.ImageShape;

/**
 * Reads a CSV table with a header (UTF-8, RFC 4180, parsed by Apache Commons CSV) into a {@link TableDataset}: one
 * example per row, {@link TablePreprocessing#width()} float features, optional integer labels.
 *
 * <p>{@link #read(Path, TableSchema)} reads a training file: it infers the types the schema leaves open and fits the
 * preprocessing (means, standard deviations, binary values, category vocabularies, label vocabulary) on it.
 * {@link #read(Path, TablePreprocessing)} reads data to score with a fitted preprocessing, unchanged: the file must
 * have every feature column (in any order, extra columns are ignored), and its label column if it has one.
 *
 * <p>The whole file is held in memory while it is read (its cells as strings, then the features as floats).
 */
public final class CsvTable {
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern INFINITY = Pattern.compile("[+-]?(Infinity|inf|Inf|INF)");
    private static final Pattern INTEGER = Pattern.compile("\\d{1,9}");

    private CsvTable() {
    }

    /**
     * Reads a training table and fits its preprocessing.
     *
     * @param file the CSV file
     * @param schema the label, ignored and declared columns; the other columns' types are inferred
     * @return the examples, standardized and one-hot encoded, with labels if the schema names a label column
     * @throws TableFormatException naming the file, line and column: an empty file, a header only, a duplicate column
     *     name, a ragged row, a column of the schema missing from the header, a non-numeric, NaN or infinite cell in
     *     a numeric column, a third value in a binary column, an empty label, no feature column left
     * @throws IOException if the file cannot be read
     */
    public static TableDataset read(Path file, TableSchema schema) throws IOException {
        Objects.requireNonNull(schema, "schema");
        CsvRows rows = CsvRows.read(Objects.requireNonNull(file, "file"));
        for (String name : schema.namedColumns()) {
            if (rows.indexOf(name) < 0) {
                String role = name.equals(schema.labelColumn()) ? "label column" : "column";
                throw new TableFormatException(file, 1, -1, name, "the " + role + " '" + name + "' is not in the"
                        + " header " + rows.header());
            }
        }
        List<TablePreprocessing.Column> columns = new ArrayList<>();
        for (String name : rows.header()) {
            if (name.equals(schema.labelColumn()) || schema.ignored().contains(name)) {
                continue;
            }
            columns.add(fit(rows, name, schema.declaredType(name)));
        }
        if (columns.isEmpty()) {
            throw new TableFormatException(file, 1, -1, null, "no feature column is left after the label and ignored"
                    + " columns");
        }
        List<String> labelValues = schema.labelColumn() == null ? null : labelValues(rows, schema.labelColumn());
        return transform(rows, new TablePreprocessing(columns, schema.labelColumn(), labelValues));
    }

    /**
     * Reads a table to score with a fitted preprocessing.
     *
     * @param file the CSV file
     * @param preprocessing the preprocessing fitted on the training table (e.g. {@code vae.preprocessing()})
     * @return the examples, with labels if the file has the label column
     * @throws TableFormatException naming the file, line and column: the structural errors of
     *     {@link #read(Path, TableSchema)}, a feature column missing from the header, a non-numeric, NaN or
     *     infinite numeric cell, a category or binary value the training table did not have, a label that is not a
     *     non-negative integer when the training labels were (new label values of a named label column are allowed:
     *     {@link TableDataset#labelNames()})
     * @throws IOException if the file cannot be read
     */
    public static TableDataset read(Path file, TablePreprocessing preprocessing) throws IOException {
        Objects.requireNonNull(preprocessing, "preprocessing");
        CsvRows rows = CsvRows.read(Objects.requireNonNull(file, "file"));
        for (TablePreprocessing.Column c : preprocessing.columns()) {
            if (rows.indexOf(c.name()) < 0) {
                throw new TableFormatException(file, 1, -1, c.name(), "the model's " + c.type().name().toLowerCase()
                        + " column '" + c.name() + "' is missing from the header " + rows.header());
            }
        }
        return transform(rows, preprocessing);
    }

    /** Infers (unless declared) and fits one feature column. */
    private static TablePreprocessing.Column fit(CsvRows rows, String name, ColumnType declared) {
        int j = rows.indexOf(name);
        ColumnType type = declared != null ? declared : infer(rows, j);
        switch (type) {
            case NUMERIC -> {
                SummaryStatistics stats = new SummaryStatistics();
                for (int r = 0; r < rows.size(); r++) {
                    stats.addValue(number(rows, r, name, rows.rows().get(r)[j]));
                }
                double sd = Math.sqrt(stats.getPopulationVariance());
                return new TablePreprocessing.Column(name, type, stats.getMean(), sd > 0 ? sd : 1.0, List.of());
            }
            case BINARY -> {
                Set<String> values = new LinkedHashSet<>();
                for (int r = 0; r < rows.size(); r++) {
                    String cell = rows.rows().get(r)[j];
                    if (values.add(cell) && values.size() > 2) {
                        throw rows.error(r, name, "a binary column has a third value '" + cell + "' (the others: "
                                + new ArrayList<>(values).subList(0, 2) + ")");
                    }
                }
                List<String> sorted = new ArrayList<>(values);
                sorted.sort(VALUE_ORDER);
                return new TablePreprocessing.Column(name, type, 0, 1, sorted);
            }
            case CATEGORICAL -> {
                Set<String> values = new TreeSet<>(VALUE_ORDER);
                for (String[] row : rows.rows()) {
                    values.add(row[j]);
                }
                return new TablePreprocessing.Column(name, type, 0, 1, new ArrayList<>(values));
            }
            default -> throw new IllegalStateException("unknown column type " + type);
        }
    }

    /** Numbers (NaN and infinities included, rejected later) are numeric, binary if only 0 and 1; else categorical. */
    private static ColumnType infer(CsvRows rows, int j) {
        boolean binary = true;
        for (String[] row : rows.rows()) {
            double v = parse(row[j]);
            if (Double.isNaN(v) && !isNaNLiteral(row[j])) {
                return ColumnType.CATEGORICAL;
            }
            binary &= v == 0 || v == 1;
        }
        return binary ? ColumnType.BINARY : ColumnType.NUMERIC;
    }

    /** The label vocabulary, or null if every label is a non-negative integer. */
    private static List<String> labelValues(CsvRows rows, String name) {
        int j = rows.indexOf(name);
        Set<String> values = new TreeSet<>(VALUE_ORDER);
        boolean integers = true;
        for (int r = 0; r < rows.size(); r++) {
            String cell = rows.rows().get(r)[j];
            if (cell.isEmpty()) {
                throw rows.error(r, name, "the label is empty");
            }
            values.add(cell);
            integers &= integerLabel(cell) >= 0;
        }
        return integers ? null : new ArrayList<>(values);
    }

    /** Applies a preprocessing to every row. */
    private static TableDataset transform(CsvRows rows, TablePreprocessing p) {
        int n = rows.size();
        int width = p.width();
        float[] features = new float[Math.multiplyExact(n, width)];
        List<FeatureGroup> groups = p.groups();
        for (int g = 0; g < groups.size(); g++) {
            TablePreprocessing.Column c = p.columns().get(g);
            int j = rows.indexOf(c.name());
            int offset = groups.get(g).offset();
            Map<String, Integer> index = new HashMap<>();
            for (int k = 0; k < c.values().size(); k++) {
                index.put(c.values().get(k), k);
            }
            for (int r = 0; r < n; r++) {
                String cell = rows.rows().get(r)[j];
                int at = r * width + offset;
                switch (c.type()) {
                    case NUMERIC -> features[at] = (float) ((number(rows, r, c.name(), cell) - c.mean())
                            / c.standardDeviation());
                    case BINARY -> features[at] = binary(rows, r, c, cell, index);
                    case CATEGORICAL -> {
                        Integer k = index.get(cell);
                        if (k == null) {
                            throw rows.error(r, c.name(), "category '" + cell + "' was not in the training data"
                                    + " (its categories: " + c.values() + ")");
                        }
                        features[at + k] = 1f;
                    }
                    default -> throw new IllegalStateException("unknown column type " + c.type());
                }
            }
        }
        List<String> labelNames = p.labelValues() == null ? null : new ArrayList<>(p.labelValues());
        int[] labels = labels(rows, p, labelNames);
        ImageDataset data = ImageDataset.of(Nd4j.create(features, new long[] {n, width}, 'c'), labels,
                ImageShape.vector(width));
        return new TableDataset(data, p, rows.file(), labels == null ? null : labelNames);
    }

    private static float binary(CsvRows rows, int r, TablePreprocessing.Column c, String cell,
            Map<String, Integer> index) {
        Integer k = index.get(cell);
        if (k == null) { // "1.0" for "1": compare as numbers
            double v = parse(cell);
            for (int i = 0; i < c.values().size() && !Double.isNaN(v); i++) {
                if (parse(c.values().get(i)) == v) {
                    k = i;
                }
            }
        }
        if (k == null) {
            throw rows.error(r, c.name(), "value '" + cell + "' is not one of the binary column's values "
                    + c.values());
        }
        return k;
    }

    /** The labels; a label value the training table did not have is appended to {@code names}. */
    private static int[] labels(CsvRows rows, TablePreprocessing p, List<String> names) {
        int j = p.labelColumn() == null ? -1 : rows.indexOf(p.labelColumn());
        if (j < 0) {
            return null;
        }
        Map<String, Integer> index = new HashMap<>();
        if (p.labelValues() != null) {
            for (int k = 0; k < p.labelValues().size(); k++) {
                index.put(p.labelValues().get(k), k);
            }
        }
        int[] labels = new int[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            String cell = rows.rows().get(r)[j];
            if (names != null && cell.isEmpty()) {
                throw rows.error(r, p.labelColumn(), "the label is empty");
            }
            if (names != null && !index.containsKey(cell)) { // e.g. an anomaly class only in the test data
                index.put(cell, names.size());
                names.add(cell);
            }
            Integer label = names != null ? index.get(cell) : Integer.valueOf(integerLabel(cell));
            if (label < 0) {
                throw rows.error(r, p.labelColumn(), "label '" + cell + "' is not a non-negative integer (the"
                        + " training labels were)");
            }
            labels[r] = label;
        }
        return labels;
    }

    /** A numeric cell, which must be a finite number. */
    private static double number(CsvRows rows, int r, String column, String cell) {
        double v = parse(cell);
        if (Double.isNaN(v) && !isNaNLiteral(cell)) {
            throw rows.error(r, column, cell.isEmpty() ? "a numeric column has an empty cell (missing values are not"
                    + " supported: fill them in or ignore the column)" : "'" + cell + "' in a numeric column is not a"
                    + " number");
        }
        if (!Double.isFinite(v)) {
            throw rows.error(r, column, "'" + cell + "' in a numeric column: NaN and infinite values are not allowed");
        }
        return v;
    }

    /** A decimal number, NaN if the cell is not one (Java's suffixes {@code 1f}, {@code 1d} and hex are not). */
    static double parse(String cell) {
        if (cell.isEmpty() || !isNumberChars(cell)) {
            return Double.NaN;
        }
        if (INFINITY.matcher(cell).matches()) {
            return cell.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static boolean isNumberChars(String cell) {
        if (isNaNLiteral(cell) || INFINITY.matcher(cell).matches()) {
            return true;
        }
        return DECIMAL.matcher(cell).matches();
    }

    private static boolean isNaNLiteral(String cell) {
        return cell.equals("NaN") || cell.equals("nan") || cell.equals("NAN");
    }

    /** A non-negative integer label, or -1. */
    private static int integerLabel(String cell) {
        if (!INTEGER.matcher(cell).matches()) {
            return -1;
        }
        return Integer.parseInt(cell);
    }

    /** Numbers by value, then other strings in natural order (so binary 0/1 map to 0/1). */
    private static final Comparator<String> VALUE_ORDER = (a, b) -> {
        double x = parse(a);
        double y = parse(b);
        boolean nx = !Double.isNaN(x);
        boolean ny = !Double.isNaN(y);
        if (nx && ny && x != y) {
            return Double.compare(x, y);
        }
        if (nx != ny) {
            return nx ? -1 : 1;
        }
        return a.compareTo(b);
    };
}
