package org.vae4j.io;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests as 64 lowercase hex digits, for the model file's manifest and the dataset cache. */
public final class Checksums {
    private Checksums() {
    }

    /**
     * @param bytes the bytes
     * @return their SHA-256, 64 lowercase hex digits
     */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    /**
     * @param in the stream, read to its end (not closed)
     * @return the SHA-256 of its bytes, 64 lowercase hex digits
     * @throws IOException if reading fails
     */
    public static String sha256(InputStream in) throws IOException {
        MessageDigest md = digest();
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) > 0;) {
            md.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * @return a new SHA-256 digest, for bytes that come in pieces; {@link #hex} gives the result
     */
    public static MessageDigest sha256Digest() {
        return digest();
    }

    /**
     * @param sha256 a SHA-256 digest fed with some bytes (it is reset)
     * @return their SHA-256, 64 lowercase hex digits
     */
    public static String hex(MessageDigest sha256) {
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
