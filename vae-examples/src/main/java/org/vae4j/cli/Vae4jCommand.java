package org.vae4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.vae4j.console.CommandLines;
import org.vae4j.console.Progress;
import org.vae4j.train.TrainingDivergedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code vae4j} command line: trains a VAE on MNIST or on any IDX image files, and samples, reconstructs,
 * interpolates, embeds, evaluates and scores anomalies with a saved model. It is the main class of
 * {@code vae-examples.jar}:
 * <pre>
 * java -Xmx2g -jar vae-examples/target/vae-examples.jar train --epochs 5 --latent-size 2 -o runs/latent2
 * java -jar vae-examples/target/vae-examples.jar sample --model runs/latent2/model.vae
 * </pre>
 * Without a command it trains the reference model on MNIST with the defaults ({@code vae4j train}).
 *
 * <p>Errors of use print one line and no stack trace (with {@code --verbose}, the stack trace too): a wrong flag or
 * value gives picocli's message, its suggestions and where to find help, exit code 2; a missing or corrupt file
 * (model, IDX, MNIST), an invalid setting or diverged training gives the message of its typed exception, which names
 * the file or field, exit code 1 ({@link CommandLines}, which the example mains use too).
 */
@Command(name = "vae4j", mixinStandardHelpOptions = true, versionProvider = Vae4jCommand.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        subcommands = {TrainCommand.class, GanCommand.class, SampleCommand.class, ReconstructCommand.class, InterpolateCommand.class,
                EmbedCommand.class, EvaluateCommand.class, ScoreCommand.class, DataCommand.class,
                CommandLine.HelpCommand.class},
        description = {"Variational autoencoders on MNIST or on your own IDX image files; GANs on MNIST.",
                "Without a command: train the reference model on MNIST (the same as 'vae4j train')."},
        footer = {"", "Examples (vae4j = java -Xmx2g -Xmn32m -XX:+UseSerialGC",
                "  --add-modules jdk.incubator.vector -jar vae-examples/target/vae-examples.jar):",
                "  vae4j train --epochs 5 -o runs/mnist",
                "  vae4j sample --model runs/mnist/model.vae",
                "  vae4j gan -o runs/gan   (90 epochs of the MLP GAN, grids and report)",
                "  vae4j evaluate --model runs/mnist/model.vae -k 100",
                "  vae4j score --model runs/wdbc/model.vae --csv test.csv --anomaly-labels malignant",
                "  vae4j train --images my-images.idx.gz --labels my-labels.idx.gz -o runs/mine",
                "  vae4j data wdbc   (prints the path of the WDBC CSV, downloaded and checked)",
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
        CommandLine cl = CommandLines.of(new Vae4jCommand());
        GanCommand.removeUnusedOptions(cl.getSubcommands().get("gan").getCommandSpec());
        return cl;
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
