package org.vae4j.report;

import static org.apache.commons.text.StringEscapeUtils.escapeHtml4;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Locale;
import javax.imageio.ImageIO;

/** A page under construction for {@link ReportPage}: raw HTML, escaped text, numbers, embedded figures. */
final class Html {
    /** On-screen magnification of image grids (pixel art: drawn without smoothing). */
    static final int GRID_ZOOM = 2;

    private final StringBuilder html = new StringBuilder(1 << 16);

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
}
