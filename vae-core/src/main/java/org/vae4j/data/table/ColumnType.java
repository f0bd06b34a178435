package org.vae4j.data.table;

/** How a CSV column becomes features. */
public enum ColumnType {
    /** A number, standardized to (x - mean) / standard deviation: one feature. */
    NUMERIC,
    /** One of two values, 0 or 1: one feature. */
    BINARY,
    /** One of the values seen in training, one-hot: one feature per value. */
    CATEGORICAL
}
