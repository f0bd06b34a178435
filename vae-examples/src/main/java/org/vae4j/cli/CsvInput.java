package org.vae4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.Vae;
import org.vae4j.data.table.CsvTable;
import org.vae4j.data.table.TableDataset;
import org.vae4j.data.table.TablePreprocessing;
import picocli.CommandLine.Option;

/**
 * A CSV table a model command works on instead of images, as a picocli mixin: {@code --csv FILE}, read with the
 * preprocessing saved in the model file (the training table's standardization and categories).
 */
public final class CsvInput {
    private static final Logger log = LoggerFactory.getLogger(CsvInput.class);

    @Option(names = "--csv", paramLabel = "FILE",
            description = "CSV table to use instead of images, read with the model's saved preprocessing (a model"
                    + " trained with train --csv).")
    Path csv;

    /** @return true if {@code --csv} was given */
    boolean given() {
        return csv != null;
    }

    /**
     * Reads the table with the model's preprocessing.
     *
     * @param vae the model
     * @param images the image options of the same command, which must be unused
     * @return the rows, with labels if the table has the model's label column
     * @throws IllegalArgumentException if image options are given too, or the model was not trained on a table
     * @throws org.vae4j.data.table.TableFormatException naming the file, line and column: a missing column, an
     *     unseen category, a non-numeric cell, ...
     * @throws IOException if the file cannot be read
     */
    TableDataset load(Vae vae, InputData images) throws IOException {
        if (images.images != null || images.labels != null || images.dataset != null || images.folder.given()) {
            throw new IllegalArgumentException("give either --csv or --images/--image-folder/--dataset, not both");
        }
        TablePreprocessing preprocessing = vae.preprocessing().orElseThrow(() -> new IllegalArgumentException(
                "the model was not trained on a CSV table (its file holds no table preprocessing): give images"));
        TableDataset data = CsvTable.read(csv, preprocessing);
        if (images.limit != null) {
            if (images.limit < 1) {
                throw new IllegalArgumentException("--limit must be positive, got " + images.limit);
            }
            data = data.first(images.limit);
        }
        log.info("{}: {} rows{}", csv, data.size(), data.hasLabels() ? ", labels from " + preprocessing
                .labelColumn() : "");
        return data;
    }
}
