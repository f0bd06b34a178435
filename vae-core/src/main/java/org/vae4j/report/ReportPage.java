package org.vae4j.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vae4j.ConfigJson;
import org.vae4j.ElboSummary;
import org.vae4j.EpochRecord;
import org.vae4j.LatentDiagnostics;
import org.vae4j.TrainingHistory;
import org.vae4j.VaeConfig;
import org.vae4j.plot.TrainingCurves;

/**
 * The page of a {@link RunReport}: the HTML drawn from a {@link ReportSnapshot}, and nothing else (it keeps no state
 * and writes no file). The style sheet is the classpath resource {@value #CSS_RESOURCE} beside this class, read once
 * and inlined into every page, so the page stays self-contained. vae-core's resources are Maven-filtered: the style
 * sheet must not contain <code>$&#123;</code>; {@code ReportPageTest} checks that the page holds it unchanged.
 */
final class ReportPage {
    /** The style sheet's resource name, relative to this class's package. */
    static final String CSS_RESOURCE = "report.css";
    /** The style sheet, as inlined into every page. */
    static final String CSS = css();

    private final ReportSnapshot s;
    private final VaeConfig config;
    private final TrainingHistory history;

    private ReportPage(ReportSnapshot snapshot) {
        this.s = snapshot;
        this.config = snapshot.config();
        this.history = snapshot.history();
    }

    /**
     * @param snapshot the run's state
     * @return the page's HTML
     * @throws IOException if the configuration cannot be written as JSON or the chart cannot be encoded as PNG
     */
    static String render(ReportSnapshot snapshot) throws IOException {
        return new ReportPage(snapshot).html();
    }

    private String html() throws IOException {
        Html p = new Html();
        List<EpochRecord> epochs = history.epochs();
        boolean bound = config == null || config.objective().isLowerBound();
        p.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .raw("<link rel=\"icon\" href=\"data:,\">\n<title>").text(s.title()).raw("</title>\n")
                .raw("<style>\n").raw(CSS).raw("</style>\n</head>\n<body>\n");
        p.raw("<header><h1>").text(s.title()).raw("</h1>\n<p class=\"meta\">");
        if (epochs.isEmpty()) {
            p.text("No epoch has finished yet.");
        } else {
            p.text(String.format(Locale.ROOT, "After epoch %d of %d", epochs.size(), config.epochs()));
            if (epochs.size() == config.epochs()) {
                p.text(" (training finished)");
            }
        }
        p.text(". Written " + s.written().truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + " into " + s.folder() + ".").raw("</p>\n");
        p.raw("<nav>");
        List<String[]> toc = new ArrayList<>();
        toc.add(new String[] {"summary", "Summary"});
        toc.add(new String[] {"configuration", "Configuration"});
        toc.add(new String[] {"curves", "Learning curves"});
        if (!s.samples().isEmpty()) {
            toc.add(new String[] {"samples", "Samples"});
        }
        if (s.reconstructions() != null) {
            toc.add(new String[] {"reconstructions", "Reconstructions"});
        }
        int n = 0;
        for (String section : s.sections().keySet()) {
            toc.add(new String[] {"section-" + (++n), section});
        }
        for (String[] t : toc) {
            p.raw("<a href=\"#").raw(t[0]).raw("\">").text(t[1]).raw("</a> ");
        }
        p.raw("</nav>\n</header>\n<main>\n");

        summary(p, epochs, bound);
        configuration(p);
        curves(p, epochs, bound);
        if (!s.samples().isEmpty()) {
            p.raw("<section id=\"samples\">\n<h2>Samples</h2>\n<p>").text(String.format(Locale.ROOT,
                    "%d images decoded from the same %d draws z ~ p(z) (seed %d) after each of these epochs: what the"
                    + " model generates, and how that changed during training.", s.sampleCount(), s.sampleCount(),
                    s.sampleSeed())).raw("</p>\n<div class=\"row\">\n");
            for (Map.Entry<Integer, byte[]> grid : s.samples().entrySet()) {
                p.figure(grid.getValue(), Html.width(grid.getValue()), "After epoch " + grid.getKey() + " ("
                        + RunReport.samplesFileName(grid.getKey()) + ")", true);
            }
            p.raw("</div>\n</section>\n");
        }
        if (s.reconstructions() != null) {
            p.raw("<section id=\"reconstructions\">\n<h2>Reconstructions</h2>\n<p>").text(String.format(Locale.ROOT,
                    "%d images, each with its reconstruction to its right (the likelihood's mean decoded from the"
                    + " posterior mean of z; Vae.reconstruct) after epoch %d.", s.reconstructionCount(),
                    s.reconstructionsEpoch())).raw("</p>\n");
            p.figure(s.reconstructions(), Html.width(s.reconstructions()), RunReport.RECONSTRUCTIONS_FILE, true);
            p.raw("</section>\n");
        }
        n = 0;
        for (Map.Entry<String, List<ReportSnapshot.Item>> section : s.sections().entrySet()) {
            p.raw("<section id=\"section-").raw(Integer.toString(++n)).raw("\">\n<h2>").text(section.getKey())
                    .raw("</h2>\n<div class=\"row\">\n");
            for (ReportSnapshot.Item item : section.getValue()) {
                if (item.isFigure()) {
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

    private void summary(Html p, List<EpochRecord> epochs, boolean bound) {
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

    private static void summaryRow(Html p, String what, ElboSummary s, boolean bound) {
        p.raw("<tr><td>").text(what).raw("</td>");
        if (bound) {
            p.num(s.elbo()).num(s.logLikelihood()).num(s.kl());
        } else {
            p.num(s.logLikelihood());
        }
        p.raw("</tr>\n");
    }

    private void configuration(Html p) throws IOException {
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

    private void curves(Html p, List<EpochRecord> epochs, boolean bound) throws IOException {
        p.raw("<section id=\"curves\">\n<h2>Learning curves</h2>\n");
        if (epochs.isEmpty()) {
            p.raw("<p>Drawn after the first epoch.</p>\n</section>\n");
            return;
        }
        BufferedImage chart = TrainingCurves.render(history, config.objective());
        p.raw("<div class=\"row\">\n");
        p.figure(Html.png(chart), chart.getWidth(), bound
                ? "The lower bound and its two terms per epoch, nats per example"
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

    /** The style sheet, read from the classpath (line ends as {@code \n} whatever the checkout did to them). */
    private static String css() {
        try (InputStream in = ReportPage.class.getResourceAsStream(CSS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The run report's style sheet " + CSS_RESOURCE
                        + " is missing from the classpath (expected beside " + ReportPage.class.getName() + ")");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the run report's style sheet " + CSS_RESOURCE, e);
        }
    }
}
