package org.vae4j.data.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vae4j.data.mnist.MnistFakes.FAKE;
import static org.vae4j.data.mnist.MnistFakes.FAKE_SHA;
import static org.vae4j.data.mnist.MnistFakes.folderWithAllFiles;
import static org.vae4j.data.mnist.MnistFakes.isolated;
import static org.vae4j.data.mnist.MnistFakes.listNames;
import static org.vae4j.data.mnist.MnistFakes.sha;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.data.DatasetUnavailableException;
import org.vae4j.data.IdxTestFiles;
import org.vae4j.data.download.ChecksumMismatchException;

/** Downloads from mirrors, served by a loopback HTTP server only. */
class MnistDownloadTest {

    @TempDir
    Path tmp;

    @Test
    void downloadsMissingFilesFromFirstWorkingMirrorAndVerifiesThem() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger deadHits = new AtomicInteger();
        Map<String, byte[]> served = new HashMap<>();
        for (Map.Entry<String, byte[]> e : FAKE.entrySet()) {
            served.put("/good/" + e.getKey() + ".gz", IdxTestFiles.gzip(e.getValue()));
        }
        // The "bad" mirror serves a wrong test-labels file.
        served.put("/bad/" + Mnist.TEST_LABELS + ".gz", IdxTestFiles.gzip(IdxTestFiles.labels(1)));
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            if (path.startsWith("/dead/")) {
                deadHits.incrementAndGet();
            }
            byte[] body = served.get(path);
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
            } else {
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(body);
                }
            }
            ex.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            Path cache = tmp.resolve("dl-cache");
            Files.createDirectories(cache);
            Files.write(cache.resolve(Mnist.TRAIN_IMAGES), FAKE.get(Mnist.TRAIN_IMAGES)); // already cached
            MnistLocator loc = isolated(tmp, Map.of(), Map.of()).cacheDirectory(cache)
                    .connectTimeout(Duration.ofSeconds(2))
                    .mirrors(List.of(URI.create(base + "/dead"), URI.create(base + "/good/")));
            assertEquals(cache, loc.locate());
            assertEquals(1, deadHits.get(), "a failing mirror is skipped after its first failure");
            assertEquals(List.of(Mnist.VERIFIED_STAMP, Mnist.TEST_IMAGES + ".gz", Mnist.TEST_LABELS + ".gz",
                    Mnist.TRAIN_IMAGES, Mnist.TRAIN_LABELS + ".gz"), listNames(cache), "no temporary files left");
            assertEquals(2, loc.train().size());

            // A mirror serving a corrupt file: the mismatch is reported, the next mirror is used.
            Path cache2 = folderWithAllFiles(tmp.resolve("dl-cache2"), false);
            Files.delete(cache2.resolve(Mnist.TEST_LABELS));
            MnistLocator loc2 = isolated(tmp, Map.of(), Map.of()).cacheDirectory(cache2)
                    .mirrors(List.of(URI.create(base + "/bad/"), URI.create(base + "/good/")));
            assertEquals(cache2, loc2.locate());
            assertEquals(7, loc2.test().label(0));

            // Only the bad mirror: typed error naming the file and both hashes, and no file left behind.
            Path cache3 = folderWithAllFiles(tmp.resolve("dl-cache3"), false);
            Files.delete(cache3.resolve(Mnist.TEST_LABELS));
            DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class,
                    () -> isolated(tmp, Map.of(), Map.of()).cacheDirectory(cache3)
                            .mirrors(List.of(URI.create(base + "/bad/"))).locate());
            Throwable mismatch = e.getSuppressed()[0];
            assertTrue(mismatch instanceof ChecksumMismatchException, String.valueOf(mismatch));
            assertTrue(mismatch.getMessage().contains(cache3.resolve(Mnist.TEST_LABELS + ".gz").toString())
                    && mismatch.getMessage().contains(FAKE_SHA.get(Mnist.TEST_LABELS))
                    && mismatch.getMessage().contains(sha(IdxTestFiles.labels(1)))
                    && mismatch.getMessage().contains(base + "/bad/"), mismatch.getMessage());
            assertTrue(e.getMessage().contains(base + "/bad/" + Mnist.TEST_LABELS + ".gz"), e.getMessage());
            assertFalse(listNames(cache3).stream().anyMatch(n -> n.startsWith(Mnist.TEST_LABELS)
                    || n.endsWith(".part") || n.endsWith(".tmp")), listNames(cache3).toString());
        } finally {
            server.stop(0);
        }
    }
}
