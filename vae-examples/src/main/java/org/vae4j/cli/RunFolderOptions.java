package org.vae4j.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The run-folder options that {@code train} and {@code gan} share, as a picocli mixin: {@code --time-limit},
 * {@code --resume}, {@code --overwrite} and {@code --checkpoint-every} ({@link RunFolder}). {@code --keep-last} stays
 * with each command, whose checkpoints differ ({@code train} keeps {@code best.vae} besides them), and so does the
 * check of {@code --checkpoint-every}, which each command words with its own options.
 */
public final class RunFolderOptions {
    @Option(names = "--time-limit", paramLabel = "MINUTES",
            description = "Stop after the epoch that would end past this budget (default: none; --epochs decides).")
    Double timeLimit;

    @Option(names = "--resume",
            description = "Continue the run in --output from its newest checkpoint (same options; --epochs may grow);"
                    + " with none there yet, start it.")
    boolean resume;

    @Option(names = "--overwrite",
            description = "Delete the model, checkpoints, report and images of another run in --output first"
                    + " (without it, such a folder is refused).")
    boolean overwrite;

    @Option(names = "--checkpoint-every", defaultValue = "1", paramLabel = "N",
            description = "Write a checkpoint every N epochs into <output>/checkpoints; 0: none"
                    + " (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    /**
     * The usage errors of {@code --resume} and {@code --overwrite}, the first one first.
     *
     * @param outputGiven whether {@code --output} was given
     * @return the problems, empty if there is none
     */
    List<String> problems(boolean outputGiven) {
        List<String> problems = new ArrayList<>();
        if (resume && !outputGiven) {
            problems.add("--resume needs the --output folder of the run to continue");
        }
        if (resume && overwrite) {
            problems.add("give either --resume or --overwrite, not both");
        }
        return problems;
    }

    /**
     * Checks {@code --time-limit}.
     *
     * @throws IllegalArgumentException if it is given and not a positive finite number of minutes
     */
    void checkTimeLimit() {
        if (timeLimit != null && (!(timeLimit > 0) || Double.isInfinite(timeLimit))) {
            throw new IllegalArgumentException("--time-limit must be a positive number of minutes, got " + timeLimit);
        }
    }

    /**
     * The time budget of {@code --time-limit}.
     *
     * @return the budget, or null if none was given
     */
    Duration timeLimit() {
        return timeLimit == null ? null : Duration.ofMillis(Math.round(timeLimit * 60_000));
    }
}
