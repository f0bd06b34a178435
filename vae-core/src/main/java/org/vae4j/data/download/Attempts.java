package org.vae4j.data.download;

import java.util.ArrayList;
import java.util.List;

/**
 * What one dataset lookup tried, for the message of the final error, and the exceptions it met, attached to that
 * error as suppressed exceptions. Not thread-safe; one per lookup.
 */
public final class Attempts {
    private final List<String> tried = new ArrayList<>();
    private final List<Exception> failures = new ArrayList<>();

    /**
     * Records a source tried, or why one was not, such as {@code "no download mirrors configured"}.
     *
     * @param what a short description for the final message
     */
    public void tried(String what) {
        tried.add(what);
    }

    /**
     * Records a failure that the message need not repeat (a corrupt cached file, a bad archive entry).
     *
     * @param e the failure
     */
    public void failed(Exception e) {
        failures.add(e);
    }

    /**
     * Records a source tried and its failure.
     *
     * @param what a short description for the final message
     * @param e    the failure
     */
    public void failed(String what, Exception e) {
        tried(what);
        failed(e);
    }

    /** @return what was tried, in order */
    public List<String> tried() {
        return List.copyOf(tried);
    }

    /** @return the failures met, in order */
    public List<Exception> failures() {
        return List.copyOf(failures);
    }
}
