package org.vae4j.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.vae4j.anomaly.AnomalyThreshold;
import org.vae4j.data.InvalidDataException;
import org.vae4j.io.AtomicFiles;

/**
 * The CSV file {@code vae4j score} writes (RFC 4180 through Apache Commons CSV, {@code \n} line ends, UTF-8):
 * {@code id,score,flag[,label]}, one row per example in input order, id from 0, the score in nats with every digit
 * of the double, flag 1 for an anomaly (score above the threshold) and 0 otherwise, the label if the inputs have
 * labels (a table's label value, such as {@code malignant}). Read back for {@code --threshold-scores}.
 */
final class ScoresCsv {
    static final String ID = "id";
    static final String SCORE = "score";
    static final String FLAG = "flag";
    static final String LABEL = "label";

    private ScoresCsv() {
    }

    /**
     * Writes the file atomically.
     *
     * @param file the CSV file
     * @param scores one per example
     * @param threshold flags the scores
     * @param labels one per example, or null
     * @param labelNames the name of each label (a table's label values), written instead of the number; or null
     * @return the absolute path written
     * @throws IOException if the file cannot be written (it is then left as it was)
     */
    static Path write(Path file, double[] scores, AnomalyThreshold threshold, int[] labels, List<String> labelNames)
            throws IOException {
        List<String> header = new ArrayList<>(List.of(ID, SCORE, FLAG));
        if (labels != null) {
            header.add(LABEL);
        }
        CSVFormat format = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').setHeader(header.toArray(String[]::new))
                .build();
        return AtomicFiles.write(file, out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            CSVPrinter printer = new CSVPrinter(writer, format);
            for (int i = 0; i < scores.length; i++) {
                if (labels != null) {
                    printer.printRecord(i, Double.toString(scores[i]), threshold.isAnomaly(scores[i]) ? 1 : 0,
                            labelNames != null ? labelNames.get(labels[i]) : labels[i]);
                } else {
                    printer.printRecord(i, Double.toString(scores[i]), threshold.isAnomaly(scores[i]) ? 1 : 0);
                }
            }
            printer.flush();
        });
    }

    /**
     * Reads the score column of a file written by {@link #write} (other columns are ignored).
     *
     * @param file the CSV file
     * @return the scores, in file order
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws InvalidDataException naming the file, the line and the column if the file is empty, has no
     *     {@code score} column, or a score is not a finite number
     * @throws IOException if reading fails
     */
    static double[] readScores(Path file) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build();
        List<Double> scores = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = CSVParser.parse(reader, format)) {
            if (!parser.getHeaderMap().containsKey(SCORE)) {
                throw new InvalidDataException(file.toString(), -1, file + ": no '" + SCORE + "' column in the header"
                        + " (line 1): " + parser.getHeaderNames() + "; give a CSV written by 'vae4j score'");
            }
            for (CSVRecord record : parser) {
                long line = record.getRecordNumber() + 1;
                String cell = record.isSet(SCORE) ? record.get(SCORE) : null;
                double value;
                try {
                    value = cell == null ? Double.NaN : Double.parseDouble(cell.strip());
                } catch (NumberFormatException e) {
                    value = Double.NaN;
                }
                if (!Double.isFinite(value)) {
                    throw new InvalidDataException(file.toString(), line - 2, file + ", line " + line + ", column '"
                            + SCORE + "': expected a finite number, got " + (cell == null ? "no value" : "'" + cell
                            + "'"));
                }
                scores.add(value);
            }
        } catch (InvalidDataException e) {
            throw e;
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new InvalidDataException(file.toString(), -1, file + ": not a valid CSV file: " + e.getMessage());
        }
        if (scores.isEmpty()) {
            throw new InvalidDataException(file.toString(), -1, file + ": no scores (the file has no rows)");
        }
        return scores.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
