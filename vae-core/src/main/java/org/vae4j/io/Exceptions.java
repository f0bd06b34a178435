package org.vae4j.io;

/** Short descriptions of exceptions for one-line error messages and log lines. */
public final class Exceptions {
    private Exceptions() {
    }

    /**
     * @param e an exception
     * @return its simple class name and, if it has one, its message: {@code "NoSuchFileException: /a/b"}
     */
    public static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }
}
