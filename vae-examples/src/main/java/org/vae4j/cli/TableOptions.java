package org.vae4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.data.table.ColumnType;
import org.vae4j.data.table.CsvTable;
import org.vae4j.data.table.FeatureGroup;
import org.vae4j.data.table.TableDataset;
import org.vae4j.data.table.TableSchema;
import picocli.CommandLine.Option;

/**
 * The CSV table {@code vae4j train} trains on, as a picocli mixin: {@code --csv FILE} with a header, the label column,
 * the columns to ignore and the declared column types (every other column's type is inferred: numeric if all its
 * cells are numbers, binary if those are only 0 and 1, else categorical), and an optional {@code --test-csv} scored
 * after every epoch with the training table's preprocessing. See {@link TableTraining}.
 */
public final class TableOptions {
    private static final Logger log = LoggerFactory.getLogger(TableOptions.class);

    @Option(names = "--csv", paramLabel = "FILE",
            description = "CSV table with a header to train on (numeric columns standardized, categorical ones"
                    + " one-hot), with the mixed likelihood; instead of images.")
    Path csv;

    @Option(names = "--test-csv", paramLabel = "FILE",
            description = "CSV table to score after every epoch, read with --csv's preprocessing (optional).")
    Path testCsv;

    @Option(names = "--label-column", paramLabel = "NAME",
            description = "--csv: the column holding each row's label (class or anomaly flag); not a feature.")
    String labelColumn;

    @Option(names = "--ignore-columns", split = ",", paramLabel = "NAMES",
            description = "--csv: columns not to use, comma-separated (e.g. an id).")
    List<String> ignored = new ArrayList<>();

    @Option(names = "--categorical-columns", split = ",", paramLabel = "NAMES",
            description = "--csv: columns to one-hot encode even if their cells are numbers (codes).")
    List<String> categorical = new ArrayList<>();

    @Option(names = "--binary-columns", split = ",", paramLabel = "NAMES",
            description = "--csv: columns of two values (e.g. yes,no), read as 0 and 1 in sorted order.")
    List<String> binary = new ArrayList<>();

    @Option(names = "--numeric-columns", split = ",", paramLabel = "NAMES",
            description = "--csv: columns that must be numeric (inferred when all cells are numbers).")
    List<String> numeric = new ArrayList<>();

    /** @return true if {@code --csv} was given */
    boolean given() {
        return csv != null;
    }

    /**
     * @throws IllegalArgumentException if a table option is given without {@code --csv}
     */
    void checkUnused() {
        if (csv == null && (testCsv != null || labelColumn != null || !ignored.isEmpty() || !categorical.isEmpty()
                || !binary.isEmpty() || !numeric.isEmpty())) {
            throw new IllegalArgumentException("--test-csv, --label-column and the --*-columns options go with --csv");
        }
    }

    /** @return the schema these options describe */
    TableSchema schema() {
        return TableSchema.inferred().withLabel(labelColumn).ignoring(ignored.toArray(String[]::new))
                .withNumeric(numeric.toArray(String[]::new)).withBinary(binary.toArray(String[]::new))
                .withCategorical(categorical.toArray(String[]::new));
    }

    /**
     * Reads {@code --csv} (fitting the preprocessing) and {@code --test-csv} (with it).
     *
     * @return the training table and the test table, or null
     * @throws org.vae4j.data.table.TableFormatException naming the file, line and column of bad input
     * @throws IOException if a file cannot be read
     */
    TableDataset[] load() throws IOException {
        TableDataset train = CsvTable.read(csv, schema());
        TableDataset test = testCsv == null ? null : CsvTable.read(testCsv, train.preprocessing());
        List<FeatureGroup> groups = train.preprocessing().groups();
        log.info(String.format(Locale.ROOT, "%s: %d rows, %d feature columns (%d numeric, %d binary, %d categorical)"
                + " -> %d features%s%s", csv, train.size(), groups.size(), count(groups, ColumnType.NUMERIC),
                count(groups, ColumnType.BINARY), count(groups, ColumnType.CATEGORICAL), train.featureCount(),
                labelColumn != null ? ", label column " + labelColumn : "", test != null ? "; " + testCsv + ": "
                        + test.size() + " rows" : ""));
        return new TableDataset[] {train, test};
    }

    private static long count(List<FeatureGroup> groups, ColumnType type) {
        return groups.stream().filter(g -> g.type() == type).count();
    }
}
