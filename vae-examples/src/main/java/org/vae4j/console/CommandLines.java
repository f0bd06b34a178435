package org.vae4j.console;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.vae4j.train.TrainingDivergedException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Runs a picocli command the way {@code vae4j} and the example mains do: errors of use print one line and no stack
 * trace (with {@code --verbose}, where the command has it, the stack trace too). A wrong flag or value gives
 * picocli's message, its suggestions and where to find help, exit code 2; a missing or corrupt file (model, IDX,
 * MNIST), an invalid setting or diverged training gives the message of its typed exception, which names the file or
 * field, exit code 1.
 */
public final class CommandLines {

    private CommandLines() {
    }

    /**
     * A command line for a command, with one-line errors ({@link #configure}).
     *
     * @param command a picocli {@code @Command}
     * @return the command line
     */
    public static CommandLine of(Object command) {
        return configure(new CommandLine(command));
    }

    /**
     * Runs a command and exits the JVM with its exit code: 0 on success, 1 on an error while running, 2 on a usage
     * error.
     *
     * @param command a picocli {@code @Command}
     * @param args its arguments
     */
    public static void run(Object command, String[] args) {
        System.exit(of(command).execute(args));
    }

    /**
     * Sets the error handling of {@code vae4j} on a command line: usage errors print picocli's message, its
     * suggestions and a pointer to {@code --help} (exit code 2); a {@link java.nio.file.NoSuchFileException},
     * another {@link IOException}, an {@link IllegalArgumentException} or a {@link TrainingDivergedException} prints
     * its message on one line (exit code 1), with its stack trace if verbose. Applies {@code --verbose} before a
     * command runs.
     *
     * @param commandLine the command line (with its subcommands added)
     * @return {@code commandLine}
     */
    public static CommandLine configure(CommandLine commandLine) {
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler(CommandLines::usageError);
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
}
