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
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A page under construction for {@link ReportPage} and {@link GanRunReport}: the frame every report page shares (head
 * with the inlined style sheet, header, table of contents, footer), raw HTML, escaped text, numbers, embedded
 * figures and the configuration table.
 */
final class Html {
    /** The style sheet's resource name, relative to this class's package. */
    static final String CSS_RESOURCE = "report.css";
    /** The style sheet, as inlined into every page. */
    static final String CSS = css();
    /** On-screen magnification of image grids (pixel art: drawn without smoothing). */
    static final int GRID_ZOOM = 2;

    private final StringBuilder html = new StringBuilder(1 << 16);

    /**
     * Opens the page: head with the style sheet, the header (title, progress, when and where written) and the table
     * of contents, then {@code <main>}.
     *
     * @param title the page's title and heading
     * @param progress what the run has done, e.g. "After epoch 3 of 10"
     * @param written when the page is written
     * @param folder the run's folder
     * @param toc the sections, each {@code {id, heading}}
     * @return this page
     */
    Html begin(String title, String progress, ZonedDateTime written, Path folder, List<String[]> toc) {
        raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .raw("<link rel=\"icon\" href=\"data:,\">\n<title>").text(title).raw("</title>\n")
                .raw("<style>\n").raw(CSS).raw("</style>\n</head>\n<body>\n");
        raw("<header><h1>").text(title).raw("</h1>\n<p class=\"meta\">").text(progress);
        text(". Written " + written.truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                + " into " + folder + ".").raw("</p>\n");
        raw("<nav>");
        for (String[] t : toc) {
            raw("<a href=\"#").raw(t[0]).raw("\">").text(t[1]).raw("</a> ");
        }
        return raw("</nav>\n</header>\n<main>\n");
    }

    /**
     * @param done epochs finished
     * @param epochs epochs configured
     * @return "No epoch has finished yet", "After epoch 3 of 10" or "After epoch 10 of 10 (training finished)"
     */
    static String progress(int done, int epochs) {
        if (done == 0) {
            return "No epoch has finished yet";
        }
        return String.format(Locale.ROOT, "After epoch %d of %d", done, epochs)
                + (done == epochs ? " (training finished)" : "");
    }

    /**
     * Closes the page with its footer.
     *
     * @param writer the class that wrote it, named in the footer
     * @return the page's HTML
     */
    String end(String writer) {
        raw("</main>\n<footer>Written by vae4j's ").text(writer).raw(". Self-contained: every image is embedded in"
                + " this file.</footer>\n</body>\n</html>\n");
        return toString();
    }

    /**
     * The configuration section: a table of its fields and the JSON.
     *
     * @param json the configuration as {@code ConfigJson} writes it; null before the first epoch
     * @throws IOException if the JSON cannot be parsed
     */
    void configuration(String json) throws IOException {
        raw("<section id=\"configuration\">\n<h2>Configuration</h2>\n");
        if (json == null) {
            raw("<p>Not known before the first epoch.</p>\n</section>\n");
            return;
        }
        JsonNode tree = new ObjectMapper().readTree(json);
        raw("<table class=\"config\">\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            raw("<tr><th>").text(f.getKey()).raw("</th><td><code>").text(readable(f.getValue()))
                    .raw("</code></td></tr>\n");
        }
        raw("</table>\n<details><summary>As JSON (ConfigJson reads it back)</summary>\n<pre>").text(json)
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

    Html raw(String s) {
        html.append(s);
        return this;
    }

    Html text(String s) {
        html.append(escapeHtml4(s));
        return this;
    }

    Html num(double v) {
        html.append(String.format(Locale.ROOT, "<td>%.2f</td>", v));
        return this;
    }

    /** An image grid is shown magnified without smoothing; a chart at its size, at most the page's width. */
    void figure(byte[] png, int width, String caption, boolean grid) {
        int shown = grid ? width * GRID_ZOOM : width;
        html.append("<figure><img src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(png))
                .append("\" alt=\"").append(escapeHtml4(caption)).append('"');
        if (shown > 0) {
            html.append(" style=\"width:").append(shown).append("px\"");
        }
        if (grid) {
            html.append(" class=\"grid\"");
        }
        html.append("><figcaption>").append(escapeHtml4(caption)).append("</figcaption></figure>\n");
    }

    /**
     * @param image an image
     * @return the image encoded as PNG
     * @throws IOException if javax.imageio has no PNG writer
     */
    static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", bytes)) {
            throw new IOException("javax.imageio has no PNG writer");
        }
        return bytes.toByteArray();
    }

    /**
     * @param png PNG bytes
     * @return the image's width in pixels; 0 if the bytes are not an image (then shown at its own size)
     */
    static int width(byte[] png) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            return image == null ? 0 : image.getWidth();
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public String toString() {
        return html.toString();
    }

    /** The style sheet, read from the classpath (line ends as {@code \n} whatever the checkout did to them). */
    private static String css() {
        try (InputStream in = Html.class.getResourceAsStream(CSS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The run report's style sheet " + CSS_RESOURCE
                        + " is missing from the classpath (expected beside " + Html.class.getName() + ")");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the run report's style sheet " + CSS_RESOURCE, e);
        }
    }
}
