package org.vae4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.Vae;
import org.vae4j.anomaly.PcaBaseline;
import org.vae4j.data.Dataset;
import org.vae4j.data.table.CsvTable;
import org.vae4j.data.table.TableDataset;
import org.vae4j.data.table.TablePreprocessing;

/**
 * {@code vae4j score --pca N --fit-csv FILE}: the baseline beside the model's scores, the squared reconstruction
 * error of PCA with N components ({@link PcaBaseline}), fitted on the rows of {@code --fit-csv} read with the
 * model's saved table preprocessing, so that the PCA sees exactly the features the VAE sees (numeric columns
 * standardized with the training table's means and standard deviations, categorical ones one-hot). Every row of
 * the file is used, as {@code train} used every row of its table; the label column is not a feature.
 */
final class PcaScoring {
    private static final Logger log = LoggerFactory.getLogger(PcaScoring.class);

    /** The scores and a one-line description of the fitted baseline. */
    record Result(double[] scores, String description) {
    }

    private PcaScoring() {
    }

    /**
     * Checks the PCA options of a score command before anything is read.
     *
     * @throws IllegalArgumentException naming the option: {@code --pca} without {@code --fit-csv} or the other way
     *     round, {@code --pca} with {@code --reconstruction} or {@code -k} or without {@code --csv}, or fewer than 1
     *     component
     */
    static void check(ScoreCommand c) {
        if (c.pca == null) {
            if (c.fitCsv != null) {
                throw new IllegalArgumentException("--fit-csv goes with --pca N: the table the PCA is fitted on");
            }
            return;
        }
        if (c.fitCsv == null) {
            throw new IllegalArgumentException("--pca needs --fit-csv FILE: the table to fit the PCA on (the model's"
                    + " training table, e.g. train.csv)");
        }
        if (c.reconstruction || c.spec.commandLine().getParseResult().hasMatchedOption("-k")) {
            throw new IllegalArgumentException("--pca and " + (c.reconstruction ? "--reconstruction" : "-k")
                    + " are two different scores: give one");
        }
        if (!c.inputs.isTable()) {
            throw new IllegalArgumentException("--pca goes with --csv (a table model's inputs); for images, example"
                    + " 12 (anomaly/MnistAnomaly) compares PCA with the VAE");
        }
        if (c.pca < 1) {
            throw new IllegalArgumentException("--pca must be at least 1 component, got " + c.pca);
        }
    }

    /**
     * Fits the PCA on {@code fitCsv} and scores {@code data}.
     *
     * @param components principal components, at least 1 and at most the model's input features
     * @param fitCsv the table to fit on, with the model's columns
     * @param vae the model, whose saved preprocessing reads the table
     * @param data the examples to score, read with the same preprocessing, {@code [n, d]}
     * @return the squared reconstruction error per example, in squared standardized units, and a description
     * @throws IllegalArgumentException naming {@code --pca} if it asks for more components than features, or if the
     *     model holds no table preprocessing
     * @throws OptionFileException naming {@code --fit-csv} if the file does not exist or is a folder
     * @throws org.vae4j.data.table.TableFormatException naming the file, line and column of a bad cell
     * @throws IOException if the file cannot be read
     */
    static Result score(int components, Path fitCsv, Vae vae, Dataset data) throws IOException {
        TablePreprocessing preprocessing = vae.preprocessing().orElseThrow(() -> new IllegalArgumentException(
                "--pca: the model was not trained on a CSV table (its file holds no table preprocessing)"));
        if (Files.isDirectory(fitCsv)) {
            throw new OptionFileException("--fit-csv", fitCsv, "is a folder, not a CSV file", null);
        }
        TableDataset fit;
        try {
            fit = CsvTable.read(fitCsv, preprocessing);
        } catch (NoSuchFileException e) {
            throw new OptionFileException("--fit-csv", fitCsv, "no such file", e);
        }
        int features = fit.featureCount();
        if (components > features) {
            throw new IllegalArgumentException("--pca " + components + ": the model's preprocessing makes "
                    + features + " features, so at most " + features + " components");
        }
        PcaBaseline baseline = PcaBaseline.fit(fit, components);
        String description = String.format(Locale.ROOT, "PCA reconstruction error, %d components (%.1f%% of the"
                + " variance), fitted on %s (%,d rows)", components, 100 * baseline.explainedVariance(), fitCsv,
                fit.size());
        log.info(description);
        return new Result(baseline.score(data), description);
    }
}
