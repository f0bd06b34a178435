package org.vae4j.data.download;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.commons.io.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.data.IdxReader;
import org.vae4j.io.AtomicFiles;
import org.vae4j.io.Checksums;
import org.vae4j.io.Exceptions;

/**
 * A dataset's cache folder, such as {@code ~/.vae4j/data/mnist}: checks the files in it against the SHA-256 of their
 * uncompressed content (a match is remembered in the {@value #STAMP_FILE} stamp file while the file's size and
 * modification time stay the same), stores new files only once verified (temporary file in the folder, forced to
 * disk, checked, renamed), and removes what interrupted runs left behind. A file {@code NAME} may be stored plain or
 * gzip-compressed as {@code NAME.gz} ({@link #resolve}). Not thread-safe; one per lookup.
 */
public final class VerifiedCache {
    /** Name of the file in the cache folder remembering which files were verified. */
    public static final String STAMP_FILE = ".verified";

    private static final Logger LOG = LoggerFactory.getLogger(VerifiedCache.class);
    /** Temporary files and npm folders older than this (from an interrupted run) are removed before writing. */
    private static final long STALE_MILLIS = TimeUnit.HOURS.toMillis(6);

    private final Path dir;
    private final Map<String, String> expectedSha256;
    private final Map<String, Stamp> stamps;
    private boolean stampsChanged;

    private VerifiedCache(Path dir, Map<String, String> expectedSha256, Map<String, Stamp> stamps) {
        this.dir = dir;
        this.expectedSha256 = expectedSha256;
        this.stamps = stamps;
    }

    /**
     * Opens the cache folder and reads its stamp file; an unreadable stamp file counts as empty.
     *
     * @param dir            the folder; it need not exist
     * @param expectedSha256 SHA-256 of the uncompressed content (64 lowercase hex digits) per file name; only
     *                       these names can be verified and stored
     * @return the cache
     */
    public static VerifiedCache open(Path dir, Map<String, String> expectedSha256) {
        return new VerifiedCache(dir, Map.copyOf(expectedSha256), readStamps(dir));
    }

    /** @return the cache folder */
    public Path dir() {
        return dir;
    }

    /**
     * Checks each of the named files present: a file whose content does not match is deleted and its
     * {@link ChecksumMismatchException} recorded in {@code attempts}.
     *
     * @param names    file names, each with an expected SHA-256
     * @param attempts where mismatches are recorded
     * @return the names (in the order given) missing afterwards
     * @throws IOException              if a file cannot be read or deleted
     * @throws IllegalArgumentException if a name has no expected SHA-256
     */
    public Set<String> verify(Collection<String> names, Attempts attempts) throws IOException {
        Set<String> missing = new LinkedHashSet<>();
        for (String name : names) {
            String expected = expected(name);
            Path file = resolve(dir, name);
            if (file == null) {
                missing.add(name);
                continue;
            }
            String key = file.getFileName().toString();
            Stamp stamp = stamps.get(key);
            if (stamp != null && stamp.matches(file, expected)) {
                continue;
            }
            String actual = sha256(file);
            stampsChanged = true;
            if (actual.equals(expected)) {
                stamps.put(key, Stamp.of(file, actual));
            } else {
                ChecksumMismatchException e = new ChecksumMismatchException(file, "cache", expected, actual);
                LOG.warn("Deleting corrupt cached file: {}", e.getMessage());
                attempts.failed(e);
                Files.deleteIfExists(file);
                stamps.remove(key);
                missing.add(name);
            }
        }
        return missing;
    }

    /**
     * Creates the folder and removes stale leftovers of interrupted runs, before files are stored.
     *
     * @throws IOException if the folder cannot be created
     */
    public void prepareForWrites() throws IOException {
        Files.createDirectories(dir);
        removeStaleLeftovers();
        stampsChanged = true; // drop the stamps of files that are gone
    }

    /**
     * Stores {@code content} as {@code name}, or {@code name.gz} if it is gzip data, if its uncompressed content
     * has the expected SHA-256: it is written to a temporary file in the folder, forced to disk, checked and
     * renamed; the other variant ({@code name} or {@code name.gz}) is then removed.
     *
     * @param name    a file name with an expected SHA-256
     * @param source  where the content comes from, for messages
     * @param content the bytes, read to their end and not closed
     * @return the stored file
     * @throws ChecksumMismatchException if the content does not match; nothing is stored
     * @throws IOException               if reading, writing or renaming fails
     * @throws IllegalArgumentException  if the name has no expected SHA-256
     */
    public Path store(String name, String source, InputStream content) throws IOException {
        String expected = expected(name);
        Path tmp = AtomicFiles.createTemporary(dir.resolve(name));
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(channel)) {
                content.transferTo(out);
                channel.force(true);
            }
            Path target = dir.resolve(IdxReader.isGzip(tmp) ? name + ".gz" : name);
            String actual = sha256(tmp);
            if (!actual.equals(expected)) {
                throw new ChecksumMismatchException(target, source, expected, actual);
            }
            AtomicFiles.move(tmp, target);
            Path other = target.resolveSibling(target.getFileName().toString().endsWith(".gz") ? name : name + ".gz");
            Files.deleteIfExists(other);
            stamps.remove(other.getFileName().toString());
            stamps.put(target.getFileName().toString(), Stamp.of(target, actual));
            stampsChanged = true;
            LOG.info("Stored verified file {}", target);
            return target;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes the stamp file if anything changed, leaving out files that are gone; failures are only logged. */
    public void saveStamps() {
        if (!stampsChanged || !Files.isDirectory(dir)) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        stamps.forEach((name, stamp) -> {
            if (Files.isRegularFile(dir.resolve(name))) {
                sb.append(name).append(' ').append(stamp.size()).append(' ').append(stamp.modifiedMillis())
                        .append(' ').append(stamp.sha256()).append('\n');
            }
        });
        Path file = dir.resolve(STAMP_FILE);
        try {
            if (sb.isEmpty()) {
                Files.deleteIfExists(file);
            } else {
                byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
                AtomicFiles.write(file, out -> out.write(bytes));
            }
            stampsChanged = false;
        } catch (IOException e) {
            LOG.debug("Could not write {}: {}", file, Exceptions.describe(e));
        }
    }

    /**
     * Returns the file holding {@code name} in {@code dir}: {@code dir/name} if it is a regular file, else
     * {@code dir/name.gz} if that is, else null.
     *
     * @param dir  the folder
     * @param name a file name
     * @return the file, or null if neither exists
     */
    public static Path resolve(Path dir, String name) {
        Path plain = dir.resolve(name);
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        Path gz = dir.resolve(name + ".gz");
        return Files.isRegularFile(gz) ? gz : null;
    }

    /**
     * SHA-256 of a file's uncompressed content (gzip is detected by its magic bytes).
     *
     * @param file the file
     * @return 64 lowercase hex digits
     * @throws IOException if the file cannot be read
     */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = IdxReader.openUncompressed(file)) {
            return Checksums.sha256(in);
        }
    }

    /**
     * Whether a cache entry is a leftover of an interrupted write: a temporary file of {@link #store} or of
     * {@link AtomicFiles}, a {@link PackageFallback} work folder, or a {@code .part} file of earlier versions.
     *
     * @param fileName a name in the cache folder
     * @return true for a leftover
     */
    public boolean isLeftover(String fileName) {
        if (PackageFallback.isWorkFolder(fileName) || fileName.startsWith(".") && fileName.endsWith(".part")
                || AtomicFiles.isTemporaryFor(fileName, STAMP_FILE)) {
            return true;
        }
        return expectedSha256.keySet().stream().anyMatch(name -> AtomicFiles.isTemporaryFor(fileName, name)
                || AtomicFiles.isTemporaryFor(fileName, name + ".gz"));
    }

    private void removeStaleLeftovers() {
        long cutoff = System.currentTimeMillis() - STALE_MILLIS;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, p -> isLeftover(p.getFileName().toString()))) {
            for (Path p : ds) {
                if (Files.getLastModifiedTime(p).toMillis() < cutoff) {
                    LOG.debug("Removing stale leftover {}", p);
                    FileUtils.deleteQuietly(p.toFile());
                }
            }
        } catch (IOException e) {
            LOG.debug("Could not clean {}: {}", dir, Exceptions.describe(e));
        }
    }

    private String expected(String name) {
        String expected = expectedSha256.get(name);
        if (expected == null) {
            throw new IllegalArgumentException("no expected SHA-256 for " + name + " in the cache " + dir);
        }
        return expected;
    }

    /** Reads the stamp file: lines {@code fileName size lastModifiedMillis sha256}; malformed lines are skipped. */
    private static Map<String, Stamp> readStamps(Path dir) {
        Map<String, Stamp> stamps = new LinkedHashMap<>();
        Path file = dir.resolve(STAMP_FILE);
        if (!Files.isRegularFile(file)) {
            return stamps;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 4) {
                    try {
                        stamps.put(parts[0], new Stamp(Long.parseLong(parts[1]), Long.parseLong(parts[2]), parts[3]));
                    } catch (NumberFormatException ignored) {
                        // a malformed line: the file is verified again
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Ignoring unreadable {}: {}", file, Exceptions.describe(e));
        }
        return stamps;
    }

    /** A file's size and modification time when its content was found to have {@code sha256}. */
    private record Stamp(long size, long modifiedMillis, String sha256) {
        static Stamp of(Path file, String sha256) throws IOException {
            return new Stamp(Files.size(file), Files.getLastModifiedTime(file).toMillis(), sha256);
        }

        boolean matches(Path file, String expectedSha256) {
            try {
                return size == Files.size(file) && modifiedMillis == Files.getLastModifiedTime(file).toMillis()
                        && sha256.equals(expectedSha256);
            } catch (IOException e) {
                return false;
            }
        }
    }
}
