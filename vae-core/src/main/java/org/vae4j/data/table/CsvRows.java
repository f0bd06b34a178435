package org.vae4j.data.table;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The cells of a CSV file with a header, as strings, read with Commons CSV (RFC 4180: commas, double quotes, quoted
 * line breaks; surrounding spaces dropped; blank lines skipped). Checks the structure only: a header, no duplicate or
 * empty column names, at least one data row, every row as long as the header.
 *
 * @param file the file
 * @param header the column names, in file order
 * @param rows the cells of each data row
 * @param lines the 1-based line number of each data row (the header is line 1; a row with a quoted line break
 *     counts as its first line)
 */
record CsvRows(Path file, List<String> header, List<String[]> rows, long[] lines) {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreSurroundingSpaces(true)
            .setIgnoreEmptyLines(false).build();

    /** @return the number of data rows */
    int size() {
        return rows.size();
    }

    /**
     * @param name a column name
     * @return its index in the header, or -1
     */
    int indexOf(String name) {
        return header.indexOf(name);
    }

    /** @return the 0-based data row of line {@code line} is {@code row}: the example index */
    TableFormatException error(int row, String column, String problem) {
        return new TableFormatException(file, lines[row], row, column, problem);
    }

    /**
     * Reads a CSV file.
     *
     * @param file the file, UTF-8
     * @return its cells
     * @throws TableFormatException naming the file (and line and column) if it is empty, has only a header, has a
     *     duplicate or empty column name, or a row with another number of cells than the header
     * @throws IOException if the file cannot be read
     */
    static CsvRows read(Path file) throws IOException {
        List<String> header = null;
        List<String[]> rows = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = FORMAT.parse(reader)) {
            long nextLine = 1;
            for (CSVRecord record : parser) {
                long line = nextLine;
                nextLine = parser.getCurrentLineNumber() + 1;
                if (record.size() == 1 && record.get(0).isEmpty()) {
                    continue; // a blank line
                }
                if (header == null) {
                    header = header(file, line, record);
                    continue;
                }
                if (record.size() != header.size()) {
                    throw new TableFormatException(file, line, rows.size(), null, "has " + record.size()
                            + " cells but the header has " + header.size() + " columns");
                }
                rows.add(record.values());
                lines.add(line);
            }
        } catch (UncheckedIOException e) {
            // Commons CSV reports malformed quoting as an UncheckedIOException wrapping an IOException
            throw new TableFormatException(file, -1, -1, null, "is not valid CSV: " + e.getCause().getMessage());
        }
        if (header == null) {
            throw new TableFormatException(file, -1, -1, null, "is empty: a CSV table needs a header line and data"
                    + " rows");
        }
        if (rows.isEmpty()) {
            throw new TableFormatException(file, -1, -1, null, "has a header but no data rows");
        }
        return new CsvRows(file, header, rows, lines.stream().mapToLong(Long::longValue).toArray());
    }

    private static List<String> header(Path file, long line, CSVRecord record) {
        List<String> names = Arrays.asList(record.values());
        Map<String, Integer> seen = new HashMap<>();
        for (int j = 0; j < names.size(); j++) {
            String name = names.get(j);
            if (name.isEmpty()) {
                throw new TableFormatException(file, line, -1, null, "column " + (j + 1) + " of the header has no"
                        + " name");
            }
            Integer before = seen.put(name, j);
            if (before != null) {
                throw new TableFormatException(file, line, -1, name, "the header names this column twice (columns "
                        + (before + 1) + " and " + (j + 1) + ")");
            }
        }
        return List.copyOf(names);
    }
}
