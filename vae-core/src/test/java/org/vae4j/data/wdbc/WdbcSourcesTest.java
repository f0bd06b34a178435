package org.vae4j.data.wdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.vae4j.data.wdbc.WdbcFakes.SKLEARN;
import static org.vae4j.data.wdbc.WdbcFakes.UCI;
import static org.vae4j.data.wdbc.WdbcFakes.fakeDeb;
import static org.vae4j.data.wdbc.WdbcFakes.fakeSha;
import static org.vae4j.data.wdbc.WdbcFakes.isolated;
import static org.vae4j.data.wdbc.WdbcFakes.sha;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.data.DatasetUnavailableException;
import org.vae4j.data.download.ChecksumMismatchException;

/** Mirrors (a loopback HTTP server) and the Debian package fallback (a fake apt-get), with fake source files. */
class WdbcSourcesTest {

    @TempDir
    Path tmp;

    @Test
    void mirrorsAreTriedInOrderAndAMismatchIsRefused() throws Exception {
        Map<String, String> served = new HashMap<>();
        served.put("/bad/" + Wdbc.UCI_FILE, UCI.replace("0.1", "0.2")); // a corrupt copy
        served.put("/good/" + Wdbc.SKLEARN_FILE, SKLEARN);
        List<String> requests = new ArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            requests.add(ex.getRequestURI().getPath());
            String body = served.get(ex.getRequestURI().getPath());
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
            } else {
                byte[] b = body.getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, b.length);
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(b);
                }
            }
            ex.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            Path cache = tmp.resolve("cache");
            WdbcLocator loc = isolated(tmp, Map.of(), Map.of()).cacheDirectory(cache)
                    .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(10))
                    .mirrors(List.of(URI.create(base + "/bad/" + Wdbc.UCI_FILE),
                            URI.create(base + "/good/" + Wdbc.UCI_FILE),
                            URI.create(base + "/good/" + Wdbc.SKLEARN_FILE)));
            Path csv = loc.csv();
            assertEquals(List.of("/bad/" + Wdbc.UCI_FILE, "/good/" + Wdbc.UCI_FILE, "/good/" + Wdbc.SKLEARN_FILE),
                    requests);
            assertEquals(fakeSha(tmp).get(Wdbc.CSV_FILE), sha(Files.readString(csv)));
            assertEquals(List.of(".verified", Wdbc.SKLEARN_FILE, Wdbc.CSV_FILE), names(cache),
                    "the corrupt download is not kept; no temporary files");

            // Only the corrupt mirror: the mismatch (file, source, both hashes) is attached to the final error.
            DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class,
                    () -> isolated(tmp, Map.of(), Map.of()).cacheDirectory(tmp.resolve("cache2"))
                            .mirrors(List.of(URI.create(base + "/bad/" + Wdbc.UCI_FILE))).csv());
            ChecksumMismatchException m = Arrays.stream(e.getSuppressed())
                    .filter(ChecksumMismatchException.class::isInstance).map(ChecksumMismatchException.class::cast)
                    .findFirst().orElseThrow(() -> new AssertionError("no mismatch attached", e));
            assertEquals(sha(UCI), m.expected());
            assertEquals(sha(served.get("/bad/" + Wdbc.UCI_FILE)), m.actual());
            assertTrue(m.getMessage().contains(base + "/bad/"), m.getMessage());
            assertFalse(Files.exists(tmp.resolve("cache2").resolve(Wdbc.UCI_FILE)));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void debianPackageFallbackRunsAptGetDownloadAndTakesTheDataFile() throws Exception {
        assumeFalse(System.getProperty("os.name", "").toLowerCase().startsWith("windows"), "uses a shell script");
        Path deb = fakeDeb(tmp.resolve("fake/python3-sklearn_1.2.1+dfsg-1_all.deb"), SKLEARN);
        Path apt = script("bin/apt-get", "[ \"$1\" = download ] && [ \"$2\" = " + Wdbc.APT_PACKAGE
                + " ] || { echo \"bad args: $*\"; exit 3; }\ncp '" + deb + "' .\n");
        Path cache = tmp.resolve("cache");
        Path csv = isolated(tmp, Map.of(), Map.of()).aptExecutable(apt).cacheDirectory(cache).csv();
        assertEquals(fakeSha(tmp).get(Wdbc.CSV_FILE), sha(Files.readString(csv)));
        assertEquals(List.of(".verified", Wdbc.SKLEARN_FILE, Wdbc.CSV_FILE), names(cache), "work folder removed");

        // Found on the PATH; a failing apt-get is reported with its output.
        Path failing = script("bin2/apt-get", "echo 'E: Unable to locate package python3-sklearn'\nexit 100\n");
        Map<String, String> env = Map.of("PATH", failing.getParent().toString());
        DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class,
                () -> Wdbc.locator().systemProperties(Map.of("user.home", tmp.toString())::get).environment(env::get)
                        .mirrors(List.of()).expectedSha256(fakeSha(tmp)).cacheDirectory(tmp.resolve("c2")).csv());
        assertTrue(e.getMessage().contains("exited with code 100")
                && e.getMessage().contains("Unable to locate package"), e.getMessage());
    }

    @Test
    void switchTurnsTheDebianPackageFallbackOff() throws Exception {
        assumeFalse(System.getProperty("os.name", "").toLowerCase().startsWith("windows"), "uses a shell script");
        Path ran = tmp.resolve("apt-ran");
        Path apt = script("bin/apt-get", "touch '" + ran + "'\nexit 1\n");
        String path = apt.getParent().toString();
        record Case(Map<String, String> properties, Map<String, String> environment, String reason) {
        }
        List<Case> cases = List.of(
                new Case(Map.of(Wdbc.APT_PROPERTY, "false"), Map.of("PATH", path), "system property vae4j.wdbc.apt=false"),
                new Case(Map.of(), Map.of("PATH", path, Wdbc.APT_ENV, "0"), "environment variable VAE4J_WDBC_APT=0"),
                new Case(Map.of(Wdbc.APT_PROPERTY, "yes"), Map.of("PATH", path, Wdbc.APT_ENV, "off"),
                        "environment variable VAE4J_WDBC_APT=off"));
        for (Case c : cases) {
            Map<String, String> props = new HashMap<>(c.properties());
            props.put("user.home", tmp.toString());
            DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class,
                    () -> Wdbc.locator().systemProperties(props::get).environment(c.environment()::get)
                            .mirrors(List.of()).expectedSha256(fakeSha(tmp)).cacheDirectory(tmp.resolve("off"))
                            .csv());
            assertTrue(e.getMessage().contains("Debian package fallback disabled by " + c.reason()), e.getMessage());
            assertFalse(Files.exists(ran), "apt-get ran although switched off: " + c);
        }
        // Switched on explicitly: it runs.
        assertThrows(DatasetUnavailableException.class, () -> Wdbc.locator()
                .systemProperties(Map.of("user.home", tmp.toString(), Wdbc.APT_PROPERTY, "true")::get)
                .environment(Map.of("PATH", path, Wdbc.APT_ENV, "1")::get)
                .mirrors(List.of()).expectedSha256(fakeSha(tmp)).cacheDirectory(tmp.resolve("on")).csv());
        assertTrue(Files.exists(ran), "apt-get should have run");
    }

    private Path script(String name, String body) throws Exception {
        Path p = tmp.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "#!/bin/sh\n" + body);
        assertTrue(p.toFile().setExecutable(true));
        return p;
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
