package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vae4j data split}: stratified counts, the same split for the same seed, rows copied in order, the
 * anomaly class left out of train.csv only, and bad input named by option, file and line with nothing written.
 */
class DataSplitCommandTest {
    @TempDir
    Path dir;

    /** 70 rows of class a and 30 of class b, interleaved; a quoted cell with a comma survives the copy. */
    private Path table() throws IOException {
        StringBuilder s = new StringBuilder("id,kind,note\n");
        for (int i = 0; i < 100; i++) {
            s.append(i).append(',').append(i % 10 < 7 ? "a" : "b").append(',').append(i == 5 ? "\"x, y\"" : "n" + i)
                    .append('\n');
        }
        return Files.writeString(dir.resolve("table.csv"), s);
    }

    private static List<String> rows(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        assertEquals("id,kind,note", lines.get(0));
        return lines.subList(1, lines.size());
    }

    private static long count(List<String> rows, String kind) {
        return rows.stream().filter(r -> r.split(",")[1].equals(kind)).count();
    }

    @Test
    void aStratifiedSplitKeepsEachClassShareAndTheRowsInOrder() throws IOException {
        Path csv = table();
        Path out = dir.resolve("split");
        CliRun r = CliRun.vae4j("data", "split", "--csv", csv.toString(), "--test-fraction",
                "0.3", "--seed", "4", "--stratify-column", "kind", "-o", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<String> train = rows(out.resolve("train.csv"));
        List<String> test = rows(out.resolve("test.csv"));
        assertEquals(21, count(test, "a")); // round(0.3 * 70)
        assertEquals(9, count(test, "b")); // round(0.3 * 30)
        assertEquals(49, count(train, "a"));
        assertEquals(21, count(train, "b"));
        assertTrue(r.out().contains("test.csv: 30 rows (a 21, b 9)"), r.out());
        // every row once, in the file's order within each part, cells as they were
        List<String> all = new ArrayList<>(train);
        all.addAll(test);
        all.sort((x, y) -> Integer.compare(Integer.parseInt(x.split(",")[0]), Integer.parseInt(y.split(",")[0])));
        assertEquals(rows(csv), all);
        for (List<String> part : List.of(train, test)) {
            for (int i = 1; i < part.size(); i++) {
                assertTrue(Integer.parseInt(part.get(i - 1).split(",")[0]) < Integer.parseInt(part.get(i)
                        .split(",")[0]));
            }
        }
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of("test.csv", "train.csv"), files.map(p -> p.getFileName().toString()).sorted()
                    .toList(), "no temporary file left");
        }
    }

    @Test
    void theSameSeedGivesTheSameSplitAndExcludingTheAnomaliesTouchesOnlyTrain() throws IOException {
        Path csv = table();
        String[] common = {"data", "split", "--csv", csv.toString(), "--stratify-column", "kind", "-o"};
        for (String[] run : List.of(new String[] {"s1", "--seed", "7"}, new String[] {"s2", "--seed", "7"},
                new String[] {"s3", "--seed", "8"},
                new String[] {"s4", "--seed", "7", "--exclude-from-train", "b"})) {
            List<String> args = new ArrayList<>(List.of(common));
            args.add(dir.resolve(run[0]).toString());
            args.addAll(List.of(run).subList(1, run.length));
            CliRun r = CliRun.vae4j(args.toArray(String[]::new));
            assertEquals(0, r.exitCode(), r.err());
        }
        assertEquals(rows(dir.resolve("s1/test.csv")), rows(dir.resolve("s2/test.csv")));
        assertEquals(rows(dir.resolve("s1/train.csv")), rows(dir.resolve("s2/train.csv")));
        assertNotEquals(rows(dir.resolve("s1/test.csv")), rows(dir.resolve("s3/test.csv")));
        // --exclude-from-train: the same test rows, train.csv without class b
        assertEquals(rows(dir.resolve("s1/test.csv")), rows(dir.resolve("s4/test.csv")));
        List<String> train = rows(dir.resolve("s4/train.csv"));
        assertEquals(0, count(train, "b"));
        assertEquals(rows(dir.resolve("s1/train.csv")).stream().filter(r -> r.split(",")[1].equals("a")).toList(),
                train);
    }

    @Test
    void badInputIsNamedAndWritesNothing() throws IOException {
        Path csv = table();
        Path out = dir.resolve("split");
        assertEquals(0, CliRun.vae4j("data", "split", "--csv", csv.toString(), "-o", out.toString())
                .exitCode());
        String trainBefore = Files.readString(out.resolve("train.csv"));

        CliRun column = CliRun.vae4j("data", "split", "--csv", csv.toString(),
                "--stratify-column", "label", "-o", out.toString());
        assertEquals(1, column.exitCode());
        assertTrue(column.err().contains("--csv " + csv + ": has no column 'label' (--stratify-column)"),
                column.err());

        CliRun value = CliRun.vae4j("data", "split", "--csv", csv.toString(),
                "--stratify-column", "kind", "--exclude-from-train", "c", "-o", out.toString());
        assertEquals(1, value.exitCode());
        assertTrue(value.err().contains("column 'kind' has no value 'c' (--exclude-from-train); its values are"
                + " [a, b]"), value.err());

        Path ragged = Files.writeString(dir.resolve("ragged.csv"), "id,kind,note\n0,a,n0\n1,b,n1\n2,a\n");
        CliRun width = CliRun.vae4j("data", "split", "--csv", ragged.toString(), "-o",
                out.toString());
        assertEquals(1, width.exitCode());
        assertTrue(width.err().contains("--csv " + ragged + ": line 4 (row 3) has 2 cells but the header has 3"
                + " columns"), width.err());

        CliRun fraction = CliRun.vae4j("data", "split", "--csv", csv.toString(),
                "--test-fraction", "1", "-o", out.toString());
        assertEquals(2, fraction.exitCode());
        assertTrue(fraction.err().contains("--test-fraction must be in (0, 1), got 1.0"), fraction.err());

        CliRun exclude = CliRun.vae4j("data", "split", "--csv", csv.toString(),
                "--exclude-from-train", "b", "-o", out.toString());
        assertEquals(2, exclude.exitCode());
        assertTrue(exclude.err().contains("--exclude-from-train needs --stratify-column"), exclude.err());

        CliRun missing = CliRun.vae4j("data", "split", "--csv", dir.resolve("no.csv")
                .toString(), "-o", out.toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("--csv " + dir.resolve("no.csv") + ": no such file"), missing.err());

        assertEquals(trainBefore, Files.readString(out.resolve("train.csv")), "a failed split leaves the files");
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(2, files.count(), "no temporary file left");
        }

        // test.csv is a folder: refused before train.csv is replaced
        Path blocked = dir.resolve("blocked");
        Files.createDirectories(blocked.resolve("test.csv"));
        Files.writeString(blocked.resolve("train.csv"), "old");
        CliRun folder = CliRun.vae4j("data", "split", "--csv", csv.toString(), "-o",
                blocked.toString());
        assertEquals(1, folder.exitCode());
        assertTrue(folder.err().contains("--output " + blocked.resolve("test.csv") + ": is a folder"), folder.err());
        assertEquals("old", Files.readString(blocked.resolve("train.csv")));
    }
}
