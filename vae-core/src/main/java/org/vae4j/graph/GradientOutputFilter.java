package org.vae4j.graph;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code System.out} exactly as it was, except for the "Added differentiated op ..." lines that SameDiff 1.0.0-M2.1
 * prints with an unconditional {@code System.out.println} for every op while it builds a gradient function
 * ({@code SameDiff.createGradFunction}; no logger or flag controls it). Those lines are dropped, and only on the
 * thread that is building a gradient function through {@link #quietly}; every other call, on any thread, goes
 * straight to the stream it wraps, unbuffered and in order.
 *
 * <p>It is installed once, as the first gradient function is built, and stays: swapping {@code System.out} in and out
 * around each build would lose or misroute what other threads print meanwhile. If something later replaces
 * {@code System.out}, the next build wraps the new stream. See docs/faq.md ("Why does vae4j wrap System.out?").
 */
public final class GradientOutputFilter extends PrintStream {
    /** The start of the lines dropped. */
    static final String PREFIX = "Added differentiated op ";

    private static final ThreadLocal<Boolean> BUILDING = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private final PrintStream out;

    private GradientOutputFilter(PrintStream out) {
        super(out, false);
        this.out = out;
    }

    /**
     * Runs {@code body} on this thread with SameDiff's "Added differentiated op" lines dropped from its output.
     *
     * @param body the code that builds a gradient function
     * @param <T> its result type
     * @return its result
     */
    public static <T> T quietly(Supplier<T> body) {
        install();
        Boolean before = BUILDING.get();
        BUILDING.set(Boolean.TRUE);
        try {
            return body.get();
        } finally {
            BUILDING.set(before);
        }
    }

    private static void install() {
        synchronized (GradientOutputFilter.class) {
            PrintStream current = System.out;
            if (current != null && !(current instanceof GradientOutputFilter)) {
                System.setOut(new GradientOutputFilter(current));
            }
        }
    }

    @Override
    public void println(String x) {
        if (x != null && x.startsWith(PREFIX) && BUILDING.get()) {
            return;
        }
        out.println(x);
    }

    // Everything else is forwarded unchanged.

    @Override
    public void flush() {
        out.flush();
    }

    @Override
    public void close() {
        out.close();
    }

    @Override
    public boolean checkError() {
        return out.checkError();
    }

    @Override
    public void write(int b) {
        out.write(b);
    }

    @Override
    public void write(byte[] buf, int off, int len) {
        out.write(buf, off, len);
    }

    @Override
    public void write(byte[] buf) throws IOException {
        out.write(buf);
    }

    @Override
    public void writeBytes(byte[] buf) {
        out.writeBytes(buf);
    }

    @Override
    public void print(boolean b) {
        out.print(b);
    }

    @Override
    public void print(char c) {
        out.print(c);
    }

    @Override
    public void print(int i) {
        out.print(i);
    }

    @Override
    public void print(long l) {
        out.print(l);
    }

    @Override
    public void print(float f) {
        out.print(f);
    }

    @Override
    public void print(double d) {
        out.print(d);
    }

    @Override
    public void print(char[] s) {
        out.print(s);
    }

    @Override
    public void print(String s) {
        out.print(s);
    }

    @Override
    public void print(Object obj) {
        out.print(obj);
    }

    @Override
    public void println() {
        out.println();
    }

    @Override
    public void println(boolean x) {
        out.println(x);
    }

    @Override
    public void println(char x) {
        out.println(x);
    }

    @Override
    public void println(int x) {
        out.println(x);
    }

    @Override
    public void println(long x) {
        out.println(x);
    }

    @Override
    public void println(float x) {
        out.println(x);
    }

    @Override
    public void println(double x) {
        out.println(x);
    }

    @Override
    public void println(char[] x) {
        out.println(x);
    }

    @Override
    public void println(Object x) {
        out.println(x);
    }

    @Override
    public PrintStream printf(String format, Object... args) {
        out.printf(format, args);
        return this;
    }

    @Override
    public PrintStream printf(Locale l, String format, Object... args) {
        out.printf(l, format, args);
        return this;
    }

    @Override
    public PrintStream format(String format, Object... args) {
        out.format(format, args);
        return this;
    }

    @Override
    public PrintStream format(Locale l, String format, Object... args) {
        out.format(l, format, args);
        return this;
    }

    @Override
    public PrintStream append(CharSequence csq) {
        out.append(csq);
        return this;
    }

    @Override
    public PrintStream append(CharSequence csq, int start, int end) {
        out.append(csq, start, end);
        return this;
    }

    @Override
    public PrintStream append(char c) {
        out.append(c);
        return this;
    }
}
