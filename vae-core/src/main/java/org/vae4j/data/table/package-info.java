/**
 * Tables from CSV files: {@link org.vae4j.data.table.CsvTable} reads a file with a header into a
 * {@link org.vae4j.data.table.TableDataset} (flat feature vectors), following a
 * {@link org.vae4j.data.table.TableSchema} (label column, ignored columns, declared column types; the rest inferred)
 * and fitting a {@link org.vae4j.data.table.TablePreprocessing} (standardization, binary values, one-hot
 * vocabularies) that later data is read with. Bad input is a {@link org.vae4j.data.table.TableFormatException} naming
 * the file, line and column.
 */
package org.vae4j.data.table;
