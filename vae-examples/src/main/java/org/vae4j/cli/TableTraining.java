package org.vae4j.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.Evaluation;
import org.vae4j.TrainingResult;
import org.vae4j.Vae;
import org.vae4j.VaeConfig;
import org.vae4j.console.OutputFiles;
import org.vae4j.console.Progress;
import org.vae4j.console.TrainingProgress;
import org.vae4j.data.ImageShape;
import org.vae4j.data.table.TableDataset;
import org.vae4j.likelihood.MixedLikelihood;
import picocli.CommandLine;

/**
 * {@code vae4j train --csv FILE}: trains the MLP VAE of the train options on a CSV table with the
 * {@link MixedLikelihood} (numeric columns Gaussian with a per-row variance, binary Bernoulli, categorical softmax),
 * writes {@code model.vae} (with the table's preprocessing, which {@code evaluate --csv} and {@code embed --csv} use)
 * and checkpoints, and prints the evaluation of the test table (or the training table) with log p(x|z) by feature
 * group. No sample grids or report: those show images.
 */
final class TableTraining {
    private static final Logger log = LoggerFactory.getLogger(TableTraining.class);

    private final TrainCommand command;

    TableTraining(TrainCommand command) {
        this.command = command;
    }

    /**
     * @return the exit code, 0
     * @throws Exception as {@link TrainCommand#call()}
     */
    int run() throws Exception {
        TrainCommand c = command;
        CommandLine.ParseResult parsed = c.spec.commandLine().getParseResult();
        for (String imageOnly : new String[] {"--images", "--labels", "--test-images", "--test-labels", "--dataset",
            "--image-folder", "--test-image-folder", "--image-size", "--image-channels", "--likelihood", "--variance",
            "--dynamic-binarization", "--architecture", "--channels", "--conditional", "--train-size", "--test-size"}) {
            if (parsed != null && parsed.hasMatchedOption(imageOnly)) {
                throw new CommandLine.ParameterException(c.spec.commandLine(), imageOnly + " does not go with --csv"
                        + " (a table is trained with an MLP and the mixed likelihood)");
            }
        }
        Path out = c.options.start("table-vae");
        RunFolder folder = new RunFolder(out);
        Vae from = folder.start(c.run.resume, c.run.overwrite);
        TableDataset[] tables = c.table.load();
        TableDataset train = tables[0];
        TableDataset test = tables[1];
        VaeConfig config = c.config(ImageShape.vector(train.featureCount())).toBuilder()
                .likelihood(MixedLikelihood.of(train.preprocessing())).build();
        if (from != null) {
            folder.checkResumable(from, config);
            if (!train.preprocessing().equals(from.preprocessing().orElse(null))) {
                throw new IllegalArgumentException("--resume: the preprocessing fitted on " + c.table.csv
                        + " differs from the checkpoint's (a different table or column options)");
            }
        }
        // the inputs are valid: now the folder may change
        if (c.run.overwrite) {
            folder.deleteEarlierRun();
        }
        folder.removeTemporaries();
        Progress progress = c.parent != null ? c.parent.progress() : Progress.of(Progress.Mode.auto);
        TrainingResult result;
        try (TrainingProgress bar = new TrainingProgress(progress, config.epochs(), train.size(), config.batchSize(),
                config.objective().isLowerBound())) {
            result = folder.fit(c.trainer(config, folder, test != null, bar), from, train, test);
        }
        Vae vae = result.model();
        Path model = out.resolve(RunFolder.MODEL);
        vae.save(model);
        OutputFiles.wrote(model);
        TableDataset scored = test != null ? test : train;
        Evaluation evaluation = vae.evaluate(scored, 0, c.options.seed());
        log.info(String.format(Locale.ROOT, "%s table %s, nats per row:%n%s", test != null ? "Test" : "Training",
                scored.file().getFileName(), evaluation.describe()));
        return 0;
    }
}
