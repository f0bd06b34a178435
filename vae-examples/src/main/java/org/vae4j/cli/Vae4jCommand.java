package org.vae4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.vae4j.train.TrainingDivergedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code vae4j} command line: trains a VAE on MNIST or on any IDX image files, and samples, reconstructs,
 * interpolates, embeds and evaluates with a saved model. It is the main class of {@code vae-examples.jar}:
 * <pre>
 * java -Xmx2g -jar vae-examples/target/vae-examples.jar train --epochs 5 --latent-size 2 -o runs/latent2
 * java -jar vae-examples/target/vae-examples.jar sample --model runs/latent2/model.vae
 * </pre>
 * Without a command it trains the reference model on MNIST with the defaults ({@code vae4j train}).
 *
 * <p>Errors of use print one line and no stack trace (with {@code --verbose}, the stack trace too): a wrong flag or
 * value gives picocli's message, its suggestions and where to find help, exit code 2; a missing or corrupt file
 * (model, IDX, MNIST), an invalid setting or diverged training gives the message of its typed exception, which names
 * the file or field, exit code 1.
 */
@Command(name = "vae4j", mixinStandardHelpOptions = true, versionProvider = Vae4jCommand.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        subcommands = {TrainCommand.class, SampleCommand.class, ReconstructCommand.class, InterpolateCommand.class,
                EmbedCommand.class, EvaluateCommand.class, CommandLine.HelpCommand.class},
        description = {"Variational autoencoders on MNIST or on your own IDX image files.",
                "Without a command: train the reference model on MNIST (the same as 'vae4j train')."},
        footer = {"", "Examples (vae4j = java -Xmx2g -jar vae-examples/target/vae-examples.jar):",
                "  vae4j train --epochs 5 -o runs/mnist",
                "  vae4j sample --model runs/mnist/model.vae",
                "  vae4j evaluate --model runs/mnist/model.vae -k 100",
                "  vae4j train --images my-images.idx.gz --labels my-labels.idx.gz -o runs/mine",
                "'vae4j help <command>' or 'vae4j <command> --help' shows a command's options."})
public final class Vae4jCommand implements Callable<Integer> {

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Log more: vae4j at DEBUG, DL4J/ND4J at INFO; stack traces with errors.")
    boolean verbose;

    @Option(names = "--progress", scope = ScopeType.INHERIT, defaultValue = "auto", paramLabel = "MODE",
            description = "Progress of training and evaluation: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}:"
                    + " a bar on a terminal, else a log line every 10 s).")
    Progress.Mode progress = Progress.Mode.auto;

    @Spec
    CommandSpec spec;

    /** Without a command: {@code train} with its defaults. */
    @Override
    public Integer call() {
        List<String> args = new ArrayList<>(List.of("--progress", progress.name()));
        if (verbose) {
            args.add("--verbose");
        }
        return spec.commandLine().getSubcommands().get("train").execute(args.toArray(String[]::new));
    }

    /** @return how to show progress, for the subcommands */
    Progress progress() {
        return Progress.of(progress);
    }

    /**
     * A command line for {@code vae4j}, with one-line errors (see the class comment).
     *
     * @return the command line
     */
    public static CommandLine commandLine() {
        return configure(new CommandLine(new Vae4jCommand()));
    }

    /**
     * Sets the error handling of {@code vae4j} on a command line (the example mains use it too): usage errors print
     * picocli's message, its suggestions and a pointer to {@code --help} (exit code 2); a
     * {@link java.nio.file.NoSuchFileException}, another {@link IOException}, an {@link IllegalArgumentException}
     * or a {@link TrainingDivergedException} prints its message on one line (exit code 1), with its stack trace if
     * verbose. Applies {@code --verbose} before a command runs.
     *
     * @param commandLine the command line (with its subcommands added)
     * @return {@code commandLine}
     */
    public static CommandLine configure(CommandLine commandLine) {
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler(Vae4jCommand::usageError);
        commandLine.setExecutionExceptionHandler((e, line, parseResult) -> {
            String message = message(e);
            if (message == null) {
                throw e;
            }
            PrintWriter err = line.getErr();
            err.println(line.getColorScheme().errorText("Error: " + message));
            if (Logging.isVerbose()) {
                e.printStackTrace(err);
            }
            err.flush();
            return line.getCommandSpec().exitCodeOnExecutionException();
        });
        commandLine.setExecutionStrategy(parseResult -> {
            Logging.verbose(isVerbose(parseResult));
            return new CommandLine.RunLast().execute(parseResult);
        });
        return commandLine;
    }

    /** --verbose anywhere on the command line (it is inherited, so it may follow the subcommand). */
    private static boolean isVerbose(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine line = e.getCommandLine();
        PrintWriter err = line.getErr();
        err.println(line.getColorScheme().errorText("Error: " + e.getMessage()));
        if (e instanceof UnmatchedArgumentException unmatched) {
            UnmatchedArgumentException.printSuggestions(unmatched, err);
            hintSubcommandOption(unmatched, err);
        }
        String name = line.getCommandSpec().qualifiedName();
        err.println("Try '" + name + " --help' for the options" + (line.getSubcommands().isEmpty() ? "."
                : ", or '" + name + " help <command>'."));
        err.flush();
        return line.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** {@code vae4j --epochs 3}: the option belongs to a command; say which. */
    private static void hintSubcommandOption(UnmatchedArgumentException e, PrintWriter err) {
        CommandLine line = e.getCommandLine();
        for (String arg : e.getUnmatched()) {
            String option = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (!option.startsWith("-")) {
                continue;
            }
            for (var sub : line.getSubcommands().entrySet()) {
                if (sub.getValue().getCommandSpec().findOption(option) != null && !(sub.getValue().getCommand()
                        instanceof CommandLine.HelpCommand)) {
                    err.println("'" + option + "' is an option of a command; put the command first, e.g. '"
                            + line.getCommandSpec().qualifiedName() + " " + sub.getKey() + " " + option + " ...'.");
                    return;
                }
            }
        }
    }

    /** The one-line message for an error of use, or null for a bug (which keeps its stack trace). */
    static String message(Exception e) {
        Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
        if (t instanceof NoSuchFileException f) {
            return "no such file: " + f.getFile() + (f.getReason() != null ? " (" + f.getReason() + ")" : "");
        }
        if (t instanceof AccessDeniedException f) {
            return "permission denied: " + f.getFile();
        }
        if (t instanceof FileSystemException f) {
            return f.getMessage();
        }
        if (t instanceof IOException || t instanceof IllegalArgumentException
                || t instanceof TrainingDivergedException) {
            return t.getMessage() != null ? t.getMessage() : t.toString();
        }
        return null;
    }

    /** The version from the jar's manifest (Implementation-Version), or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Vae4jCommand.class.getPackage().getImplementationVersion();
            return new String[] {"vae4j " + (version != null ? version : "(development build)"),
                    "Java " + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " "
                            + System.getProperty("os.arch")};
        }
    }

    /**
     * Runs {@code vae4j} and exits with its exit code: 0 on success, 1 on an error while running, 2 on a usage
     * error.
     *
     * @param args a command and its options; see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
