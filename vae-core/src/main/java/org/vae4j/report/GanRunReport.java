package org.vae4j.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.gan.Gan;
import org.vae4j.gan.GanConfig;
import org.vae4j.gan.GanEpochRecord;
import org.vae4j.gan.GanHistory;
import org.vae4j.gan.GanListener;
import org.vae4j.image.ImageGrid;
import org.vae4j.io.AtomicFiles;
import org.vae4j.plot.GanCurves;

/**
 * The report of one GAN training run, as a {@link GanListener}: after every epoch it writes, atomically, into the
 * run's folder
 * <ul>
 *   <li>{@code samples-epoch-NNN.png} after each chosen epoch and after the configuration's last: a square grid of
 *       {@code gridSize x gridSize} images generated from the same noise every time ({@link Gan#fixedNoise}), each
 *       image 28 x 28 pixels for MNIST with no padding, so the PNG is {@code gridSize * width} x
 *       {@code gridSize * height} pixels;</li>
 *   <li>{@value #CURVES_FILE}: both losses per epoch and the discriminator's accuracy on real and generated images
 *       (for WGAN-GP the Wasserstein estimate), {@link GanCurves};</li>
 *   <li>{@value RunReport#FILE_NAME}: one self-contained page (the frame and style sheet of {@link RunReport}) with a
 *       summary, warnings (every epoch in which the discriminator won, {@link GanEpochRecord#discriminatorWon()}),
 *       the configuration, the curves and a table of every epoch, and the grids.</li>
 * </ul>
 * A resumed run ({@link org.vae4j.gan.GanTrainer#resume}) gets the whole history from the model; the grids of the
 * epochs before the resume are read back from their PNG files. A run stopped before its configured last epoch gets
 * its last epoch's grid from {@link #finish}. A file that cannot be written stops training with
 * an {@link UncheckedIOException}. Not thread-safe: the trainer calls it on its thread.
 */
public final class GanRunReport implements GanListener {
    private static final Logger log = LoggerFactory.getLogger(GanRunReport.class);

    /** The learning curves' file name in the run's folder. */
    public static final String CURVES_FILE = "losses.png";

    private final Path folder;
    private final Path file;
    private final String title;
    private final int gridSize;
    private final Set<Integer> gridEpochs;
    private final TreeMap<Integer, byte[]> grids = new TreeMap<>();
    private GanConfig config;
    private GanHistory history = new GanHistory(List.of());
    private boolean firstEpoch = true;
    private boolean announced;

    /**
     * @param folder the run's folder; created when the first file is written
     * @param title the page's title and heading
     * @param gridSize images per row and per column of a grid, {@code > 0}
     * @param gridEpochs the epochs after which to write a grid (the configuration's last epoch is always added)
     * @throws IllegalArgumentException if {@code gridSize} or an epoch is not positive
     */
    public GanRunReport(Path folder, String title, int gridSize, Set<Integer> gridEpochs) {
        if (gridSize < 1) {
            throw new IllegalArgumentException("gridSize must be positive, got " + gridSize);
        }
        for (int e : gridEpochs) {
            if (e < 1) {
                throw new IllegalArgumentException("grid epochs must be positive, got " + e);
            }
        }
        this.folder = Objects.requireNonNull(folder, "folder").toAbsolutePath();
        this.file = this.folder.resolve(RunReport.FILE_NAME);
        this.title = Objects.requireNonNull(title, "title");
        this.gridSize = gridSize;
        this.gridEpochs = new TreeSet<>(gridEpochs);
    }

    /** @return the report file, {@code <folder>/report.html} (absolute) */
    public Path file() {
        return file;
    }

    /**
     * Records the epoch, writes the grid if this epoch is due, the curves and the page.
     *
     * @throws UncheckedIOException wrapping the {@link IOException} if a file cannot be written
     */
    @Override
    public void epochDone(GanEpochRecord record, Gan model) {
        config = model.config();
        history = model.history();
        int e = record.epoch();
        try {
            if (firstEpoch) {
                firstEpoch = false;
                readEarlierGrids(e);
            }
            if (gridEpochs.contains(e) || e == config.epochs()) {
                writeGrid(model, e);
            }
            write();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * After training: writes the grid of the model's last epoch if it has none yet (a run that a listener or the
     * time limit stopped before the configuration's last epoch), and the page.
     *
     * @param model the trained model, as the trainer returned it
     * @throws IOException if a file cannot be written
     */
    public void finish(Gan model) throws IOException {
        GanEpochRecord last = model.history().last();
        if (last == null || grids.containsKey(last.epoch())) {
            return;
        }
        config = model.config();
        history = model.history();
        writeGrid(model, last.epoch());
        write();
    }

    private void writeGrid(Gan model, int epoch) throws IOException {
        INDArray images = model.generate(model.fixedNoise(gridSize * gridSize));
        BufferedImage grid = ImageGrid.of(config.imageShape()).columns(gridSize).padding(0).toImage(images);
        byte[] png = Html.png(grid);
        Path gridFile = folder.resolve(RunReport.samplesFileName(epoch));
        AtomicFiles.write(gridFile, out -> out.write(png));
        log.info("Wrote {}", gridFile);
        grids.put(epoch, png);
    }

    /** Writes the curves and the page. */
    private void write() throws IOException {
        BufferedImage chart = GanCurves.render(history, config.loss());
        byte[] curves = Html.png(chart);
        AtomicFiles.write(folder.resolve(CURVES_FILE), out -> out.write(curves));
        String html = html(config, history, grids, curves, chart.getWidth(), ZonedDateTime.now());
        AtomicFiles.write(file, out -> out.write(html.getBytes(StandardCharsets.UTF_8)));
        if (!announced) {
            announced = true;
            log.info("Run report: {} (rewritten after every epoch)", file.toUri());
        }
    }

    private void readEarlierGrids(int firstEpochHere) throws IOException {
        for (int e = 1; e < firstEpochHere; e++) {
            Path earlier = folder.resolve(RunReport.samplesFileName(e));
            if (Files.isRegularFile(earlier)) {
                grids.put(e, Files.readAllBytes(earlier));
            }
        }
        if (!grids.isEmpty()) {
            log.info("Report: sample grids of epochs {} read from {}", grids.keySet(), folder);
        }
    }

    /**
     * @param config the run's configuration; null before the first epoch
     * @param history the epochs so far
     * @param grids PNG bytes of the grids by epoch
     * @param curves PNG bytes of the curves; unused if the history is empty
     * @param curvesWidth the curves' width, pixels
     * @param written when the page is written
     * @return the page's HTML
     * @throws IOException if the configuration cannot be read back as JSON
     */
    String html(GanConfig config, GanHistory history, Map<Integer, byte[]> grids, byte[] curves, int curvesWidth,
            ZonedDateTime written) throws IOException {
        List<GanEpochRecord> epochs = history.epochs();
        boolean wasserstein = config != null && config.loss().isWasserstein();
        List<GanEpochRecord> won = epochs.stream().filter(GanEpochRecord::discriminatorWon).toList();
        List<String[]> toc = new ArrayList<>();
        toc.add(new String[] {"summary", "Summary"});
        if (!won.isEmpty()) {
            toc.add(new String[] {"warnings", "Warnings"});
        }
        toc.add(new String[] {"configuration", "Configuration"});
        toc.add(new String[] {"curves", "Losses"});
        toc.add(new String[] {"samples", "Samples"});
        Html p = new Html().begin(title, Html.progress(epochs.size(), config == null ? 0 : config.epochs()),
                written, folder, toc);

        p.raw("<section id=\"summary\">\n<h2>Summary</h2>\n<p>");
        if (epochs.isEmpty()) {
            p.text("No epoch has finished yet.");
        } else {
            GanEpochRecord last = epochs.get(epochs.size() - 1);
            double total = epochs.stream().mapToDouble(GanEpochRecord::seconds).sum();
            p.text(String.format(Locale.ROOT, "%s, %s loss. After epoch %d: discriminator loss %.4f, generator loss"
                    + " %.4f, %s. %d discriminator and %d generator updates, %.1f min of training.",
                    config.architecture(), config.loss(), last.epoch(), last.discriminatorLoss(),
                    last.generatorLoss(), wasserstein
                            ? String.format(Locale.ROOT, "Wasserstein estimate %.4f", last.wassersteinEstimate())
                            : String.format(Locale.ROOT, "discriminator accuracy %.3f on real and %.3f on generated"
                                    + " images", last.realAccuracy(), last.fakeAccuracy()),
                    last.discriminatorIterations(), last.generatorIterations(), total / 60));
        }
        p.raw("</p>\n</section>\n");
        if (!won.isEmpty()) {
            p.raw("<section id=\"warnings\">\n<h2>Warnings</h2>\n<ul>\n");
            for (GanEpochRecord r : won) {
                p.raw("<li>").text("Epoch " + r.epoch() + ": the discriminator won (it classified every generated"
                        + " image as fake in every batch); " + config.loss().whenDiscriminatorWins() + ".")
                        .raw("</li>\n");
            }
            p.raw("</ul>\n</section>\n");
        }
        p.configuration(config == null ? null : config.toJson());

        p.raw("<section id=\"curves\">\n<h2>Losses</h2>\n");
        if (epochs.isEmpty()) {
            p.raw("<p>Drawn after the first epoch.</p>\n");
        } else {
            p.raw("<div class=\"row\">\n");
            p.figure(curves, curvesWidth, "Both losses per epoch (" + (wasserstein ? "critic units" : "nats per"
                    + " example") + ") and " + (wasserstein ? "the Wasserstein estimate" : "the discriminator's"
                    + " accuracy") + " (" + CURVES_FILE + ")", false);
            p.raw("</div>\n<table class=\"numbers\">\n<tr><th>epoch</th><th>seconds</th><th>D loss</th>"
                    + "<th>G loss</th>").raw(wasserstein ? "<th>Wasserstein estimate</th>"
                    : "<th>D accuracy real</th><th>D accuracy fake</th>").raw("</tr>\n");
            for (GanEpochRecord r : epochs) {
                p.raw("<tr><td>").raw(Integer.toString(r.epoch())).raw("</td>")
                        .raw(String.format(Locale.ROOT, "<td>%.1f</td><td>%.4f</td><td>%.4f</td>", r.seconds(),
                                r.discriminatorLoss(), r.generatorLoss()))
                        .raw(wasserstein ? String.format(Locale.ROOT, "<td>%.4f</td>", r.wassersteinEstimate())
                                : String.format(Locale.ROOT, "<td>%.3f</td><td>%.3f</td>", r.realAccuracy(),
                                        r.fakeAccuracy()))
                        .raw("</tr>\n");
            }
            p.raw("</table>\n");
        }
        p.raw("</section>\n");

        p.raw("<section id=\"samples\">\n<h2>Samples</h2>\n<p>").text(String.format(Locale.ROOT,
                "%d images generated from the same noise z (Gan.fixedNoise, from the seed) after each of these"
                + " epochs: how the same z's images changed during training.", gridSize * gridSize))
                .raw("</p>\n<div class=\"row\">\n");
        for (Map.Entry<Integer, byte[]> grid : grids.entrySet()) {
            p.figure(grid.getValue(), Html.width(grid.getValue()), "After epoch " + grid.getKey() + " ("
                    + RunReport.samplesFileName(grid.getKey()) + ")", true);
        }
        p.raw("</div>\n</section>\n");
        return p.end("GanRunReport");
    }
}
