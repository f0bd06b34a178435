package org.vae4j.data.wdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.data.DatasetUnavailableException;
import org.vae4j.io.Checksums;

/**
 * The real WDBC data through the real sources (UCI, scikit-learn's copy, the Debian package) into an empty cache.
 * Skipped when no source answers, unless the environment variable {@code VAE4J_REQUIRE_DATA=1} makes that a failure.
 */
class WdbcRealDataTest {

    @TempDir
    Path tmp;

    @Test
    void realCsvHas569RowsOfWhich212Malignant() throws Exception {
        Path csv;
        try {
            csv = Wdbc.locator().cacheDirectory(tmp.resolve("cache"))
                    .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(30)).csv();
        } catch (DatasetUnavailableException e) {
            if ("1".equals(System.getenv("VAE4J_REQUIRE_DATA"))) {
                fail("VAE4J_REQUIRE_DATA=1 but no WDBC source answered", e);
            }
            assumeTrue(false, "no WDBC source answered: " + e.getMessage());
            return;
        }
        assertEquals(Wdbc.SHA256.get(Wdbc.CSV_FILE), Checksums.sha256(Files.readAllBytes(csv)));
        List<String> header = new ArrayList<>();
        List<CSVRecord> rows = WdbcFakes.read(csv, header);
        assertEquals(Wdbc.HEADER, header);
        assertEquals(569, rows.size());
        assertEquals(212, rows.stream().filter(r -> r.get(Wdbc.LABEL_COLUMN).equals(Wdbc.MALIGNANT)).count());
        assertEquals(357, rows.stream().filter(r -> r.get(Wdbc.LABEL_COLUMN).equals(Wdbc.BENIGN)).count());
        // The first example of the UCI file (ID 842302): malignant, mean radius 17.99, worst fractal dimension 0.1189.
        assertEquals(List.of("malignant", "17.99", "0.1189"),
                List.of(rows.get(0).get(0), rows.get(0).get("mean_radius"), rows.get(0).get("worst_fractal_dimension")));
    }
}
