package org.vae4j.data.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vae4j.data.mnist.MnistFakes.FAKE_SHA;
import static org.vae4j.data.mnist.MnistFakes.folderWithAllFiles;
import static org.vae4j.data.mnist.MnistFakes.isolated;
import static org.vae4j.data.mnist.MnistFakes.sha;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.data.DatasetUnavailableException;
import org.vae4j.data.IdxTestFiles;
import org.vae4j.data.download.ChecksumMismatchException;

/** The verified cache: checksums of cached files, and the error when nothing is available. */
class MnistCacheTest {

    @TempDir
    Path tmp;

    @Test
    void corruptCachedFileIsRejectedNamingFileAndBothHashes() throws Exception {
        Path cache = folderWithAllFiles(tmp.resolve("cache"), false);
        Path bad = cache.resolve(Mnist.TRAIN_LABELS);
        byte[] corrupt = IdxTestFiles.labels(5, 1); // valid IDX, wrong content
        Files.write(bad, corrupt);

        DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class,
                () -> isolated(tmp, Map.of(), Map.of()).cacheDirectory(cache).locate());
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
        Path cache = folderWithAllFiles(tmp.resolve("cache"), true);
        Map<String, String> p = Map.of("user.home", tmp.toString());
        DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class,
                () -> Mnist.locator().systemProperties(p::get).environment(Map.<String, String>of()::get)
                        .mirrors(List.of()).withoutNpm().cacheDirectory(cache).locate());
        assertEquals(4, Arrays.stream(e.getSuppressed())
                .filter(ChecksumMismatchException.class::isInstance).count());
        assertTrue(e.getMessage().contains(Mnist.SHA256.get(Mnist.TRAIN_IMAGES)) || e.getSuppressed()[0].getMessage()
                .contains(Mnist.SHA256.get(Mnist.TRAIN_IMAGES)));
    }

    @Test
    void unavailableMessageTellsTheOptions() {
        Path cache = tmp.resolve("empty-cache");
        DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class,
                () -> isolated(tmp, Map.of(), Map.of()).cacheDirectory(cache).locate());
        String m = e.getMessage();
        for (String name : Mnist.FILES) {
            assertTrue(m.contains(name), m);
        }
        assertTrue(m.contains("-Dvae4j.mnist.dir=") && m.contains("VAE4J_MNIST_DIR=") && m.contains(cache.toString()),
                m);
        assertTrue(m.contains("no download mirrors") && m.contains("npm fallback disabled"), m);
    }
}
