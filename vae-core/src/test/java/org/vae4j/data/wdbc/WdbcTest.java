package org.vae4j.data.wdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vae4j.data.wdbc.WdbcFakes.SKLEARN;
import static org.vae4j.data.wdbc.WdbcFakes.UCI;
import static org.vae4j.data.wdbc.WdbcFakes.fakeSha;
import static org.vae4j.data.wdbc.WdbcFakes.isolated;
import static org.vae4j.data.wdbc.WdbcFakes.read;
import static org.vae4j.data.wdbc.WdbcFakes.sha;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.data.DatasetUnavailableException;
import org.vae4j.data.download.ChecksumMismatchException;

/** The cleaned CSV, the named folder and the verified cache, offline with fake source files. */
class WdbcTest {

    @TempDir
    Path tmp;

    @Test
    void headerIsDiagnosisThenThirtySnakeCaseFeatures() {
        assertEquals(31, Wdbc.HEADER.size());
        assertEquals(List.of("diagnosis", "mean_radius", "mean_texture"), Wdbc.HEADER.subList(0, 3));
        assertEquals("mean_fractal_dimension", Wdbc.HEADER.get(10));
        assertEquals("radius_error", Wdbc.HEADER.get(11));
        assertEquals("concave_points_error", Wdbc.HEADER.get(18));
        assertEquals("worst_radius", Wdbc.HEADER.get(21));
        assertEquals("worst_fractal_dimension", Wdbc.HEADER.get(30));
        assertTrue(Wdbc.HEADER.stream().allMatch(h -> h.matches("[a-z]+(_[a-z]+)*")), Wdbc.HEADER.toString());
    }

    @Test
    void bothSourcesGiveTheSameCleanCsv() throws Exception {
        Path uci = Files.writeString(tmp.resolve(Wdbc.UCI_FILE), UCI);
        Path sk = Files.writeString(tmp.resolve(Wdbc.SKLEARN_FILE), SKLEARN);
        byte[] fromUci = WdbcCsv.clean(uci, Wdbc.UCI_FILE);
        assertArrayEquals(fromUci, WdbcCsv.clean(sk, Wdbc.SKLEARN_FILE));

        Path csv = Files.write(tmp.resolve("clean.csv"), fromUci);
        List<String> header = new ArrayList<>();
        List<CSVRecord> rows = read(csv, header);
        assertEquals(Wdbc.HEADER, header);
        assertEquals(569, rows.size());
        assertEquals(212, rows.stream().filter(r -> r.get("diagnosis").equals("malignant")).count());
        assertEquals(357, rows.stream().filter(r -> r.get("diagnosis").equals("benign")).count());
        // Row 4 of the fake UCI file, cells copied as written; the ID column is dropped.
        String[] source = UCI.split("\n")[3].split(",");
        assertEquals("malignant", rows.get(3).get(0)); // index 3: 3 mod 8 = 3
        assertEquals(source[2], rows.get(3).get("mean_radius"));
        assertEquals(source[31], rows.get(3).get("worst_fractal_dimension"));
    }

    @Test
    void badSourceRowsAreNamedByFileRowAndColumn() throws Exception {
        String[] lines = UCI.split("\n");
        lines[9] = lines[9].replaceFirst(",B,|,M,", ",X,");
        Path badDiagnosis = Files.writeString(tmp.resolve("a-" + Wdbc.UCI_FILE), String.join("\n", lines));
        WdbcFormatException e = assertThrows(WdbcFormatException.class,
                () -> WdbcCsv.clean(badDiagnosis, Wdbc.UCI_FILE));
        assertEquals(10, e.row());
        assertEquals(2, e.column());
        assertTrue(e.getMessage().contains(badDiagnosis.toString()) && e.getMessage().contains("'X'"), e.getMessage());

        lines = UCI.split("\n");
        String[] cells = lines[99].split(",");
        cells[6] = "NaN";
        lines[99] = String.join(",", cells);
        Path notFinite = Files.writeString(tmp.resolve("b-" + Wdbc.UCI_FILE), String.join("\n", lines));
        e = assertThrows(WdbcFormatException.class, () -> WdbcCsv.clean(notFinite, Wdbc.UCI_FILE));
        assertEquals(100, e.row());
        assertEquals(7, e.column());

        Path ragged = Files.writeString(tmp.resolve("c-" + Wdbc.SKLEARN_FILE), SKLEARN.replaceFirst(",1\n", "\n"));
        e = assertThrows(WdbcFormatException.class, () -> WdbcCsv.clean(ragged, Wdbc.SKLEARN_FILE));
        assertTrue(e.getMessage().contains("30 cells, expected 31"), e.getMessage());

        Path shortFile = Files.writeString(tmp.resolve("d-" + Wdbc.UCI_FILE), UCI.substring(0, UCI.indexOf('\n') + 1));
        e = assertThrows(WdbcFormatException.class, () -> WdbcCsv.clean(shortFile, Wdbc.UCI_FILE));
        assertTrue(e.getMessage().contains("1 examples, expected 569"), e.getMessage());
    }

    @Test
    void namedFolderIsUsedAndItsChecksumChecked() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("named"));
        Files.writeString(dir.resolve(Wdbc.SKLEARN_FILE), SKLEARN);
        Path cache = tmp.resolve("cache");
        Path csv = isolated(tmp, Map.of(Wdbc.DIR_PROPERTY, dir.toString()), Map.of()).cacheDirectory(cache).csv();
        assertEquals(cache.resolve(Wdbc.CSV_FILE), csv);
        assertEquals(fakeSha(tmp).get(Wdbc.CSV_FILE), sha(Files.readString(csv)));
        assertFalse(Files.exists(cache.resolve(Wdbc.SKLEARN_FILE)), "a named folder's file is not copied");

        // A tampered file in a named folder is refused, naming it and both hashes; nothing is written.
        Path bad = Files.createDirectories(tmp.resolve("tampered"));
        String tampered = UCI.replaceFirst("\\.", ",");
        Files.writeString(bad.resolve(Wdbc.UCI_FILE), tampered);
        Path cache2 = tmp.resolve("cache2");
        ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class,
                () -> isolated(tmp, Map.of(), Map.of(Wdbc.DIR_ENV, bad.toString())).cacheDirectory(cache2).csv());
        assertEquals(bad.resolve(Wdbc.UCI_FILE), e.file());
        assertEquals(sha(UCI), e.expected());
        assertEquals(sha(tampered), e.actual());
        assertFalse(Files.exists(cache2.resolve(Wdbc.CSV_FILE)));
        // ... also when the cache already holds a good CSV.
        assertThrows(ChecksumMismatchException.class,
                () -> isolated(tmp, Map.of(), Map.of(Wdbc.DIR_ENV, bad.toString())).cacheDirectory(cache).csv());

        // A named folder without a source file: the error names it and the file names; nothing is downloaded.
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        DatasetUnavailableException u = assertThrows(DatasetUnavailableException.class,
                () -> isolated(tmp, Map.of(), Map.of()).directory(empty).cacheDirectory(cache2).csv());
        assertTrue(u.getMessage().contains(empty.toString()) && u.getMessage().contains(Wdbc.UCI_FILE)
                && u.getMessage().contains(Wdbc.SKLEARN_FILE), u.getMessage());
    }

    @Test
    void cacheIsReusedAndACorruptCsvRebuiltFromTheCachedSource() throws Exception {
        Path cache = Files.createDirectories(tmp.resolve("cache"));
        Files.writeString(cache.resolve(Wdbc.UCI_FILE), UCI);
        WdbcLocator offline = isolated(tmp, Map.of(), Map.of()).cacheDirectory(cache);
        Path csv = offline.csv();
        byte[] first = Files.readAllBytes(csv);
        FileTime written = FileTime.fromMillis(Files.getLastModifiedTime(csv).toMillis() - 60_000);
        Files.setLastModifiedTime(csv, written);
        Files.delete(cache.resolve(Wdbc.UCI_FILE)); // the cleaned CSV alone suffices now

        assertEquals(csv, offline.csv());
        assertEquals(written, Files.getLastModifiedTime(csv), "a verified cached CSV is not rewritten");

        // A corrupt cached CSV is deleted; with no source left, the error says so and has the mismatch attached.
        Files.writeString(csv, "diagnosis\nbenign\n");
        DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class, offline::csv);
        assertTrue(Arrays.stream(e.getSuppressed()).anyMatch(s -> s instanceof ChecksumMismatchException
                && s.getMessage().contains(csv.toString())), Arrays.toString(e.getSuppressed()));
        assertTrue(e.getMessage().contains("no download mirrors configured")
                && e.getMessage().contains("Debian package fallback disabled")
                && e.getMessage().contains("-D" + Wdbc.DIR_PROPERTY) && e.getMessage().contains(Wdbc.DIR_ENV),
                e.getMessage());
        assertFalse(Files.exists(csv));

        // With the source back in the cache, the CSV is rebuilt, byte for byte; no temporary files are left.
        Files.writeString(cache.resolve(Wdbc.SKLEARN_FILE), SKLEARN);
        assertArrayEquals(first, Files.readAllBytes(offline.csv()));
        try (Stream<Path> s = Files.list(cache)) {
            assertEquals(List.of(".verified", Wdbc.SKLEARN_FILE, Wdbc.CSV_FILE),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
