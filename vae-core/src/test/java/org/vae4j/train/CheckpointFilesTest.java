package org.vae4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.vae4j.io.ModelFormatException;

class CheckpointFilesTest {
    private final CheckpointFiles files = new CheckpointFiles("gan", LoggerFactory.getLogger(CheckpointFilesTest.class));

    @Test
    void namesEpochFilesWithTheExtension() {
        assertEquals("epoch-0007.gan", files.fileName(7));
        assertEquals("epoch-12345.gan", files.fileName(12345));
    }

    @Test
    void recognizesOnlyTemporaryFilesOfItsOwnEpochFiles() {
        assertTrue(files.isTemporaryEpochFile(".epoch-0003.gan.1f2e.tmp"));
        assertFalse(files.isTemporaryEpochFile(".epoch-0003.vae.1f2e.tmp"));
        assertFalse(files.isTemporaryEpochFile(".epoch-x.gan.1f2e.tmp"));
        assertFalse(files.isTemporaryEpochFile(".epoch-0003.gan.1f2e"));
        assertFalse(files.isTemporaryEpochFile(".epoch-.tmp"));
        assertFalse(files.isTemporaryEpochFile("epoch-0003.gan"));
    }

    @Test
    void prunesAllButTheNewestUpToTheEpochAndRemovesLeftovers(@TempDir Path dir) throws IOException {
        for (String name : List.of("epoch-0001.gan", "epoch-0002.gan", "epoch-0003.gan", "epoch-0004.gan",
                "epoch-0001.vae", ".epoch-0005.gan.ab.tmp", "other.tmp")) {
            Files.writeString(dir.resolve(name), "x");
        }
        files.prune(dir, 3, 2);
        files.removeLeftovers(dir, files::isTemporaryEpochFile);
        assertEquals(List.of("epoch-0001.vae", "epoch-0002.gan", "epoch-0003.gan", "epoch-0004.gan", "other.tmp"),
                names(dir));
    }

    @Test
    void loadsTheNewestThatLoadsAndNamesTheSkippedOnesIfNone(@TempDir Path dir) throws IOException {
        for (String name : List.of("epoch-0002.gan", "epoch-0010.gan", "epoch-0009.vae")) {
            Files.writeString(dir.resolve(name), name.startsWith("epoch-0010") ? "broken" : "fine");
        }
        CheckpointFiles.Loader<String> loader = p -> {
            if (Files.readString(p).equals("broken")) {
                throw new ModelFormatException(p, "damaged");
            }
            return p.getFileName().toString();
        };
        assertEquals("epoch-0002.gan", files.loadNewest(dir, loader));
        Files.writeString(dir.resolve("epoch-0002.gan"), "broken");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> files.loadNewest(dir, loader));
        assertTrue(e.getMessage().contains("no checkpoint epoch-NNNN.gan that loads (skipped: ")
                && e.getMessage().contains("epoch-0010.gan") && e.getMessage().contains("epoch-0002.gan"),
                e.getMessage());
        Path empty = Files.createDirectory(dir.resolve("empty"));
        NoSuchFileException none = assertThrows(NoSuchFileException.class, () -> files.loadNewest(empty, loader));
        assertTrue(none.getReason().equals("no checkpoint epoch-NNNN.gan that loads"), none.getReason());
    }

    private static List<String> names(Path folder) throws IOException {
        try (var s = Files.list(folder)) {
            return s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
