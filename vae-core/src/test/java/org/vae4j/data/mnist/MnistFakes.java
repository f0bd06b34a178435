package org.vae4j.data.mnist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.vae4j.data.IdxTestFiles;

/** Tiny stand-ins for the four files, and their SHA-256, so the cache logic is testable offline. */
final class MnistFakes {
    static final Map<String, byte[]> FAKE = Map.of(
            Mnist.TRAIN_IMAGES, IdxTestFiles.images(2, 1, 2, 0, 255, 10, 20),
            Mnist.TRAIN_LABELS, IdxTestFiles.labels(5, 0),
            Mnist.TEST_IMAGES, IdxTestFiles.images(1, 1, 2, 7, 8),
            Mnist.TEST_LABELS, IdxTestFiles.labels(7));
    static final Map<String, String> FAKE_SHA = new HashMap<>();

    static {
        FAKE.forEach((name, bytes) -> FAKE_SHA.put(name, sha(bytes)));
    }

    private MnistFakes() {
    }

    static String sha(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A locator isolated from this JVM's properties, environment, cache, network and npm; home is in {@code tmp}. */
    static MnistLocator isolated(Path tmp, Map<String, String> props, Map<String, String> env) {
        Map<String, String> p = new HashMap<>(props);
        p.putIfAbsent("user.home", tmp.resolve("home").toString());
        return Mnist.locator()
                .systemProperties(p::get)
                .environment(env::get)
                .mirrors(List.of())
                .withoutNpm()
                .expectedSha256(FAKE_SHA);
    }

    /** Creates {@code d} holding the four fake files, each plain or gzipped. */
    static Path folderWithAllFiles(Path d, boolean gzip) throws IOException {
        Files.createDirectories(d);
        for (Map.Entry<String, byte[]> e : FAKE.entrySet()) {
            if (gzip) {
                IdxTestFiles.write(d.resolve(e.getKey() + ".gz"), IdxTestFiles.gzip(e.getValue()));
            } else {
                IdxTestFiles.write(d.resolve(e.getKey()), e.getValue());
            }
        }
        return d;
    }

    static List<String> listNames(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
