package org.vae4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a/b/out.txt");
        Path written = AtomicFiles.write(file, out -> out.write("old".getBytes(StandardCharsets.UTF_8)));
        assertEquals(file.toAbsolutePath(), written);
        var e = assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals("old", Files.readString(file));
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void theFileIsReadableByOthersLikeAnyNewFile(@TempDir Path dir) throws Exception {
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
        Path atomic = AtomicFiles.write(dir.resolve("atomic.txt"), out -> out.write('x'));
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(atomic));
            assertTrue(Files.getPosixFilePermissions(atomic).contains(PosixFilePermission.OWNER_READ));
        }
    }
}
