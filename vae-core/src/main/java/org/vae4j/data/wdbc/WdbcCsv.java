package org.vae4j.data.wdbc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.vae4j.data.IdxReader;
import org.vae4j.io.Exceptions;

/**
 * Turns either source file into the cleaned CSV of {@link Wdbc#csv()}: the header {@link Wdbc#HEADER}, then per
 * example the diagnosis ({@value Wdbc#BENIGN} or {@value Wdbc#MALIGNANT}) and the 30 features, each cell copied as
 * written in the source (so both sources give the same bytes), rows in the source's order, {@code \n} line ends.
 * <ul>
 *   <li>UCI {@value Wdbc#UCI_FILE}: no header; 32 cells per row: ID, {@code M}/{@code B}, 30 features.</li>
 *   <li>scikit-learn {@value Wdbc#SKLEARN_FILE}: a first row {@code 569,30,malignant,benign}; then 31 cells per
 *       row: 30 features and the target, {@code 0} = malignant, {@code 1} = benign.</li>
 * </ul>
 */
final class WdbcCsv {
    private static final CSVFormat OUT = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').build();

    private WdbcCsv() {
    }

    /**
     * @param source a file named {@value Wdbc#UCI_FILE} or {@value Wdbc#SKLEARN_FILE}, plain or gzip
     * @param name   which of the two it is
     * @return the cleaned CSV, UTF-8
     * @throws WdbcFormatException if a row does not have the expected layout (naming file, row and column)
     * @throws IOException         if the file cannot be read
     */
    static byte[] clean(Path source, String name) throws IOException {
        boolean uci = Wdbc.UCI_FILE.equals(name);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 17);
        int rows = 0;
        try (InputStream in = IdxReader.openUncompressed(source);
                Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
                CSVParser parser = CSVFormat.DEFAULT.parse(reader);
                Writer writer = new OutputStreamWriter(bytes, StandardCharsets.UTF_8);
                CSVPrinter out = new CSVPrinter(writer, OUT)) {
            out.printRecord(Wdbc.HEADER);
            for (CSVRecord r : parser) {
                long row = r.getRecordNumber();
                if (!uci && row == 1) {
                    checkSklearnFirstRow(source, r);
                    continue;
                }
                int expected = uci ? 32 : 31;
                if (r.size() != expected) {
                    throw new WdbcFormatException(source, row, 0, r.size() + " cells, expected " + expected);
                }
                List<String> cells = new ArrayList<>(31);
                cells.add(diagnosis(source, r, uci ? 1 : 30, uci));
                int first = uci ? 2 : 0;
                for (int c = first; c < first + Wdbc.FEATURES.size(); c++) {
                    cells.add(number(source, r, c));
                }
                out.printRecord(cells);
                rows++;
            }
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            throw new WdbcFormatException(source, 0, 0, "not a readable CSV file: " + Exceptions.describe(e));
        }
        if (rows != Wdbc.ROWS) {
            throw new WdbcFormatException(source, 0, 0, rows + " examples, expected " + Wdbc.ROWS);
        }
        return bytes.toByteArray();
    }

    private static void checkSklearnFirstRow(Path source, CSVRecord r) throws WdbcFormatException {
        List<String> expected = List.of(String.valueOf(Wdbc.ROWS), String.valueOf(Wdbc.FEATURES.size()),
                Wdbc.MALIGNANT, Wdbc.BENIGN);
        if (!r.toList().equals(expected)) {
            throw new WdbcFormatException(source, 1, 0, "first row " + r.toList() + ", expected " + expected);
        }
    }

    private static String diagnosis(Path source, CSVRecord r, int column, boolean uci) throws WdbcFormatException {
        String cell = r.get(column).strip();
        if (cell.equals(uci ? "M" : "0")) {
            return Wdbc.MALIGNANT;
        } else if (cell.equals(uci ? "B" : "1")) {
            return Wdbc.BENIGN;
        }
        throw new WdbcFormatException(source, r.getRecordNumber(), column + 1, "diagnosis '" + cell + "', expected "
                + (uci ? "M (malignant) or B (benign)" : "0 (malignant) or 1 (benign)"));
    }

    private static String number(Path source, CSVRecord r, int column) throws WdbcFormatException {
        String cell = r.get(column).strip();
        double value;
        try {
            value = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new WdbcFormatException(source, r.getRecordNumber(), column + 1, "'" + cell + "' is not a number");
        }
        if (!Double.isFinite(value)) {
            throw new WdbcFormatException(source, r.getRecordNumber(), column + 1, "'" + cell + "' is not finite");
        }
        return cell;
    }
}
