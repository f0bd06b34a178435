package org.vae4j.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vae4j.IterationRecord;

/** The plain-line form of the progress display (what CI and log files see), driven by a fake clock. */
class ProgressTest {
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final AtomicLong now = new AtomicLong();

    @BeforeEach
    void capture() {
        lines.start();
        Logging.logger(Progress.class.getName()).addAppender(lines);
    }

    @AfterEach
    void release() {
        Logging.logger(Progress.class.getName()).detachAppender(lines);
    }

    private List<String> messages() {
        return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static long seconds(double s) {
        return (long) (s * 1e9);
    }

    @Test
    void withoutATerminalAutoMeansLogLines() {
        assumeTrue(System.console() == null, "run with a console");
        assertEquals(Progress.Mode.log, Progress.Mode.auto.resolve());
        assertEquals(Progress.Mode.log, Progress.of(Progress.Mode.auto).mode());
    }

    /** Three epochs of 4 batches (3 x 128 + 116 = 500 images), one batch every 2 s, a line at most every 5 s. */
    @Test
    void trainingLogsEpochIterationRateEtaAndTheRunningLowerBoundAtMostEveryInterval() {
        Progress progress = Progress.logLines(Duration.ofSeconds(5), now::get);
        try (TrainingProgress listener = new TrainingProgress(progress, 3, 500, 128, true)) {
            long iteration = 0;
            for (int epoch = 1; epoch <= 2; epoch++) {
                int[] batches = {128, 128, 128, 116};
                double[] elbo = {-200, -180, -160, -150};
                for (int b = 0; b < batches.length; b++) {
                    now.addAndGet(seconds(2));
                    listener.iterationDone(new IterationRecord(epoch, ++iteration, batches[b], elbo[b] + 50 * (1 - epoch),
                            0));
                }
            }
        }
        // epoch 1 is seen at t = 2 s, when its first batch is done; batch 3 at t = 6 s is 4 s later, batch 4 at
        // t = 8 s is 6 s later: one line, which is also the end of the epoch, with the rate of batches 2 to 4,
        // 372 images in 6 s, and the running ELBO (128 * (-200 - 180 - 160) + 116 * -150) / 500 = -173.04
        assertEquals(List.of(
                "Epoch 1/3: 100% (500/500 images), 62 images/s, ETA 0:00; iteration 4/4, ELBO -173.04",
                "Epoch 2/3: 100% (500/500 images), 62 images/s, ETA 0:00; iteration 4/4, ELBO -223.04"), messages());
    }

    @Test
    void aLongTaskLogsEveryIntervalWithRateAndTimeLeftAndALastLineWhenClosed() {
        Progress progress = Progress.logLines(Duration.ofSeconds(10), now::get);
        try (Progress.Task task = progress.start("log p(x), k=100", 1000, "images")) {
            for (int i = 1; i <= 10; i++) {
                now.addAndGet(seconds(3));
                task.step(100, "mean -" + (90 + i));
            }
        }
        // 3 s per 100 images: lines at 12 s (400 done), 24 s (800 done), and at the close (1000 done, 30 s)
        assertEquals(List.of(
                "log p(x), k=100: 40% (400/1,000 images), 33 images/s, ETA 0:18; mean -94",
                "log p(x), k=100: 80% (800/1,000 images), 33 images/s, ETA 0:06; mean -98",
                "log p(x), k=100: 100% (1,000/1,000 images), 33 images/s, ETA 0:00; mean -100"), messages());
    }

    @Test
    void anEpochCutShortByAnExceptionStillEndsItsTask() {
        Progress progress = Progress.logLines(Duration.ofSeconds(60), now::get);
        TrainingProgress listener = new TrainingProgress(progress, 1, 1000, 100, false);
        now.addAndGet(seconds(1));
        listener.iterationDone(new IterationRecord(1, 1, 100, -90.5, 90.5));
        now.addAndGet(seconds(1));
        listener.iterationDone(new IterationRecord(1, 2, 100, -89.5, 89.5));
        listener.close();
        listener.close();
        // seen at t = 1 s; at t = 2 s, 100 more images in 1 s: 800 left at 100 images/s
        assertEquals(List.of("Epoch 1/1: 20% (200/1,000 images), 100 images/s, ETA 0:08; iteration 2/10,"
                + " log p(x|z) -90.00"), messages());
    }

    /** The terminal form draws a me.tongfei bar on standard error, ending at 100% with the last status. */
    @Test
    void theBarShowsTheTaskItsCountsAndTheStatus() {
        ByteArrayOutputStream drawn = new ByteArrayOutputStream();
        try (Progress.Task task = Progress.bar(new PrintStream(drawn, true, StandardCharsets.UTF_8)).start(
                "Epoch 1/1", 300, "images", 100, "iteration 1/3, ELBO -200.00")) {
            task.step(100, "iteration 2/3, ELBO -190.00");
            task.step(100, "iteration 3/3, ELBO -180.00");
        }
        String text = drawn.toString(StandardCharsets.UTF_8);
        List<String> frames = Arrays.stream(text.split("[\r\n]")).filter(f -> !f.isBlank()).toList();
        assertTrue(!frames.isEmpty(), "nothing drawn: '" + text + "'");
        String last = frames.get(frames.size() - 1);
        assertTrue(last.startsWith("Epoch 1/1 100%"), last);
        assertTrue(last.contains("300/300 img"), last);
        assertTrue(last.contains(" img/s iteration 3/3"), last); // the status, cut to the 80 columns of no terminal
        assertEquals(List.of(), messages(), "no log lines besides the bar");
    }

    @Test
    void durationsReadAsMinutesAndSecondsOrHours() {
        assertEquals("0:00", Progress.duration(0.2));
        assertEquals("1:05", Progress.duration(65));
        assertEquals("1:01:01", Progress.duration(3661));
    }
}
