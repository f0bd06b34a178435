package org.vae4j.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
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
    static final String CSS_RESOURCE = Html.CSS_RESOURCE;
    /** The style sheet, as inlined into every page. */
    static final String CSS = Html.CSS;

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
        p.begin(s.title(), Html.progress(epochs.size(), config == null ? 0 : config.epochs()), s.written(),
                s.folder(), toc);

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
        return p.end("RunReport");
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
        p.configuration(config == null ? null : ConfigJson.write(config));
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
}
