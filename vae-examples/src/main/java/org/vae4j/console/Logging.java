package org.vae4j.console;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Switches the log levels between the quiet default of {@code logback.xml} (vae4j at INFO; DL4J, ND4J and JavaCPP at
 * WARN) and {@code --verbose} (vae4j at DEBUG; DL4J, ND4J and JavaCPP at INFO, which shows their start-up report:
 * backend, BLAS, threads, memory). Does nothing if SLF4J is not bound to Logback.
 */
final class Logging {
    /** Loggers of the libraries whose INFO output {@code --verbose} shows. */
    static final List<String> LIBRARIES = List.of("org.nd4j", "org.deeplearning4j", "org.bytedeco");
    /** Our loggers, at DEBUG with {@code --verbose}. */
    static final String OURS = "org.vae4j";

    /** The levels {@code logback.xml} set, recorded before the first change. */
    private static Map<String, Level> configured;

    private Logging() {
    }

    /**
     * @param verbose true: our DEBUG and the libraries' INFO; false: the levels of {@code logback.xml}
     */
    static synchronized void verbose(boolean verbose) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        if (configured == null) {
            configured = new LinkedHashMap<>();
            configured.put(OURS, context.getLogger(OURS).getLevel());
            LIBRARIES.forEach(name -> configured.put(name, context.getLogger(name).getLevel()));
        }
        if (verbose) {
            context.getLogger(OURS).setLevel(Level.DEBUG);
            LIBRARIES.forEach(name -> context.getLogger(name).setLevel(Level.INFO));
        } else {
            configured.forEach((name, level) -> context.getLogger(name).setLevel(level));
        }
    }

    /** @return whether our loggers are at DEBUG */
    static boolean isVerbose() {
        return LoggerFactory.getLogger(OURS).isDebugEnabled();
    }

    /** @return the Logback logger of that name (for tests) */
    static Logger logger(String name) {
        return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(name);
    }
}
