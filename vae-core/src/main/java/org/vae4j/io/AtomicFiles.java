package org.vae4j.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.UUID;

/**
 * Writes files so that readers never see a half-written one: the content goes to a temporary file in the target's
 * folder, which is then renamed over the target (atomically where the file system can). If writing fails, the
 * temporary file is deleted and an existing target is left as it was.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes a file's content to a stream. */
    @FunctionalInterface
    public interface Content {
        /**
         * @param out the stream to write to (buffered; closed by the caller)
         * @throws IOException if writing fails
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code file} atomically.
     *
     * @param file the target; missing parent folders are created
     * @param content writes the bytes
     * @return the absolute path of the written file
     * @throws IOException if the folder, the temporary file or the rename fails, or {@code content} throws
     */
    public static Path write(Path file, Content content) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(content, "content");
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        // Not Files.createTempFile, whose owner-only permissions the renamed file would keep: CREATE_NEW gives the
        // folder's usual permissions, and the random name keeps concurrent writers apart.
        Path tmp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE))) {
                content.writeTo(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
