package org.vae4j.console;

import java.io.PrintStream;
import java.text.DecimalFormat;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows how far a long task (a training epoch, an evaluation) has come: done and total, the rate, the estimated
 * time left and a status of the caller's (e.g. the running lower bound). On a terminal it draws a progress bar
 * (<a href="https://github.com/ctongfei/progressbar">me.tongfei:progressbar</a>) on standard error; when output is not
 * a terminal (CI, a file, a pipe), where a redrawn bar would leave hundreds of partial lines, it logs a plain line
 * through SLF4J at most every {@link #LOG_INTERVAL}, and when the task is done:
 * <pre>
 * 14:02:11 INFO  Epoch 2/10: 51% (30,720/60,000 images), 5,321 images/s, ETA 0:05; iteration 240/469, ELBO -118.92
 * </pre>
 */
public final class Progress {
    /** How often the plain-line form logs a line while a task runs. */
    public static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(Progress.class);

    /** How progress is shown. */
    public enum Mode {
        /** A bar if standard output is a terminal ({@link System#console()} is not null), else log lines. */
        auto,
        /** Always a bar on standard error. */
        bar,
        /** Always plain log lines. */
        log,
        /** Nothing (the trainer still logs every epoch). */
        off;

        /** @return this mode with {@code auto} resolved for the running JVM */
        public Mode resolve() {
            return this != auto ? this : System.console() != null ? bar : log;
        }
    }

    /** One running task; {@link #close()} ends it (idempotent). */
    public interface Task extends AutoCloseable {
        /**
         * Records progress.
         *
         * @param done units done since the last call, {@code >= 0}
         * @param status what to show beside the figures, e.g. {@code "iteration 240/469, ELBO -118.92"}
         */
        void step(long done, String status);

        /** Ends the task: the bar is completed, or a last line is logged if one is due. */
        @Override
        void close();
    }

    private final Mode mode;
    private final Duration logInterval;
    private final LongSupplier nanoTime;
    private final PrintStream terminal;

    private Progress(Mode mode, Duration logInterval, LongSupplier nanoTime, PrintStream terminal) {
        this.mode = mode.resolve();
        this.logInterval = Objects.requireNonNull(logInterval, "logInterval");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.terminal = Objects.requireNonNull(terminal, "terminal");
    }

    /**
     * @param mode how to show progress ({@code auto} is resolved now)
     * @return a progress display
     */
    public static Progress of(Mode mode) {
        return new Progress(mode, LOG_INTERVAL, System::nanoTime, System.err);
    }

    /**
     * A bar drawn on a given stream, for tests.
     *
     * @param terminal where to draw
     * @return a progress display in {@link Mode#bar} mode
     */
    static Progress bar(PrintStream terminal) {
        return new Progress(Mode.bar, LOG_INTERVAL, System::nanoTime, terminal);
    }

    /**
     * Plain log lines with a given interval and clock, for tests.
     *
     * @param interval the least time between two lines of one task
     * @param nanoTime the clock, in nanoseconds
     * @return a progress display in {@link Mode#log} mode
     */
    static Progress logLines(Duration interval, LongSupplier nanoTime) {
        return new Progress(Mode.log, interval, nanoTime, System.err);
    }

    /** @return the resolved mode: {@code bar}, {@code log} or {@code off} */
    public Mode mode() {
        return mode;
    }

    /**
     * Starts a task.
     *
     * @param name what runs, e.g. {@code "Epoch 2/10"}
     * @param total units to do, {@code > 0}
     * @param unit the unit's plural, e.g. {@code "images"}
     * @return the task; close it when done
     */
    public Task start(String name, long total, String unit) {
        return start(name, total, unit, 0, "");
    }

    /**
     * Starts a task of which some units were done before it could start (a training epoch is seen first when its
     * first batch is done): they count as done but not in the rate.
     *
     * @param name what runs, e.g. {@code "Epoch 2/10"}
     * @param total units to do, {@code > 0}
     * @param unit the unit's plural, e.g. {@code "images"}
     * @param done units already done, {@code >= 0}
     * @param status the status after them
     * @return the task; close it when done
     */
    public Task start(String name, long total, String unit, long done, String status) {
        return switch (mode) {
            case bar -> new Bar(terminal, name, total, unit, done, status);
            case log -> new Lines(name, total, unit, done, status);
            default -> new Task() {
                @Override
                public void step(long done, String status) {
                }

                @Override
                public void close() {
                }
            };
        };
    }

    /** The terminal form: a me.tongfei progress bar on standard error. */
    private static final class Bar implements Task {
        private final ProgressBar bar;
        private boolean closed;

        Bar(PrintStream terminal, String name, long total, String unit, long done, String status) {
            // "img" for "images": the bar shares an often 80-column line with the figures
            bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(total)
                    .setUnit(unit.equals("images") ? " img" : " " + unit, 1).startsFrom(done, Duration.ZERO)
                    .showSpeed(new DecimalFormat("#,##0")).setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                    .setUpdateIntervalMillis(250).setConsumer(new ConsoleProgressBarConsumer(terminal)).build();
            bar.setExtraMessage(extra(status));
        }

        /** The renderer puts the message right after the speed. */
        private static String extra(String status) {
            return status.isEmpty() ? "" : " " + status;
        }

        @Override
        public void step(long done, String status) {
            bar.setExtraMessage(extra(status));
            bar.stepBy(done);
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                bar.close();
            }
        }
    }

    /** The non-terminal form: a log line at most every interval, and one at the end. */
    private final class Lines implements Task {
        private final String name;
        private final long total;
        private final String unit;
        private final long started;
        private final long doneBefore;
        private long done;
        private long lastLine;
        private String status;
        private boolean loggedLast;
        private boolean closed;

        Lines(String name, long total, String unit, long done, String status) {
            this.name = name;
            this.total = total;
            this.unit = unit;
            this.started = nanoTime.getAsLong();
            this.lastLine = started;
            this.doneBefore = done;
            this.done = done;
            this.status = status;
            this.loggedLast = done == 0;
        }

        @Override
        public void step(long n, String newStatus) {
            done += n;
            status = newStatus;
            long now = nanoTime.getAsLong();
            if (now - lastLine >= logInterval.toNanos()) {
                line(now);
            } else {
                loggedLast = false;
            }
        }

        private void line(long now) {
            lastLine = now;
            loggedLast = true;
            log.info(format(name, done, total, unit, done - doneBefore, (now - started) / 1e9, status));
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                if (!loggedLast) {
                    line(nanoTime.getAsLong());
                }
            }
        }
    }

    /**
     * The plain line: {@code "Epoch 2/10: 51% (30,720/60,000 images), 5,321 images/s, ETA 0:05; status"}.
     *
     * @param name the task
     * @param done units done
     * @param total units in all
     * @param unit the unit's plural
     * @param timed units done in {@code seconds}
     * @param seconds seconds since the task started
     * @param status the caller's status, or empty
     * @return the line
     */
    static String format(String name, long done, long total, String unit, long timed, double seconds,
            String status) {
        double rate = seconds > 0 ? timed / seconds : 0;
        String eta = done >= total ? duration(0) : rate > 0 ? duration((total - done) / rate) : "?";
        return String.format(Locale.ROOT, "%s: %d%% (%,d/%,d %s), %,.0f %s/s, ETA %s%s", name,
                total > 0 ? done * 100 / total : 100, done, total, unit, rate, unit, eta,
                status.isEmpty() ? "" : "; " + status);
    }

    /** Seconds as {@code m:ss} or {@code h:mm:ss}. */
    static String duration(double seconds) {
        long s = Math.round(Math.max(0, seconds));
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
