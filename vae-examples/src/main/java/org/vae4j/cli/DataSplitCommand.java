package org.vae4j.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.vae4j.io.AtomicFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vae4j data split}: splits a CSV table with a header into {@code train.csv} and {@code test.csv}, a seeded
 * random {@code --test-fraction} of the rows to the test file, per value of {@code --stratify-column} when given
 * (each value keeps its share: round(fraction * count) of its rows go to the test file). Rows keep their order
 * and their cells are copied as they are. {@code --exclude-from-train} leaves the rows of the given values of the
 * stratify column out of {@code train.csv} (after the split, so the test file holds the same rows as without it):
 * the semi-supervised anomaly setting, a model and its baselines fitted on normal rows only, then scored on
 * held-out normal and anomalous rows. Both files are written to temporary files first and renamed only when both
 * are complete.
 */
@Command(name = "split", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, sortOptions = false,
        description = {"Splits a CSV table with a header into DIR/train.csv and DIR/test.csv: a seeded random"
                + " --test-fraction of the rows to test.csv (per value of --stratify-column if given); rows keep"
                + " their order and cells. --exclude-from-train leaves rows of those values of the stratify column"
                + " out of train.csv (train on normal rows only; test.csv is unchanged). Prints the counts."},
        footer = {"", "Example (WDBC: train on benign rows, test on held-out benign and malignant rows):",
                "  vae4j data split --csv \"$(vae4j data wdbc)\" --test-fraction 0.3 --seed 0 \\",
                "      --stratify-column diagnosis --exclude-from-train malignant \\",
                "      -o runs/wdbc-anomaly/data"})
final class DataSplitCommand implements Callable<Integer> {
    /** The file names written into the output folder. */
    static final String TRAIN = "train.csv";
    static final String TEST = "test.csv";

    @Spec
    CommandSpec spec;

    @Option(names = "--csv", required = true, paramLabel = "FILE", description = "The CSV table, with a header.")
    Path csv;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR",
            description = "The folder to write train.csv and test.csv into (created if needed; files replaced).")
    Path output;

    @Option(names = "--test-fraction", defaultValue = "0.3", paramLabel = "F",
            description = "The fraction of rows for test.csv, 0 < F < 1 (default: ${DEFAULT-VALUE}).")
    double testFraction;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "SEED",
            description = "Seed of the shuffle (default: ${DEFAULT-VALUE}); the same seed gives the same split.")
    long seed;

    @Option(names = "--stratify-column", paramLabel = "NAME",
            description = "Split each value of this column (e.g. the label) in the same proportion.")
    String stratifyColumn;

    @Option(names = "--exclude-from-train", split = ",", paramLabel = "VALUES",
            description = "Values of --stratify-column whose rows are left out of train.csv (e.g. the anomaly"
                    + " class), comma-separated.")
    List<String> excludeFromTrain = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--test-fraction must be in (0, 1), got "
                    + testFraction);
        }
        if (!excludeFromTrain.isEmpty() && stratifyColumn == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--exclude-from-train needs"
                    + " --stratify-column: the column whose values it names");
        }
        Table table = read(csv);
        int column = -1;
        if (stratifyColumn != null) {
            column = table.header.indexOf(stratifyColumn);
            if (column < 0) {
                throw new OptionFileException("--csv", csv, "has no column '" + stratifyColumn
                        + "' (--stratify-column); its columns are " + table.header, null);
            }
        }
        Map<String, List<Integer>> strata = new TreeMap<>();
        for (int i = 0; i < table.rows.size(); i++) {
            strata.computeIfAbsent(column < 0 ? "" : table.rows.get(i).get(column), s -> new ArrayList<>()).add(i);
        }
        for (String value : excludeFromTrain) {
            if (!strata.containsKey(value)) {
                throw new OptionFileException("--csv", csv, "column '" + stratifyColumn + "' has no value '" + value
                        + "' (--exclude-from-train); its values are " + strata.keySet(), null);
            }
        }
        Random random = new Random(seed);
        Set<Integer> test = new TreeSet<>();
        for (List<Integer> rows : strata.values()) {
            List<Integer> shuffled = new ArrayList<>(rows);
            Collections.shuffle(shuffled, random);
            test.addAll(shuffled.subList(0, (int) Math.round(testFraction * rows.size())));
        }
        List<Integer> trainRows = new ArrayList<>();
        List<Integer> testRows = new ArrayList<>(test);
        int excluded = 0;
        for (int i = 0; i < table.rows.size(); i++) {
            if (!test.contains(i)) {
                if (column >= 0 && excludeFromTrain.contains(table.rows.get(i).get(column))) {
                    excluded++;
                } else {
                    trainRows.add(i);
                }
            }
        }
        if (trainRows.isEmpty() || testRows.isEmpty()) {
            throw new OptionFileException("--csv", csv, table.rows.size() + " rows split with --test-fraction "
                    + testFraction + " leave " + (trainRows.isEmpty() ? TRAIN : TEST) + " empty", null);
        }
        Path trainFile = output.resolve(TRAIN);
        Path testFile = output.resolve(TEST);
        for (Path target : List.of(trainFile, testFile)) {
            if (Files.isDirectory(target)) { // checked before either file is replaced
                throw new OptionFileException("--output", target, "is a folder, not a file that can be replaced",
                        null);
            }
        }
        writeBoth(table, trainFile, trainRows, testFile, testRows);
        PrintWriter out = spec.commandLine().getOut();
        out.println(describe(trainFile, table, trainRows, column) + (excluded > 0 ? "; " + excluded + " rows of "
                + String.join(", ", excludeFromTrain) + " left out (--exclude-from-train)" : ""));
        out.println(describe(testFile, table, testRows, column));
        out.flush();
        return 0;
    }

    /** A header and rows of cells, each row as wide as the header. */
    record Table(List<String> header, List<List<String>> rows) {
    }

    /**
     * Reads a CSV table with a header (Commons CSV, RFC 4180 quoting).
     *
     * @throws OptionFileException naming {@code --csv}, the file and the line of a row whose width is not the
     *     header's, of a malformed cell, of a missing or empty header
     */
    static Table read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new OptionFileException("--csv", file, "is a folder, not a CSV file", null);
        }
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = CSVParser.parse(reader, format)) {
            List<String> header = parser.getHeaderNames();
            if (header.isEmpty()) {
                throw new OptionFileException("--csv", file, "holds no header line", null);
            }
            List<List<String>> rows = new ArrayList<>();
            for (CSVRecord record : parser) {
                if (record.size() != header.size()) {
                    throw new OptionFileException("--csv", file, "line " + parser.getCurrentLineNumber() + " (row "
                            + record.getRecordNumber() + ") has " + record.size() + " cells but the header has "
                            + header.size() + " columns", null);
                }
                rows.add(record.toList());
            }
            if (rows.isEmpty()) {
                throw new OptionFileException("--csv", file, "holds a header but no rows", null);
            }
            return new Table(List.copyOf(header), rows);
        } catch (NoSuchFileException e) {
            throw new OptionFileException("--csv", file, "no such file", e);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new OptionFileException("--csv", file, "is not a CSV table with a header: " + e.getMessage(), e);
        }
    }

    /** Writes both files to temporary files, then renames both: neither is replaced unless both are complete. */
    private static void writeBoth(Table table, Path trainFile, List<Integer> trainRows, Path testFile,
            List<Integer> testRows) throws IOException {
        Path trainTemp = AtomicFiles.createTemporary(trainFile.toAbsolutePath());
        Path testTemp = null;
        try {
            testTemp = AtomicFiles.createTemporary(testFile.toAbsolutePath());
            writeRows(table, trainRows, trainTemp);
            writeRows(table, testRows, testTemp);
            AtomicFiles.move(trainTemp, trainFile.toAbsolutePath());
            AtomicFiles.move(testTemp, testFile.toAbsolutePath());
        } finally {
            Files.deleteIfExists(trainTemp);
            if (testTemp != null) {
                Files.deleteIfExists(testTemp);
            }
        }
    }

    private static void writeRows(Table table, List<Integer> rows, Path file) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setRecordSeparator('\n')
                .setHeader(table.header.toArray(String[]::new)).build();
        try (var channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            Writer writer = new OutputStreamWriter(Channels.newOutputStream(channel),
                    StandardCharsets.UTF_8);
            try (CSVPrinter printer = new CSVPrinter(new BufferedWriter(writer), format)) {
                for (int i : rows) {
                    printer.printRecord(table.rows.get(i));
                }
                printer.flush();
                channel.force(true);
            }
        }
    }

    /** @return e.g. {@code /x/test.csv: 171 rows (benign 107, malignant 64)} */
    private static String describe(Path file, Table table, List<Integer> rows, int column) {
        String counts = "";
        if (column >= 0) {
            counts = rows.stream().collect(Collectors.groupingBy(i -> table.rows.get(i).get(column), TreeMap::new,
                    Collectors.counting())).entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", ", " (", ")"));
        }
        return file.toAbsolutePath() + ": " + rows.size() + " rows" + counts;
    }
}
