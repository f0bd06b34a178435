package org.vae4j.console;

import java.io.IOException;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.ImageShape;
import org.vae4j.data.OneHot;
import org.vae4j.data.mnist.Mnist;
import org.vae4j.image.ImageGrid;
import org.vae4j.report.RunReport;

/**
 * The files a run writes into its output folder, each logged as it is written ({@code Wrote <file>}): the run report,
 * image grids and images beside their reconstructions. {@code vae4j} and the example mains write theirs here.
 */
public final class OutputFiles {
    private static final Logger log = LoggerFactory.getLogger(OutputFiles.class);

    private OutputFiles() {
    }

    /**
     * The run report every training run writes into its output folder ({@code report.html}): the configuration,
     * the learning curves, grids of 64 digits generated from the same prior draws after epoch 1, every
     * {@code samplesEvery} epochs and after the last epoch ({@code samples-epoch-NNN.png}), and the first 32
     * validation images beside their reconstructions ({@code reconstructions.png}). Add it to the trainer, then add
     * the run's own figures with {@link RunReport#addFigure}.
     *
     * @param out the output folder
     * @param title the page's title
     * @param validation the validation images, whose first 32 are reconstructed
     * @param seed the seed of the prior draws
     * @param samplesEvery epochs between sample grids
     * @return the report
     */
    public static RunReport report(Path out, String title, ImageDataset validation, long seed, int samplesEvery) {
        return report(out, title, validation, Mnist.SHAPE, seed, samplesEvery);
    }

    /**
     * A run report for images of any shape, as {@link #report(Path, String, ImageDataset, long, int)}.
     *
     * @param out the output folder
     * @param title the page title
     * @param validation the images whose reconstructions the report shows (the first 32)
     * @param shape the images' shape
     * @param seed seeds the sample grids
     * @param samplesEvery a sample grid every this many epochs (and after epoch 1 and the last)
     * @return the report, to attach to the trainer
     */
    public static RunReport report(Path out, String title, ImageDataset validation, ImageShape shape, long seed,
            int samplesEvery) {
        return RunReport.builder(out).title(title).images(shape).samples(64, 8, seed).samplesEvery(samplesEvery)
                .reconstructions(validation.first(Math.min(32, validation.size())).features(), 8).build();
    }

    /**
     * The run report of a conditional VAE conditioned on one-hot labels, as
     * {@link #report(Path, String, ImageDataset, ImageShape, long, int)}: its sample grids have one row of 8 images
     * per label (the first 16 labels), and the first 32 validation images are reconstructed given their labels.
     *
     * @param out the output folder
     * @param title the page title
     * @param validation the labelled images whose reconstructions the report shows (the first 32)
     * @param seed seeds the sample grids
     * @param samplesEvery a sample grid every this many epochs (and after epoch 1 and the last)
     * @param classes the number of labels, the model's condition size
     * @return the report, to attach to the trainer
     * @throws IllegalArgumentException if a validation image has no label or one outside {@code [0, classes)}
     */
    public static RunReport conditionalReport(Path out, String title, ImageDataset validation, long seed,
            int samplesEvery, int classes) {
        int rows = Math.min(classes, 16);
        int[] labels = new int[rows * 8];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i / 8;
        }
        ImageDataset shown = validation.first(Math.min(32, validation.size()));
        return RunReport.builder(out).title(title).images(validation.shape()).samples(labels.length, 8, seed)
                .samplesEvery(samplesEvery).reconstructions(shown.features(), 8)
                .conditions(OneHot.encode(labels, classes), OneHot.of(shown, classes, "the validation set")).build();
    }

    /**
     * Writes MNIST images as a PNG grid and logs the file.
     *
     * @param images the images, {@code [n, 784]} in [0, 1]
     * @param columns images per row
     * @param scale pixel magnification
     * @param file the PNG file
     * @return {@code file}
     * @throws IOException if the file cannot be written
     */
    public static Path writeGrid(INDArray images, int columns, int scale, Path file) throws IOException {
        return writeGrid(images, Mnist.SHAPE, columns, scale, file);
    }

    /**
     * Writes images of any shape as a PNG grid and logs the file.
     *
     * @param images the images, {@code [n, shape.size()]} in [0, 1]
     * @param shape the images' shape
     * @param columns images per row
     * @param scale pixel magnification
     * @param file the PNG file
     * @return {@code file}
     * @throws IOException if the file cannot be written
     */
    public static Path writeGrid(INDArray images, ImageShape shape, int columns, int scale, Path file)
            throws IOException {
        ImageGrid.of(shape).columns(columns).scale(scale).write(images, file);
        return wrote(file);
    }

    /**
     * Writes MNIST images beside their reconstructions as a PNG (each original with its reconstruction to its
     * right) and logs the file.
     *
     * @param originals the images, {@code [n, 784]}
     * @param reconstructions their reconstructions, {@code [n, 784]}
     * @param columns pairs per row
     * @param file the PNG file
     * @return {@code file}
     * @throws IOException if the file cannot be written
     */
    public static Path writeComparison(INDArray originals, INDArray reconstructions, int columns, Path file)
            throws IOException {
        return writeComparison(originals, reconstructions, Mnist.SHAPE, columns, file);
    }

    /**
     * Writes images of any shape beside their reconstructions as a PNG and logs the file.
     *
     * @param originals the images, {@code [n, shape.size()]}
     * @param reconstructions their reconstructions, {@code [n, shape.size()]}
     * @param shape the images' shape
     * @param columns pairs per row
     * @param file the PNG file
     * @return {@code file}
     * @throws IOException if the file cannot be written
     */
    public static Path writeComparison(INDArray originals, INDArray reconstructions, ImageShape shape, int columns,
            Path file) throws IOException {
        ImageGrid.of(shape).columns(columns).writeComparison(originals, reconstructions, file);
        return wrote(file);
    }

    /**
     * Logs that a file was written.
     *
     * @param file the file
     * @return {@code file}
     */
    public static Path wrote(Path file) {
        log.info("Wrote {}", file);
        return file;
    }
}
