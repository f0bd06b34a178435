package org.vae4j.data.table;

/**
 * The features one CSV column became: columns {@code [offset, offset + width)} of the feature matrix.
 *
 * @param column the CSV column's name
 * @param type how it was encoded
 * @param offset its first feature
 * @param width its number of features: 1 for numeric and binary columns, the number of categories for a categorical
 *     one (one-hot)
 */
public record FeatureGroup(String column, ColumnType type, int offset, int width) {
}
