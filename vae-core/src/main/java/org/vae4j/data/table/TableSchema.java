package org.vae4j.data.table;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which columns of a CSV table are what: an optional label column, columns to ignore, and columns whose type is
 * given; every other column's type is inferred from the training file by {@link CsvTable#read(java.nio.file.Path,
 * TableSchema)}: {@link ColumnType#NUMERIC} if every cell parses as a number, {@link ColumnType#BINARY} if those
 * numbers are only 0 and 1, else {@link ColumnType#CATEGORICAL}.
 *
 * <p>Immutable; the {@code with...} methods return new schemas. Column names are matched exactly (case-sensitive).
 *
 * @param labelColumn the column holding each example's label, or null for none
 * @param ignored columns not used
 * @param numeric columns declared numeric (a non-numeric cell is then an error)
 * @param binary columns declared binary (any two distinct values; more is an error)
 * @param categorical columns declared categorical (also when their cells are numbers, e.g. codes)
 */
public record TableSchema(String labelColumn, Set<String> ignored, Set<String> numeric, Set<String> binary,
        Set<String> categorical) {

    /**
     * @throws IllegalArgumentException if a column is declared twice (two types, or a type and label or ignored)
     */
    public TableSchema {
        ignored = copy(ignored);
        numeric = copy(numeric);
        binary = copy(binary);
        categorical = copy(categorical);
        Set<String> seen = new LinkedHashSet<>();
        if (labelColumn != null) {
            seen.add(labelColumn);
        }
        for (Set<String> s : java.util.List.of(ignored, numeric, binary, categorical)) {
            for (String name : s) {
                if (!seen.add(name)) {
                    throw new IllegalArgumentException("TableSchema: column '" + name + "' is given two roles (label,"
                            + " ignored, numeric, binary, categorical: at most one each)");
                }
            }
        }
    }

    /** @return a schema that infers every column's type, with no label and nothing ignored */
    public static TableSchema inferred() {
        return new TableSchema(null, Set.of(), Set.of(), Set.of(), Set.of());
    }

    /**
     * @param name the label column, or null for none
     * @return this schema with that label column
     */
    public TableSchema withLabel(String name) {
        return new TableSchema(name, ignored, numeric, binary, categorical);
    }

    /**
     * @param names columns to ignore (added to those already ignored)
     * @return the new schema
     */
    public TableSchema ignoring(String... names) {
        return new TableSchema(labelColumn, plus(ignored, names), numeric, binary, categorical);
    }

    /**
     * @param names columns declared numeric
     * @return the new schema
     */
    public TableSchema withNumeric(String... names) {
        return new TableSchema(labelColumn, ignored, plus(numeric, names), binary, categorical);
    }

    /**
     * @param names columns declared binary
     * @return the new schema
     */
    public TableSchema withBinary(String... names) {
        return new TableSchema(labelColumn, ignored, numeric, plus(binary, names), categorical);
    }

    /**
     * @param names columns declared categorical
     * @return the new schema
     */
    public TableSchema withCategorical(String... names) {
        return new TableSchema(labelColumn, ignored, numeric, binary, plus(categorical, names));
    }

    /** @return every column this schema names (label, ignored and typed), in no particular order */
    Set<String> namedColumns() {
        Set<String> all = new LinkedHashSet<>();
        if (labelColumn != null) {
            all.add(labelColumn);
        }
        all.addAll(ignored);
        all.addAll(numeric);
        all.addAll(binary);
        all.addAll(categorical);
        return all;
    }

    /** @return the declared type of a column, or null if it is to be inferred */
    ColumnType declaredType(String name) {
        if (numeric.contains(name)) {
            return ColumnType.NUMERIC;
        }
        if (binary.contains(name)) {
            return ColumnType.BINARY;
        }
        return categorical.contains(name) ? ColumnType.CATEGORICAL : null;
    }

    private static Set<String> plus(Set<String> base, String... names) {
        Set<String> s = new LinkedHashSet<>(base);
        for (String n : names) {
            s.add(Objects.requireNonNull(n, "column name"));
        }
        return s;
    }

    private static Set<String> copy(Set<String> s) {
        return s == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(s));
    }
}
