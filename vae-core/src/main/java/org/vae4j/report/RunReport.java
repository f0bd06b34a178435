package org.vae4j.report;

import static org.apache.commons.text.StringEscapeUtils.escapeHtml4;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
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
import org.vae4j.ElboSummary;
import org.vae4j.EpochRecord;
import org.vae4j.LatentDiagnostics;
import org.vae4j.TrainingHistory;
import org.vae4j.TrainingListener;
import org.vae4j.Vae;
import org.vae4j.VaeConfig;
import org.vae4j.data.ImageShape;
import org.vae4j.image.ImageGrid;
import org.vae4j.io.AtomicFiles;
import org.vae4j.plot.TrainingCurves;

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
 */
public final class RunReport implements TrainingListener {
    private static final Logger log = LoggerFactory.getLogger(RunReport.class);

    /** The report's file name in the run's folder. */
    public static final String FILE_NAME = "report.html";
    /** The file of the latest reconstructions. */
    public static final String RECONSTRUCTIONS_FILE = "reconstructions.png";
    /** On-screen magnification of image grids (pixel art: drawn without smoothing). */
    static final int GRID_ZOOM = 2;

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

    /** A figure (PNG bytes) or a paragraph of text in an added section. */
    private record Item(String caption, byte[] png, int width, String text) {
    }

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
                    INDArray generated = model.generate(settings.sampleCount, settings.sampleSeed);
                    BufferedImage grid = grid().columns(settings.sampleColumns).toImage(generated);
                    byte[] png = png(grid);
                    Path samplesFile = settings.folder.resolve(samplesFileName(e));
                    AtomicFiles.write(samplesFile, out -> out.write(png));
                    samples.put(e, png);
                }
                if (settings.originals != null) {
                    BufferedImage pairs = grid().columns(settings.reconstructionColumns)
                            .toComparisonImage(settings.originals, model.reconstruct(settings.originals));
                    byte[] png = png(pairs);
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
        return add(section, new Item(Objects.requireNonNull(caption, "caption"), png(image), image.getWidth(), null));
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
        return add(section, new Item(Objects.requireNonNull(caption, "caption"), bytes, image.getWidth(), null));
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
        return add(section, new Item(null, null, 0, Objects.requireNonNull(text, "text")));
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

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", bytes)) {
            throw new IOException("javax.imageio has no PNG writer");
        }
        return bytes.toByteArray();
    }

    private static String dataUri(byte[] png) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    }

    // ---------------------------------------------------------------------------------------------------- the page

    /** @return the page's HTML */
    String html() throws IOException {
        Page p = new Page();
        List<EpochRecord> epochs = history.epochs();
        boolean bound = config == null || config.objective().isLowerBound();
        p.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .raw("<link rel=\"icon\" href=\"data:,\">\n<title>").text(settings.title).raw("</title>\n")
                .raw("<style>\n").raw(CSS).raw("</style>\n</head>\n<body>\n");
        p.raw("<header><h1>").text(settings.title).raw("</h1>\n<p class=\"meta\">");
        if (epochs.isEmpty()) {
            p.text("No epoch has finished yet.");
        } else {
            p.text(String.format(Locale.ROOT, "After epoch %d of %d", epochs.size(), config.epochs()));
            if (epochs.size() == config.epochs()) {
                p.text(" (training finished)");
            }
        }
        p.text(". Written " + ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + " into " + settings.folder + ".").raw("</p>\n");
        p.raw("<nav>");
        List<String[]> toc = new ArrayList<>();
        toc.add(new String[] {"summary", "Summary"});
        toc.add(new String[] {"configuration", "Configuration"});
        toc.add(new String[] {"curves", "Learning curves"});
        if (!samples.isEmpty()) {
            toc.add(new String[] {"samples", "Samples"});
        }
        if (reconstructions != null) {
            toc.add(new String[] {"reconstructions", "Reconstructions"});
        }
        int n = 0;
        for (String s : sections.keySet()) {
            toc.add(new String[] {"section-" + (++n), s});
        }
        for (String[] t : toc) {
            p.raw("<a href=\"#").raw(t[0]).raw("\">").text(t[1]).raw("</a> ");
        }
        p.raw("</nav>\n</header>\n<main>\n");

        summary(p, epochs, bound);
        configuration(p);
        curves(p, epochs, bound);
        if (!samples.isEmpty()) {
            p.raw("<section id=\"samples\">\n<h2>Samples</h2>\n<p>").text(String.format(Locale.ROOT,
                    "%d images decoded from the same %d draws z ~ p(z) (seed %d) after each of these epochs: what the"
                    + " model generates, and how that changed during training.", settings.sampleCount,
                    settings.sampleCount, settings.sampleSeed)).raw("</p>\n<div class=\"row\">\n");
            for (Map.Entry<Integer, byte[]> s : samples.entrySet()) {
                p.figure(s.getValue(), gridWidth(s.getValue()), "After epoch " + s.getKey() + " ("
                        + samplesFileName(s.getKey()) + ")", true);
            }
            p.raw("</div>\n</section>\n");
        }
        if (reconstructions != null) {
            p.raw("<section id=\"reconstructions\">\n<h2>Reconstructions</h2>\n<p>").text(String.format(Locale.ROOT,
                    "%d images, each with its reconstruction to its right (the likelihood's mean decoded from the"
                    + " posterior mean of z; Vae.reconstruct) after epoch %d.", settings.originals.rows(), reconstructionsEpoch))
                    .raw("</p>\n");
            p.figure(reconstructions, gridWidth(reconstructions), RECONSTRUCTIONS_FILE, true);
            p.raw("</section>\n");
        }
        n = 0;
        for (Map.Entry<String, List<Item>> s : sections.entrySet()) {
            p.raw("<section id=\"section-").raw(Integer.toString(++n)).raw("\">\n<h2>").text(s.getKey())
                    .raw("</h2>\n<div class=\"row\">\n");
            for (Item item : s.getValue()) {
                if (item.png() != null) {
                    p.figure(item.png(), item.width(), item.caption(), false);
                } else {
                    p.raw("<pre class=\"text\">").text(item.text()).raw("</pre>\n");
                }
            }
            p.raw("</div>\n</section>\n");
        }
        p.raw("</main>\n<footer>Written by vae4j's RunReport. Self-contained: every image is embedded in this file."
                + "</footer>\n</body>\n</html>\n");
        return p.toString();
    }

    private void summary(Page p, List<EpochRecord> epochs, boolean bound) {
        p.raw("<section id=\"summary\">\n<h2>Summary</h2>\n");
        if (epochs.isEmpty()) {
            p.raw("<p>No epoch has finished yet.</p>\n</section>\n");
            return;
        }
        EpochRecord last = epochs.get(epochs.size() - 1);
        p.raw("<table class=\"numbers\">\n<tr><th></th>");
        if (bound) {
            p.raw("<th>lower bound (ELBO)</th><th>E<sub>q</sub>[log p(x|z)]</th><th>KL(q(z|x) || p(z))</th>");
        } else {
            p.raw("<th>reconstruction log p(x|z) (autoencoder: no KL term, not a bound)</th>");
        }
        p.raw("</tr>\n");
        summaryRow(p, "training batches, epoch " + last.epoch(), last.train(), bound);
        if (last.validation() != null) {
            summaryRow(p, "validation set after epoch " + last.epoch(), last.validation(), bound);
        }
        p.raw("</table>\n<p class=\"note\">").text("Nats per example. Training figures are averaged over the epoch's"
                + " mini-batches while the parameters change; validation figures are the model's after the epoch.")
                .raw("</p>\n");
        double total = epochs.stream().mapToDouble(EpochRecord::seconds).sum();
        double[] sorted = epochs.stream().mapToDouble(EpochRecord::seconds).sorted().toArray();
        p.raw("<p>").text(String.format(Locale.ROOT, "%d epoch%s, %d parameter updates, %.1f s of training (median"
                + " %.1f s per epoch).", epochs.size(), epochs.size() == 1 ? "" : "s", last.iterations(), total,
                sorted[sorted.length / 2]));
        if (last.latent() != null) {
            LatentDiagnostics latent = last.latent();
            p.text(String.format(Locale.ROOT, " Active latent units after epoch %d: %d of %d (Cov_x E_q[z_u] > %s;"
                    + " Burda et al. 2016); KL per dimension %s nats.", last.epoch(), latent.activeUnits(),
                    latent.latentSize(), LatentDiagnostics.ACTIVITY_THRESHOLD, klList(latent.klPerDimension())));
        }
        p.raw("</p>\n</section>\n");
    }

    private static String klList(double[] kl) {
        List<String> values = new ArrayList<>();
        for (double v : kl) {
            values.add(String.format(Locale.ROOT, "%.2f", v));
        }
        return "[" + String.join(", ", values) + "]";
    }

    private static void summaryRow(Page p, String what, ElboSummary s, boolean bound) {
        p.raw("<tr><td>").text(what).raw("</td>");
        if (bound) {
            p.num(s.elbo()).num(s.logLikelihood()).num(s.kl());
        } else {
            p.num(s.logLikelihood());
        }
        p.raw("</tr>\n");
    }

    private void configuration(Page p) throws IOException {
        p.raw("<section id=\"configuration\">\n<h2>Configuration</h2>\n");
        if (config == null) {
            p.raw("<p>Not known before the first epoch.</p>\n</section>\n");
            return;
        }
        String json = ConfigJson.write(config);
        JsonNode tree = new ObjectMapper().readTree(json);
        p.raw("<table class=\"config\">\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode v = f.getValue();
            p.raw("<tr><th>").text(f.getKey()).raw("</th><td><code>").text(readable(v)).raw("</code></td></tr>\n");
        }
        p.raw("</table>\n<details><summary>As JSON (ConfigJson.read reads it back)</summary>\n<pre>").text(json)
                .raw("</pre></details>\n</section>\n");
    }

    /**
     * A configuration value as a reader would write it: {@code MlpEncoder(hiddenSizes=[512], activation=RELU)} for
     * {@code {"@class":"org.vae4j.nn.MlpEncoder","hiddenSizes":[512],"activation":"RELU"}}.
     */
    static String readable(JsonNode v) {
        if (v.isObject()) {
            StringBuilder b = new StringBuilder();
            JsonNode type = v.get("@class");
            if (type != null) {
                String name = type.asText();
                b.append(name.substring(name.lastIndexOf('.') + 1));
            }
            b.append('(');
            String sep = "";
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (!f.getKey().equals("@class")) {
                    b.append(sep).append(f.getKey()).append('=').append(readable(f.getValue()));
                    sep = ", ";
                }
            }
            return b.append(')').toString();
        }
        if (v.isArray()) {
            List<String> items = new ArrayList<>();
            v.forEach(e -> items.add(readable(e)));
            return "[" + String.join(", ", items) + "]";
        }
        return v.asText();
    }

    private void curves(Page p, List<EpochRecord> epochs, boolean bound) throws IOException {
        p.raw("<section id=\"curves\">\n<h2>Learning curves</h2>\n");
        if (epochs.isEmpty()) {
            p.raw("<p>Drawn after the first epoch.</p>\n</section>\n");
            return;
        }
        BufferedImage chart = TrainingCurves.render(history, config.objective());
        p.raw("<div class=\"row\">\n");
        p.figure(png(chart), chart.getWidth(), bound ? "The lower bound and its two terms per epoch, nats per example"
                : "The autoencoder's reconstruction log-likelihood per epoch, nats per example", false);
        p.raw("</div>\n<table class=\"numbers\">\n<tr><th>epoch</th><th>seconds</th><th>train ");
        p.raw(bound ? "ELBO" : "log p(x|z)").raw("</th>");
        boolean validation = epochs.stream().allMatch(r -> r.validation() != null);
        if (validation) {
            p.raw(bound ? "<th>validation ELBO</th><th>validation log p(x|z)</th><th>validation KL</th>"
                    : "<th>validation log p(x|z)</th>");
        }
        boolean latent = epochs.stream().allMatch(r -> r.latent() != null);
        if (latent) {
            p.raw("<th>active units</th>");
        }
        p.raw("</tr>\n");
        for (EpochRecord r : epochs) {
            p.raw("<tr><td>").raw(Integer.toString(r.epoch())).raw("</td>")
                    .raw(String.format(Locale.ROOT, "<td>%.1f</td>", r.seconds()))
                    .num(bound ? r.train().elbo() : r.train().logLikelihood());
            if (validation) {
                if (bound) {
                    p.num(r.validation().elbo()).num(r.validation().logLikelihood()).num(r.validation().kl());
                } else {
                    p.num(r.validation().logLikelihood());
                }
            }
            if (latent) {
                p.raw("<td>").raw(r.latent().activeUnits() + " of " + r.latent().latentSize()).raw("</td>");
            }
            p.raw("</tr>\n");
        }
        p.raw("</table>\n</section>\n");
    }

    private static int gridWidth(byte[] png) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            return image == null ? 0 : image.getWidth();
        } catch (IOException e) {
            return 0;
        }
    }

    /** The page under construction: raw HTML, escaped text, numbers, embedded figures. */
    private static final class Page {
        private final StringBuilder html = new StringBuilder(1 << 16);

        Page raw(String s) {
            html.append(s);
            return this;
        }

        Page text(String s) {
            html.append(escapeHtml4(s));
            return this;
        }

        Page num(double v) {
            html.append(String.format(Locale.ROOT, "<td>%.2f</td>", v));
            return this;
        }

        /** An image grid is shown magnified without smoothing; a chart at its size, at most the page's width. */
        void figure(byte[] png, int width, String caption, boolean grid) {
            int shown = grid ? width * GRID_ZOOM : width;
            html.append("<figure><img src=\"").append(dataUri(png)).append("\" alt=\"").append(escapeHtml4(caption))
                    .append('"');
            if (shown > 0) {
                html.append(" style=\"width:").append(shown).append("px\"");
            }
            if (grid) {
                html.append(" class=\"grid\"");
            }
            html.append("><figcaption>").append(escapeHtml4(caption)).append("</figcaption></figure>\n");
        }

        @Override
        public String toString() {
            return html.toString();
        }
    }

    /** The style sheet, the classpath resource report.css beside this class, inlined into every page. */
    private static final String CSS = css();

    private static String css() {
        try (InputStream in = RunReport.class.getResourceAsStream("report.css")) {
            if (in == null) {
                throw new IllegalStateException("The run report's style sheet report.css is missing from the"
                        + " classpath (expected beside " + RunReport.class.getName() + ")");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the run report's style sheet report.css", e);
        }
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
         * @return the report, to add to a trainer with {@link org.vae4j.VaeTrainer#withListeners}
         * @throws IllegalStateException if reconstructions are set without {@link #images}, or their width differs
         *     from the image shape's size
         */
        public RunReport build() {
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
