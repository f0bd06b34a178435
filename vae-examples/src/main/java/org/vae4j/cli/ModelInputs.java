package org.vae4j.cli;

import java.io.IOException;
import org.vae4j.Vae;
import org.vae4j.data.Dataset;
import org.vae4j.data.ImageDataset;
import picocli.CommandLine.Mixin;

/**
 * The inputs of a command that runs a model on a dataset (evaluate, embed, score), as a picocli mixin: the images
 * of {@link InputData} (MNIST, {@code --images}, {@code --image-folder}) or the {@code --csv} table of
 * {@link CsvInput}.
 */
final class ModelInputs {
    @Mixin
    InputData input = new InputData();

    @Mixin
    CsvInput table = new CsvInput();

    /** @return true if {@code --csv} was given: the inputs are a table's rows, not images */
    boolean isTable() {
        return table.given();
    }

    /**
     * Reads the table ({@link CsvInput#load}) or the images ({@link InputData#load}); for a conditional model, checks
     * now that the images have the labels it needs ({@link Conditions#of}).
     *
     * @param vae the model that will read them
     * @return the rows or images, with labels if the inputs have them
     * @throws IllegalArgumentException if the options contradict each other, the inputs do not fit the model, or a
     *     conditional model's images have no labels (the message names the option or the file)
     * @throws IOException naming the file if it cannot be read
     */
    Dataset load(Vae vae) throws IOException {
        if (table.given()) {
            return table.load(vae, input); // a table model is not conditional
        }
        ImageDataset images = input.load(vae);
        Conditions.of(vae, images, input.description()); // a conditional model needs the labels: say so now
        return images;
    }

    /** @return what {@link #load} read, for messages: the CSV file, or e.g. "the MNIST test set" */
    String description() {
        return table.given() ? table.csv.toString() : input.description();
    }

    /** @return "row" for a table, "image" otherwise */
    String unit() {
        return table.given() ? "row" : "image";
    }
}
