package org.vae4j.data.mnist;

import java.util.ArrayList;
import java.util.List;

/**
 * What one lookup tried, for the message of the final error, and the exceptions it met, attached to that error as
 * suppressed exceptions.
 */
final class Attempts {
    private final List<String> tried = new ArrayList<>();
    private final List<Exception> failures = new ArrayList<>();

    /** Records a source tried, or why one was not, such as {@code "no download mirrors configured"}. */
    void tried(String what) {
        tried.add(what);
    }

    /** Records a failure that the message need not repeat (a corrupt cached file, a bad npm entry). */
    void failed(Exception e) {
        failures.add(e);
    }

    /** Records a source tried and its failure. */
    void failed(String what, Exception e) {
        tried(what);
        failed(e);
    }

    List<String> tried() {
        return List.copyOf(tried);
    }

    List<Exception> failures() {
        return List.copyOf(failures);
    }
}
