package org.vae4j.console;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * A copy of vae4j's log lines in a file of the run's folder, appended to (a resumed run continues it), with dates:
 * {@code 2026-12-07 13:02:11 INFO  GAN epoch 3 (9.1s): ...}. Does nothing if SLF4J is not bound to Logback.
 */
public final class RunLog implements AutoCloseable {
    private final FileAppender<ILoggingEvent> appender;

    private RunLog(FileAppender<ILoggingEvent> appender) {
        this.appender = appender;
    }

    /**
     * Starts copying the {@code org.vae4j} log lines into {@code file} (its folder is created if needed).
     *
     * @param file the log file
     * @return the log; {@link #close} stops the copy
     */
    public static RunLog open(Path file) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return new RunLog(null);
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss} %-5level %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("run-log");
        appender.setFile(file.toAbsolutePath().toString());
        appender.setAppend(true);
        appender.setEncoder(encoder);
        appender.start();
        ((Logger) context.getLogger(Logging.OURS)).addAppender(appender);
        return new RunLog(appender);
    }

    @Override
    public void close() {
        if (appender != null) {
            ((Logger) ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logging.OURS))
                    .detachAppender(appender);
            appender.stop();
        }
    }
}
