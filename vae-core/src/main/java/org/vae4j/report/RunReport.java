package org.vae4j.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.ConfigJson;
import org.vae4j.EpochRecord;
import org.vae4j.TrainingHistory;
import org.vae4j.TrainingListener;
import org.vae4j.Vae;
import org.vae4j.VaeConfig;
import org.vae4j.data.ImageShape;
import org.vae4j.image.ImageGrid;
import org.vae4j.io.AtomicFiles;
import org.vae4j.plot.TrainingCurves;
import org.vae4j.report.ReportSnapshot.Item;

/**
 * The report of one training run: a single self-contained HTML page, {@value #FILE_NAME} in the run's folder, that
 * a browser shows without a network or any other file. Every image is embedded as a {@code data:} URI and the page
 * has no scripts. Attach it to a trainer as a {@link TrainingListener}; after every epoch it rewrites the page
 * atomically ({@link AtomicFiles}: a temporary file, then a rename), so a browser reloading it during training
 * always sees a complete page. It shows
 * <ul>
 *   <li>a summary of the last epoch: the lower bound (ELBO), the reconstruction term E_q[log p(x|z)] and
 *       KL(q(z|x) || p(z)) on the training batches and the validation set, in nats per example, the time, and the
 *       active latent units with the KL per dimension ({@link EpochRecord#latent()});</li>
 *   <li>the configuration ({@link ConfigJson}), as a table and as JSON;</li>
 *   <li>the learning curves ({@link TrainingCurves}) and a table of every epoch (with its active units);</li>
 *   <li>with {@link Builder#images}: grids of images generated from the prior, after epoch 1, every
 *       {@link Builder#samplesEvery} epochs and after the last epoch, each also written as
 *       {@code samples-epoch-NNN.png} into the folder; and, with {@link Builder#reconstructions}, those images beside
 *       their reconstructions by the latest model, also written as {@value #RECONSTRUCTIONS_FILE};</li>
 *   <li>sections that a program adds with {@link #addFigure} and {@link #addText} (for example interpolations or a
 *       scatter plot of a 2-D latent space), in the order added, below the built-in ones.</li>
 * </ul>
 *
 * <pre>{@code
 * RunReport report = RunReport.builder(Path.of("runs/mnist"))
 *         .title("VAE on MNIST")
 *         .images(Mnist.SHAPE)                              // sample grids after epochs 1, 5, 10
 *         .reconstructions(test.first(32).features(), 8)    // [32, 784], 8 pairs per row
 *         .build();
 * Vae vae = new VaeTrainer(config).withListeners(report).fit(train, test).model();
 * report.addFigure("Latent space", "Test set, posterior means", LatentScatter.render(view, labels, "MNIST"));
 * }</pre>
 *
 * <p>A resumed run ({@link org.vae4j.VaeTrainer#resume}) gets the whole history from the model, so its curves start
 * at epoch 1; the sample grids of the epochs before the resume are read back from their PNG files in the folder.
 *
 * <p>Not thread-safe: the trainer calls it on its thread, and {@link #addFigure}/{@link #addText} are meant for the
 * same thread after training. A page that cannot be written stops training with an {@link UncheckedIOException}.
 *
 * <p>This class keeps the run's state and writes the files; each page is drawn from an immutable snapshot of that
 * state, with the style sheet {@code report.css} from the classpath inlined (see the package description).
 */
public final class RunReport implements TrainingListener {
    private static final Logger log = LoggerFactory.getLogger(RunReport.class);

    /** The report's file name in the run's folder. */
    public static final String FILE_NAME = "report.html";
    /** The file of the latest reconstructions. */
    public static final String RECONSTRUCTIONS_FILE = "reconstructions.png";

    private final Builder settings;
    private final Path file;
    /** PNG bytes of the sample grids by epoch. */
    private final TreeMap<Integer, byte[]> samples = new TreeMap<>();
    private byte[] reconstructions;
    private int reconstructionsEpoch;
    private final Map<String, List<Item>> sections = new LinkedHashMap<>();
    private VaeConfig config;
    private TrainingHistory history = new TrainingHistory(List.of());
    private boolean firstEpoch = true;
    private boolean announced;

    private RunReport(Builder settings) {
        this.settings = settings;
        this.file = settings.folder.resolve(FILE_NAME);
    }

    /**
     * Starts a report for the run whose output folder is {@code folder}.
     *
     * @param folder the run's folder; created when the first file is written
     * @return a builder
     */
    public static Builder builder(Path folder) {
        return new Builder(Objects.requireNonNull(folder, "folder").toAbsolutePath());
    }

    /**
     * @param epoch the epoch, from 1
     * @return the file name of the sample grid after that epoch, {@code samples-epoch-NNN.png}
     */
    public static String samplesFileName(int epoch) {
        return String.format(Locale.ROOT, "samples-epoch-%03d.png", epoch);
    }

    /** @return the report file, {@code <folder>/report.html} (absolute) */
    public Path file() {
        return file;
    }

    /**
     * Records the epoch, generates the sample grid if this epoch is due, reconstructs the chosen images, and
     * rewrites the page.
     *
     * @throws UncheckedIOException wrapping the {@link IOException} if an image or the page cannot be written
     */
    @Override
    public void epochDone(EpochRecord record, Vae model) {
        config = model.config();
        history = model.history();
        try {
            if (firstEpoch) {
                firstEpoch = false;
                readEarlierSamples(record.epoch());
            }
            int e = record.epoch();
            if (settings.shape != null) {
                if (e == 1 || e % settings.samplesEvery == 0 || e == config.epochs()) {
                    INDArray generated = settings.sampleConditions != null
                            ? model.generate(settings.sampleConditions, settings.sampleSeed)
                            : model.generate(settings.sampleCount, settings.sampleSeed);
                    BufferedImage grid = grid().columns(settings.sampleColumns).toImage(generated);
                    byte[] png = Html.png(grid);
                    Path samplesFile = settings.folder.resolve(samplesFileName(e));
                    AtomicFiles.write(samplesFile, out -> out.write(png));
                    samples.put(e, png);
                }
                if (settings.originals != null) {
                    BufferedImage pairs = grid().columns(settings.reconstructionColumns)
                            .toComparisonImage(settings.originals, model.reconstruct(settings.originals,
                                    settings.originalConditions));
                    byte[] png = Html.png(pairs);
                    AtomicFiles.write(settings.folder.resolve(RECONSTRUCTIONS_FILE), out -> out.write(png));
                    reconstructions = png;
                    reconstructionsEpoch = e;
                }
            }
            write();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Adds a figure to a section (created at the end of the page if new) and rewrites the page.
     *
     * @param section the section's heading, for example "Interpolations"
     * @param caption what the figure shows
     * @param image the figure; shown at its own size, or at most the page's width
     * @return the report file
     * @throws IOException if the page cannot be written
     */
    public Path addFigure(String section, String caption, BufferedImage image) throws IOException {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(caption, "caption");
        return add(section, Item.figure(caption, Html.png(image), image.getWidth()));
    }

    /**
     * Adds a PNG file written earlier (for example by {@link ImageGrid} or {@link org.vae4j.plot.LatentScatter}) as
     * a figure, embedding its bytes, and rewrites the page.
     *
     * @param section the section's heading
     * @param caption what the figure shows
     * @param png the PNG file
     * @return the report file
     * @throws IOException if the file cannot be read or is not an image, or the page cannot be written
     */
    public Path addFigure(String section, String caption, Path png) throws IOException {
        Objects.requireNonNull(png, "png");
        byte[] bytes = Files.readAllBytes(png);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        if (image == null) {
            throw new IOException(png + " is not an image that javax.imageio can read");
        }
        return add(section, Item.figure(Objects.requireNonNull(caption, "caption"), bytes, image.getWidth()));
    }

    /**
     * Adds a paragraph of text to a section (created at the end of the page if new) and rewrites the page. Lines
     * are kept as they are (monospaced), so aligned tables printed by a program stay aligned.
     *
     * @param section the section's heading
     * @param text the text, escaped for HTML here
     * @return the report file
     * @throws IOException if the page cannot be written
     */
    public Path addText(String section, String text) throws IOException {
        return add(section, Item.text(Objects.requireNonNull(text, "text")));
    }

    private Path add(String section, Item item) throws IOException {
        Objects.requireNonNull(section, "section");
        sections.computeIfAbsent(section, s -> new ArrayList<>()).add(item);
        return write();
    }

    /**
     * Writes the page now, atomically.
     *
     * @return the report file
     * @throws IOException if it cannot be written
     */
    public Path write() throws IOException {
        String html = html();
        Path written = AtomicFiles.write(file, out -> out.write(html.getBytes(StandardCharsets.UTF_8)));
        if (!announced) {
            announced = true;
            log.info("Run report: {} (rewritten after every epoch)", file.toUri());
        }
        return written;
    }

    /** After a resume: the sample grids of earlier epochs, from the PNG files written then. */
    private void readEarlierSamples(int firstEpochHere) throws IOException {
        if (settings.shape == null) {
            return;
        }
        for (int e = 1; e < firstEpochHere; e++) {
            Path earlier = settings.folder.resolve(samplesFileName(e));
            if (Files.isRegularFile(earlier)) {
                samples.put(e, Files.readAllBytes(earlier));
            }
        }
        if (!samples.isEmpty()) {
            log.info("Report: sample grids of epochs {} read from {}", samples.keySet(), settings.folder);
        }
    }

    private ImageGrid grid() {
        return ImageGrid.of(settings.shape);
    }

    /** @return the page's HTML, drawn from the report's state now */
    String html() throws IOException {
        return ReportPage.render(snapshot());
    }

    /** @return the report's state now, for the page */
    ReportSnapshot snapshot() {
        return new ReportSnapshot(settings.title, settings.folder, ZonedDateTime.now(), config, history,
                settings.sampleCount, settings.sampleSeed, samples, reconstructions,
                settings.originals == null ? 0 : settings.originals.rows(), reconstructionsEpoch, sections);
    }

    /**
     * What a {@link RunReport} shows besides the curves and the configuration. Without {@link #images} it shows no
     * sample grids and no reconstructions.
     */
    public static final class Builder {
        private final Path folder;
        private String title = "vae4j training run";
        private ImageShape shape;
        private int sampleCount = 64;
        private int sampleColumns = 8;
        private long sampleSeed;
        private int samplesEvery = 5;
        private INDArray originals;
        private int reconstructionColumns = 8;
        private INDArray sampleConditions;
        private INDArray originalConditions;

        private Builder(Path folder) {
            this.folder = folder;
        }

        /**
         * @param title the page's title and heading; default "vae4j training run"
         * @return this builder
         */
        public Builder title(String title) {
            this.title = Objects.requireNonNull(title, "title");
            return this;
        }

        /**
         * Shows sample grids: the data are images of this shape (the model's input size must be
         * {@code shape.size()}).
         *
         * @param shape the shape of one image, 1 or 3 channels ({@link ImageGrid})
         * @return this builder
         * @throws IllegalArgumentException if the shape has neither 1 nor 3 channels
         */
        public Builder images(ImageShape shape) {
            ImageGrid.of(shape);
            this.shape = shape;
            return this;
        }

        /**
         * Sets the sample grids: {@code count} images generated from the same prior draws every time.
         *
         * @param count images per grid, default 64
         * @param columns images per row, default 8
         * @param seed seed of the prior draws, default 0
         * @return this builder
         * @throws IllegalArgumentException if {@code count} or {@code columns} is not positive
         */
        public Builder samples(int count, int columns, long seed) {
            if (count <= 0 || columns <= 0) {
                throw new IllegalArgumentException("RunReport samples: count and columns must be positive, got "
                        + count + " and " + columns);
            }
            this.sampleCount = count;
            this.sampleColumns = columns;
            this.sampleSeed = seed;
            return this;
        }

        /**
         * @param epochs write a sample grid every this many epochs, besides after epoch 1 and the last epoch;
         *     default 5
         * @return this builder
         * @throws IllegalArgumentException if {@code epochs} is not positive
         */
        public Builder samplesEvery(int epochs) {
            if (epochs <= 0) {
                throw new IllegalArgumentException("RunReport samplesEvery must be positive, got " + epochs);
            }
            this.samplesEvery = epochs;
            return this;
        }

        /**
         * Shows these images beside their reconstructions by the latest model (needs {@link #images}).
         *
         * @param originals the images, {@code [n, shape.size()]} in [0, 1] (kept, not copied)
         * @param columns pairs per row
         * @return this builder
         * @throws IllegalArgumentException if {@code originals} is not a non-empty matrix or {@code columns} is not
         *     positive
         */
        public Builder reconstructions(INDArray originals, int columns) {
            Objects.requireNonNull(originals, "originals");
            if (originals.rank() != 2 || originals.rows() == 0 || columns <= 0) {
                throw new IllegalArgumentException("RunReport reconstructions: need [n, features] images with n > 0"
                        + " and positive columns, got shape " + java.util.Arrays.toString(originals.shape())
                        + " and " + columns + " columns");
            }
            this.originals = originals;
            this.reconstructionColumns = columns;
            return this;
        }

        /**
         * For a conditional VAE ({@link org.vae4j.VaeConfig#conditionSize()} &gt; 0): the condition y of each
         * generated image (z ~ p(z), decoded given y: {@link Vae#generate(INDArray, long)}) and of each
         * reconstructed image ({@link Vae#reconstruct(INDArray, INDArray)}), e.g. one-hot labels.
         *
         * @param samples {@code [count, conditionSize]}, one row per image of the sample grid (see {@link #samples})
         * @param reconstructions {@code [n, conditionSize]}, one row per image given to {@link #reconstructions}, or
         *     null if there are none
         * @return this builder
         * @throws IllegalArgumentException if {@code samples} is not a non-empty matrix
         */
        public Builder conditions(INDArray samples, INDArray reconstructions) {
            Objects.requireNonNull(samples, "samples");
            if (samples.rank() != 2 || samples.rows() == 0) {
                throw new IllegalArgumentException("RunReport conditions: need [count, conditionSize] sample"
                        + " conditions, got shape " + java.util.Arrays.toString(samples.shape()));
            }
            this.sampleConditions = samples;
            this.originalConditions = reconstructions;
            return this;
        }

        /**
         * @return the report, to add to a trainer with {@link org.vae4j.VaeTrainer#withListeners}
         * @throws IllegalStateException if reconstructions are set without {@link #images}, or their width differs
         *     from the image shape's size, or the {@link #conditions} do not have one row per sample or
         *     reconstructed image
         */
        public RunReport build() {
            if (sampleConditions != null) {
                if (sampleConditions.rows() != sampleCount || originals != null && (originalConditions == null
                        || originalConditions.rows() != originals.rows())) {
                    throw new IllegalStateException("RunReport conditions need one row per sample (" + sampleCount
                            + ") and per reconstructed image (" + (originals == null ? 0 : originals.rows())
                            + "), got " + sampleConditions.rows() + " and "
                            + (originalConditions == null ? "none" : originalConditions.rows()));
                }
            }
            if (originals != null) {
                if (shape == null) {
                    throw new IllegalStateException("RunReport reconstructions need images(shape) to draw them");
                }
                if (originals.columns() != shape.size()) {
                    throw new IllegalStateException("RunReport reconstructions have " + originals.columns()
                            + " features per image but the image shape " + shape + " has " + shape.size());
                }
            }
            return new RunReport(this);
        }
    }
}
