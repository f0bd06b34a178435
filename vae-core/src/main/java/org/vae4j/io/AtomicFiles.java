package org.vae4j.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * The one durable, atomic file write of vae4j: the content goes to a temporary file in the target's folder, which is
 * forced to disk, renamed over the target (atomically where the file system can) and the folder forced too, so a
 * crash, a kill or a full disk at any moment leaves either the old file or the new one, never a half-written one.
 * If writing fails, the temporary file is deleted and an existing target is left as it was. Model files,
 * checkpoints, images, CSV files, reports and the dataset cache all write through here.
 *
 * <p>Temporary files are named {@code .<target name>.<random hex>.tmp} ({@link #isTemporaryFor}): a process killed
 * mid-write leaves one behind, which the writer of that folder may remove later.
 */
public final class AtomicFiles {
    /** Suffix of the temporary files. */
    public static final String TEMP_SUFFIX = ".tmp";

    private static final Random TEMP_NAMES = new SecureRandom();

    private AtomicFiles() {
    }

    /** Writes a file's content to a stream. */
    @FunctionalInterface
    public interface Content {
        /**
         * @param out the stream to write to (buffered; flushed, forced and closed by the caller)
         * @throws IOException if writing fails
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Thrown when the target's folder cannot be created or written, before any byte is written; the message names
     * the folder and says which.
     */
    public static final class FolderException extends IOException {
        private static final long serialVersionUID = 1L;

        FolderException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Writes {@code file} durably and atomically.
     *
     * @param file the target; missing parent folders are created
     * @param content writes the bytes
     * @return the absolute path of the written file
     * @throws FolderException if the folder cannot be created or written
     * @throws IOException as {@code content} throws it, or if forcing or renaming fails
     */
    public static Path write(Path file, Content content) throws IOException {
        return write(file, UnaryOperator.identity(), content);
    }

    /**
     * {@link #write(Path, Content)} with the file's output stream wrapped (for example to count bytes, or to inject
     * a failure in a test).
     *
     * @param file the target; missing parent folders are created
     * @param wrap wraps the (buffered) output stream of the temporary file
     * @param content writes the bytes
     * @return the absolute path of the written file
     * @throws FolderException if the folder cannot be created or written
     * @throws IOException as {@code content} throws it, or if forcing or renaming fails
     */
    public static Path write(Path file, UnaryOperator<OutputStream> wrap, Content content) throws IOException {
        Objects.requireNonNull(content, "content");
        Path target = Objects.requireNonNull(file, "file").toAbsolutePath();
        Path temp = createTemporary(target);
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                    OutputStream out = wrap.apply(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16))) {
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            move(temp, target);
            moved = true;
            return target;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /**
     * Creates an empty temporary file for a write of {@code target}, in its folder, for a writer that needs a
     * channel of its own (to write a header after the data); finish with {@link #move} after forcing it to disk, and
     * delete it if anything fails.
     *
     * @param target the file to be written; missing parent folders are created
     * @return the new temporary file, {@code .<target name>.<random hex>.tmp}
     * @throws FolderException if the folder cannot be created or written
     */
    public static Path createTemporary(Path target) throws FolderException {
        Path folder = prepareFolder(target);
        // Not Files.createTempFile, whose owner-only permissions the renamed file would keep: CREATE_NEW gives the
        // folder's usual permissions, and the random name keeps concurrent writers apart.
        Path temp = folder.resolve(tempPrefix(target.toAbsolutePath()) + Long.toHexString(TEMP_NAMES.nextLong())
                + TEMP_SUFFIX);
        try {
            Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        } catch (IOException e) {
            throw new FolderException("its folder " + folder + " is not writable (" + Exceptions.describe(e) + ")", e);
        }
        return temp;
    }

    /**
     * Renames {@code source} over {@code target} (atomically where the file system can) and forces the folder, so
     * that the rename survives a crash. Both should be in the same folder.
     *
     * @param source the complete file, already forced to disk
     * @param target the file to replace or create
     * @throws IOException if the rename fails
     */
    public static void move(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
        forceFolder(target.toAbsolutePath().getParent());
    }

    /**
     * Creates the folder of a file if needed and checks that files can be created in it.
     *
     * @param target a file in the folder
     * @return the folder, absolute
     * @throws FolderException naming the folder if it cannot be created or is not writable
     */
    public static Path prepareFolder(Path target) throws FolderException {
        Path folder = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new FolderException("its folder " + folder + " cannot be created (" + Exceptions.describe(e) + ")", e);
        }
        if (!Files.isWritable(folder)) {
            throw new FolderException("its folder " + folder + " is not writable", null);
        }
        return folder;
    }

    /**
     * @param candidate a file name
     * @param target a target file name (without folder)
     * @return whether {@code candidate} is a temporary file that a write of {@code target} creates
     */
    public static boolean isTemporaryFor(String candidate, String target) {
        return candidate.startsWith("." + target + ".") && candidate.endsWith(TEMP_SUFFIX);
    }

    private static String tempPrefix(Path target) {
        return "." + target.getFileName() + ".";
    }

    private static void forceFolder(Path folder) {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true); // makes the rename durable on Linux; not supported everywhere
        } catch (IOException ignored) {
            // best effort: some platforms cannot open or force a folder
        }
    }
}
