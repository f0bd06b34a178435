package org.vae4j.data.wdbc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.vae4j.io.Checksums;

/**
 * Stand-ins for the two WDBC source files with the real layout (569 rows, 212 malignant, 30 features) but made-up
 * numbers, their SHA-256, and a fake Debian package, so the lookup is testable offline.
 */
final class WdbcFakes {
    /** The malignant rows of the fakes: every row whose index mod 8 is 0, 3 or 5 up to 212 of them. */
    static final String UCI;
    static final String SKLEARN;
    static final Map<String, String> FAKE_SHA = new HashMap<>();

    static {
        Random random = new Random(14);
        StringBuilder uci = new StringBuilder();
        StringBuilder sk = new StringBuilder("569,30,malignant,benign\n");
        int malignant = 0;
        for (int i = 0; i < Wdbc.ROWS; i++) {
            boolean m = malignant < Wdbc.MALIGNANT_ROWS && (i % 8 == 0 || i % 8 == 3 || i % 8 == 5);
            malignant += m ? 1 : 0;
            List<String> cells = new ArrayList<>();
            for (int c = 0; c < 30; c++) {
                cells.add(c % 4 == 0 ? String.valueOf(random.nextInt(2000)) : String.valueOf(random.nextInt(10000)
                        / 1000.0));
            }
            String features = String.join(",", cells);
            uci.append(8000 + i).append(',').append(m ? 'M' : 'B').append(',').append(features).append('\n');
            sk.append(features).append(',').append(m ? '0' : '1').append('\n');
        }
        UCI = uci.toString();
        SKLEARN = sk.toString();
    }

    private WdbcFakes() {
    }

    static String sha(String s) {
        return Checksums.sha256(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The hashes of the fakes, the cleaned CSV's computed by converting the fake UCI file in {@code tmp}. */
    static Map<String, String> fakeSha(Path tmp) throws IOException {
        if (FAKE_SHA.isEmpty()) {
            Path uci = Files.writeString(Files.createDirectories(tmp.resolve("fake-sha")).resolve(Wdbc.UCI_FILE), UCI);
            FAKE_SHA.put(Wdbc.UCI_FILE, sha(UCI));
            FAKE_SHA.put(Wdbc.SKLEARN_FILE, sha(SKLEARN));
            FAKE_SHA.put(Wdbc.CSV_FILE, Checksums.sha256(WdbcCsv.clean(uci, Wdbc.UCI_FILE)));
        }
        return FAKE_SHA;
    }

    /** A locator isolated from this JVM's properties, environment, home, network and apt-get. */
    static WdbcLocator isolated(Path tmp, Map<String, String> props, Map<String, String> env) throws IOException {
        Map<String, String> p = new HashMap<>(props);
        p.putIfAbsent("user.home", tmp.resolve("home").toString());
        return Wdbc.locator().systemProperties(p::get).environment(env::get).mirrors(List.of()).withoutApt()
                .expectedSha256(fakeSha(tmp));
    }

    /** The records of a CSV file with a header, and the header. */
    static List<CSVRecord> read(Path csv, List<String> headerOut) throws IOException {
        try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            var parser = CSVFormat.DEFAULT.builder().setHeader().build().parse(r);
            headerOut.addAll(parser.getHeaderNames());
            return parser.getRecords();
        }
    }

    /**
     * A Debian package ({@code ar}: debian-binary, control.tar.xz, data.tar.xz) holding {@code content} at
     * {@code ./usr/lib/python3/dist-packages/sklearn/datasets/data/breast_cancer.csv}, and a decoy of the same base
     * name elsewhere.
     */
    static Path fakeDeb(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Map<String, String> files = new LinkedHashMap<>();
        files.put("./usr/share/doc/python3-sklearn/breast_cancer.csv", "decoy\n"); // first, and not taken
        files.put("./usr/lib/python3/dist-packages/" + Wdbc.APT_ENTRY, content);
        byte[] data = tarXz(files);
        byte[] control = tarXz(Map.of("./control", "Package: python3-sklearn\n"));
        try (OutputStream out = Files.newOutputStream(file); ArArchiveOutputStream ar = new ArArchiveOutputStream(out)) {
            add(ar, "debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII));
            add(ar, "control.tar.xz", control);
            add(ar, "data.tar.xz", data);
        }
        return file;
    }

    private static void add(ArArchiveOutputStream ar, String name, byte[] bytes) throws IOException {
        ar.putArchiveEntry(new ArArchiveEntry(name, bytes.length));
        ar.write(bytes);
        ar.closeArchiveEntry();
    }

    private static byte[] tarXz(Map<String, String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new XZCompressorOutputStream(bytes))) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                byte[] b = f.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                e.setSize(b.length);
                tar.putArchiveEntry(e);
                tar.write(b);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}
