package org.vae4j.data.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vae4j.data.mnist.MnistFakes.folderWithAllFiles;
import static org.vae4j.data.mnist.MnistFakes.isolated;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.data.DatasetUnavailableException;
import org.vae4j.data.ImageDataset;

/** Mnist on real MNIST, and where the lookup looks: the named folder, property, environment, cache. */
class MnistTest {

    @TempDir
    Path tmp;

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

    @Test
    void argumentBeatsPropertyBeatsEnvironment() throws Exception {
        Path arg = folderWithAllFiles(tmp.resolve("arg"), false);
        Path prop = folderWithAllFiles(tmp.resolve("prop"), true);
        Path env = folderWithAllFiles(tmp.resolve("env"), false);
        Map<String, String> props = Map.of(Mnist.DIR_PROPERTY, prop.toString());
        Map<String, String> envs = Map.of(Mnist.DIR_ENV, env.toString());

        assertEquals(arg, isolated(tmp, props, envs).directory(arg).locate());
        assertEquals(prop, isolated(tmp, props, envs).locate());
        assertEquals(env, isolated(tmp, Map.of(), envs).locate());
        // Empty or blank values count as unset.
        assertEquals(env, isolated(tmp, Map.of(Mnist.DIR_PROPERTY, ""), envs).locate());
        assertEquals(env, isolated(tmp, Map.of(Mnist.DIR_PROPERTY, "  "), envs).locate());
    }

    @Test
    void loadsFromNamedFolderPlainOrGzip() throws Exception {
        ImageDataset train = isolated(tmp, Map.of(), Map.of())
                .directory(folderWithAllFiles(tmp.resolve("plain"), false)).train();
        assertEquals(2, train.size());
        assertArrayEquals(new int[] {5, 0}, train.labels());
        assertEquals(1f, train.features().getFloat(0, 1));
        ImageDataset test = isolated(tmp, Map.of(), Map.of())
                .directory(folderWithAllFiles(tmp.resolve("gz"), true)).test();
        assertEquals(1, test.size());
        assertEquals(7, test.label(0));
    }

    @Test
    void namedFolderMissingAFileIsAnErrorNamingFolderAndFile() throws Exception {
        Path dir = folderWithAllFiles(tmp.resolve("incomplete"), true);
        Files.delete(dir.resolve(Mnist.TEST_LABELS + ".gz"));
        // Even with a complete cache, a named folder is not silently replaced.
        Path home = tmp.resolve("home");
        folderWithAllFiles(tmp.resolve("home/.vae4j/data/mnist"), true);

        DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class,
                () -> isolated(tmp, Map.of(Mnist.DIR_PROPERTY, dir.toString(), "user.home", home.toString()), Map.of())
                        .locate());
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(Mnist.TEST_LABELS), e.getMessage());
        assertTrue(e.getMessage().contains("system property " + Mnist.DIR_PROPERTY), e.getMessage());
        assertTrue(e.getMessage().contains("lacks " + Mnist.TEST_LABELS + " ("), e.getMessage());

        Path absent = tmp.resolve("does-not-exist");
        DatasetUnavailableException e2 = assertThrows(DatasetUnavailableException.class,
                () -> isolated(tmp, Map.of(), Map.of(Mnist.DIR_ENV, absent.toString())).locate());
        assertTrue(e2.getMessage().contains(absent.toString()) && e2.getMessage().contains(Mnist.DIR_ENV),
                e2.getMessage());
    }

    /** A command line names its flag as the folder's origin, not "method argument". */
    @Test
    void aFolderNamedByAFlagIsNamedByThatFlagInErrors() throws Exception {
        Path dir = folderWithAllFiles(tmp.resolve("flag"), false);
        Files.delete(dir.resolve(Mnist.TRAIN_IMAGES));
        DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class,
                () -> isolated(tmp, Map.of(), Map.of()).directory(dir, "--mnist-dir").locate());
        assertTrue(e.getMessage().contains("MNIST folder " + dir + " (named by --mnist-dir) lacks "
                + Mnist.TRAIN_IMAGES), e.getMessage());
        assertTrue(e.getMessage().contains("or leave out --mnist-dir"), e.getMessage());
        Path absent = tmp.resolve("no-such-folder");
        e = assertThrows(DatasetUnavailableException.class,
                () -> isolated(tmp, Map.of(), Map.of()).directory(absent, "--mnist-dir").locate());
        assertEquals("MNIST folder " + absent + " (named by --mnist-dir) does not exist or is not a folder",
                e.getMessage());
    }

    @Test
    void defaultCacheIsUnderUserHome() throws Exception {
        Path cache = folderWithAllFiles(tmp.resolve("home/.vae4j/data/mnist"), true);
        MnistLocator locator = isolated(tmp, Map.of(), Map.of());
        assertEquals(cache, locator.cacheDirectory());
        assertEquals(cache, locator.locate());
        assertTrue(Files.readString(cache.resolve(Mnist.VERIFIED_STAMP)).contains(Mnist.TRAIN_IMAGES + ".gz "));
        assertEquals(cache, locator.locate()); // second time from the stamp
        assertEquals(Path.of(System.getProperty("user.home"), ".vae4j", "data", "mnist"),
                Mnist.defaultCacheDirectory());
    }
}
