package org.vae4j.data.mnist;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.io.Exceptions;

/**
 * Downloads missing MNIST files, {@code NAME.gz} under each mirror's URI, into the {@link VerifiedCache}, trying
 * the mirrors in order; a mirror that fails once (including with a wrong checksum) is skipped for the other files.
 */
final class MirrorDownloader {
    private static final Logger LOG = LoggerFactory.getLogger(MirrorDownloader.class);

    private final List<URI> mirrors;
    private final Duration connectTimeout;
    private final Duration requestTimeout;

    /**
     * @param mirrors        base URIs, tried in order (a trailing {@code /} is added if missing); may be empty
     * @param connectTimeout the HTTP connect timeout
     * @param requestTimeout how long to wait for a mirror's response headers once connected
     */
    MirrorDownloader(List<URI> mirrors, Duration connectTimeout, Duration requestTimeout) {
        this.mirrors = List.copyOf(mirrors);
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
    }

    /**
     * Downloads each name in {@code missing} and removes it from there once stored. Each attempt, and each failure,
     * is recorded in {@code attempts}.
     *
     * @param cache    where verified files are stored
     * @param missing  names from {@link Mnist#FILES}; modified
     * @param attempts what was tried
     * @throws InterruptedIOException if the thread is interrupted while waiting for a mirror
     * @throws IOException            if the cache cannot be written
     */
    void fetch(VerifiedCache cache, Set<String> missing, Attempts attempts) throws IOException {
        if (mirrors.isEmpty()) {
            attempts.tried("no download mirrors configured");
            return;
        }
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        Set<URI> dead = new HashSet<>();
        for (String name : List.copyOf(missing)) {
            for (URI mirror : mirrors) {
                if (dead.contains(mirror)) {
                    continue;
                }
                URI uri = withSlash(mirror).resolve(name + ".gz");
                LOG.info("Downloading MNIST file {} from {}", name, uri);
                try {
                    HttpRequest request = HttpRequest.newBuilder(uri).timeout(requestTimeout).GET().build();
                    HttpResponse<InputStream> response =
                            client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                    try (InputStream body = response.body()) {
                        if (response.statusCode() != 200) {
                            throw new IOException(uri + ": HTTP status " + response.statusCode());
                        }
                        cache.store(name, uri.toString(), body);
                    }
                    missing.remove(name);
                    attempts.tried(uri + ": ok");
                    break;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw (IOException) new InterruptedIOException("interrupted while downloading " + uri).initCause(e);
                } catch (IOException e) {
                    String reason = reason(e);
                    LOG.warn("Could not download {}: {}", uri, reason);
                    attempts.failed(uri + ": " + reason, e);
                    dead.add(mirror);
                }
            }
        }
    }

    /**
     * {@link Exceptions#describe} for a failed download. The HTTP client's exceptions often carry no message, or
     * only their cause does, so this takes the first message in the cause chain and says what a message-less
     * {@link ConnectException} means.
     */
    static String reason(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t == e ? Exceptions.describe(e) : e.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return e instanceof ConnectException ? e.getClass().getSimpleName()
                + ": could not connect (no network, host unreachable or connection refused)" : Exceptions.describe(e);
    }

    private static URI withSlash(URI uri) {
        String s = uri.toString();
        return s.endsWith("/") ? uri : URI.create(s + "/");
    }
}
