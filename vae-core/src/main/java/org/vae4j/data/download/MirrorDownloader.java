package org.vae4j.data.download;

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
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.io.Exceptions;

/**
 * Downloads missing files of a dataset over HTTP(S) into a {@link VerifiedCache}, trying the mirrors in order; a
 * mirror that fails once (including with a wrong checksum) is skipped for the other files. Where a mirror serves a
 * file is given by a function of the mirror's URI and the file's name: {@link #under(String)} for mirrors that are
 * folders ({@code BASE/NAME.gz} for MNIST), {@link #byFileName()} for mirrors that are the file's own URL.
 */
public final class MirrorDownloader {
    private static final Logger LOG = LoggerFactory.getLogger(MirrorDownloader.class);

    private final String dataset;
    private final List<URI> mirrors;
    private final BiFunction<URI, String, URI> locate;
    private final Duration connectTimeout;
    private final Duration requestTimeout;

    /**
     * @param dataset        the dataset's name, for log lines, such as {@code "MNIST"}
     * @param mirrors        URIs tried in order; may be empty
     * @param locate         the URI at which a mirror serves a file name, or null if it does not serve it
     * @param connectTimeout the HTTP connect timeout
     * @param requestTimeout how long to wait for a mirror's response headers once connected
     * @throws NullPointerException if an argument or a mirror is null
     */
    public MirrorDownloader(String dataset, List<URI> mirrors, BiFunction<URI, String, URI> locate,
            Duration connectTimeout, Duration requestTimeout) {
        this.dataset = Objects.requireNonNull(dataset, "dataset");
        this.mirrors = List.copyOf(mirrors);
        this.locate = Objects.requireNonNull(locate, "locate");
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    /**
     * Mirrors that are folders: a file {@code NAME} is served as {@code MIRROR/NAME + suffix} (a trailing {@code /}
     * is added to the mirror's URI if missing).
     *
     * @param suffix appended to the name, such as {@code ".gz"}, or empty
     * @return the locating function for {@link #MirrorDownloader}
     */
    public static BiFunction<URI, String, URI> under(String suffix) {
        return (mirror, name) -> withSlash(mirror).resolve(name + suffix);
    }

    /**
     * Mirrors that are the URL of one file: a mirror serves {@code NAME} if the last segment of its path is
     * {@code NAME} (or {@code NAME.gz}).
     *
     * @return the locating function for {@link #MirrorDownloader}
     */
    public static BiFunction<URI, String, URI> byFileName() {
        return (mirror, name) -> {
            String path = mirror.getPath() == null ? "" : mirror.getPath();
            String last = path.substring(path.lastIndexOf('/') + 1);
            return last.equals(name) || last.equals(name + ".gz") ? mirror : null;
        };
    }

    /**
     * Downloads each name in {@code missing} and removes it from there once stored. Each attempt, and each failure,
     * is recorded in {@code attempts}.
     *
     * @param cache    where verified files are stored
     * @param missing  names of files wanted, each with an expected SHA-256 in the cache; modified
     * @param attempts what was tried
     * @throws InterruptedIOException if the thread is interrupted while waiting for a mirror
     * @throws IOException            if the cache cannot be written
     */
    public void fetch(VerifiedCache cache, Set<String> missing, Attempts attempts) throws IOException {
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
                URI uri = dead.contains(mirror) ? null : locate.apply(mirror, name);
                if (uri == null) {
                    continue;
                }
                LOG.info("Downloading {} file {} from {}", dataset, name, uri);
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
     *
     * @param e the failure
     * @return a one-line reason
     */
    public static String reason(IOException e) {
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
