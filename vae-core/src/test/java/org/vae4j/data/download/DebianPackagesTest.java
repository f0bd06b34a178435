package org.vae4j.data.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file tree of a Debian package, for each compression of its data.tar member. */
class DebianPackagesTest {
    private static final String ENTRY = "./usr/share/example/data.csv";
    private static final String CONTENT = "a,b\n1,2\n";

    @TempDir
    Path tmp;

    @Test
    void readsDataTarCompressedWithXzGzipBzip2OrNothing() throws Exception {
        record Member(String name, UnaryOperator<OutputStream> compress) {
        }
        for (Member m : List.<Member>of(
                new Member("data.tar.xz", out -> wrap(() -> new XZCompressorOutputStream(out))),
                new Member("data.tar.gz", out -> wrap(() -> new GzipCompressorOutputStream(out))),
                new Member("data.tar.bz2", out -> wrap(() -> new BZip2CompressorOutputStream(out))),
                new Member("data.tar", out -> out))) {
            Path deb = deb(m.name(), compress(tar(), m.compress()));
            assertEquals(CONTENT, readEntry(deb), m.name());
        }
    }

    /** zstd (Ubuntu's choice) goes through dpkg-deb; needs the zstd and dpkg-deb programs to build and read one. */
    @Test
    void readsZstdDataTarWithDpkgDeb() throws Exception {
        String path = System.getenv("PATH");
        assumeTrue(PackageFallback.findOnPath(path, "zstd") != null
                && PackageFallback.findOnPath(path, "dpkg-deb") != null, "needs zstd and dpkg-deb");
        Path plain = Files.write(tmp.resolve("data.tar"), tar());
        Path zst = tmp.resolve("data.tar.zst");
        assertEquals(0, PackageFallback.run(List.of("zstd", "-q", "-o", zst.toString(), plain.toString()), tmp,
                tmp.resolve("zstd.log"), Duration.ofMinutes(1)));
        Path deb = deb("data.tar.zst", Files.readAllBytes(zst));
        assertEquals(CONTENT, readEntry(deb));
    }

    @Test
    void aFileWithoutDataTarIsRefusedNamingIt() throws Exception {
        Path notDeb = Files.writeString(tmp.resolve("x.deb"), "!<arch>\n");
        IOException e = assertThrows(IOException.class, () -> DebianPackages.openDataTar(notDeb, tmp,
                Duration.ofSeconds(10)));
        assertTrue(e.getMessage().contains(notDeb.toString()) && e.getMessage().contains("data.tar"), e.getMessage());
    }

    private String readEntry(Path deb) throws IOException {
        Path work = Files.createTempDirectory(tmp, "work");
        try (InputStream in = DebianPackages.openDataTar(deb, work, Duration.ofMinutes(1));
                TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (e.getName().equals(ENTRY)) {
                    return new String(tar.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        throw new AssertionError(ENTRY + " not found in " + deb);
    }

    private static byte[] tar() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            byte[] b = CONTENT.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry(ENTRY);
            e.setSize(b.length);
            tar.putArchiveEntry(e);
            tar.write(b);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    private static byte[] compress(byte[] data, UnaryOperator<OutputStream> compress) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = compress.apply(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    private Path deb(String member, byte[] data) throws IOException {
        Path deb = tmp.resolve("pkg-" + member + ".deb");
        byte[] control = compress(tar(), out -> wrap(() -> new XZCompressorOutputStream(out)));
        try (ArArchiveOutputStream ar = new ArArchiveOutputStream(Files.newOutputStream(deb))) {
            add(ar, "debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII));
            add(ar, "control.tar.xz", control);
            add(ar, member, data);
        }
        return deb;
    }

    private static void add(ArArchiveOutputStream ar, String name, byte[] bytes) throws IOException {
        ar.putArchiveEntry(new ArArchiveEntry(name, bytes.length));
        ar.write(bytes);
        ar.closeArchiveEntry();
    }

    private interface IoSupplier {
        OutputStream get() throws IOException;
    }

    private static OutputStream wrap(IoSupplier s) {
        try {
            return s.get();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
