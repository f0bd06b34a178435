package org.vae4j.image;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

import javax.imageio.ImageIO;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.data.ImageShape;
import org.vae4j.io.AtomicFiles;

/**
 * Lays out images as a grid and renders it to a {@link BufferedImage} or a PNG file.
 *
 * <p>Input is an array of shape {@code [n, c*h*w]} (one flattened image per row, channel-first layout, like
 * {@link org.vae4j.data.ImageDataset#features()}) with values in {@code [0, 1]}; values outside are clamped and NaN
 * is drawn as 0. {@code c} must be 1 (grayscale) or 3 (RGB). Images are placed left to right, top to bottom, each
 * pixel drawn as a {@code scale x scale} block, with {@code padding} pixels of background between images and around
 * the border; unused cells of the last row are left as background.
 *
 * <p>An {@code ImageGrid} is an immutable configuration; the {@code with...}-style methods return modified copies:
 * <pre>{@code
 * ImageGrid.of(Mnist.SHAPE).columns(10).scale(2).write(samples, Path.of("out/samples.png"));
 * }</pre>
 * Defaults: columns chosen automatically ({@code ceil(sqrt(n))}), padding 2 px, black background, scale 1.
 */
public final class ImageGrid {

    /** Default padding between images, in output pixels. */
    public static final int DEFAULT_PADDING = 2;

    private final ImageShape shape;
    private final int columns;
    private final int padding;
    private final Color background;
    private final int scale;

    private ImageGrid(ImageShape shape, int columns, int padding, Color background, int scale) {
        this.shape = shape;
        this.columns = columns;
        this.padding = padding;
        this.background = background;
        this.scale = scale;
    }

    /**
     * A grid for images of the given shape with default settings.
     *
     * @param shape the shape of one image; {@code channels} must be 1 or 3
     * @return the grid configuration
     * @throws IllegalArgumentException if {@code shape.channels()} is neither 1 nor 3
     */
    public static ImageGrid of(ImageShape shape) {
        Objects.requireNonNull(shape, "shape");
        if (shape.channels() != 1 && shape.channels() != 3) {
            throw new IllegalArgumentException("ImageGrid supports 1 (grayscale) or 3 (RGB) channels, but shape "
                    + shape + " has " + shape.channels());
        }
        return new ImageGrid(shape, 0, DEFAULT_PADDING, Color.BLACK, 1);
    }

    /**
     * Convenience: writes {@code images} as a PNG grid with default padding, background and scale.
     *
     * @param images  array {@code [n, c*h*w]}, values in {@code [0, 1]}
     * @param shape   shape of one image (1 or 3 channels)
     * @param columns images per row, {@code > 0}
     * @param file    target PNG file; parent folders are created
     * @throws ImageWriteException      if the file cannot be written (the message names it)
     * @throws IllegalArgumentException if the array does not match the shape or {@code columns <= 0}
     */
    public static void write(INDArray images, ImageShape shape, int columns, Path file) throws ImageWriteException {
        of(shape).columns(columns).write(images, file);
    }

    /**
     * Sets the number of images per row.
     *
     * @param columns images per row, {@code > 0}; or 0 for automatic ({@code ceil(sqrt(n))}, for comparison grids
     *                the number of pairs per row is {@code ceil(sqrt(n / 2))})
     * @return a modified copy
     * @throws IllegalArgumentException if {@code columns < 0}
     */
    public ImageGrid columns(int columns) {
        if (columns < 0) {
            throw new IllegalArgumentException("columns must be >= 0 (0 = automatic), but was " + columns);
        }
        return new ImageGrid(shape, columns, padding, background, scale);
    }

    /**
     * Sets the background gap between images and around the border.
     *
     * @param padding gap in output pixels (not multiplied by the scale), {@code >= 0}; default 2
     * @return a modified copy
     * @throws IllegalArgumentException if {@code padding < 0}
     */
    public ImageGrid padding(int padding) {
        if (padding < 0) {
            throw new IllegalArgumentException("padding must be >= 0, but was " + padding);
        }
        return new ImageGrid(shape, columns, padding, background, scale);
    }

    /**
     * Sets the background colour (alpha is ignored: the output is opaque RGB).
     *
     * @param background the colour; default black
     * @return a modified copy
     */
    public ImageGrid background(Color background) {
        return new ImageGrid(shape, columns, padding, Objects.requireNonNull(background, "background"), scale);
    }

    /**
     * Sets the integer magnification: each image pixel becomes a {@code scale x scale} block.
     *
     * @param scale factor, {@code >= 1}; default 1
     * @return a modified copy
     * @throws IllegalArgumentException if {@code scale < 1}
     */
    public ImageGrid scale(int scale) {
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be >= 1, but was " + scale);
        }
        return new ImageGrid(shape, columns, padding, background, scale);
    }

    /**
     * Renders the images as a grid in memory.
     *
     * @param images array {@code [n, c*h*w]} (rank 2; a rank-4 {@code [n, c, h, w]} array is accepted too), values
     *               in {@code [0, 1]}, {@code n >= 1}
     * @return an opaque {@link BufferedImage#TYPE_INT_RGB} image of width
     *         {@code cols * (w*scale + padding) + padding} and height {@code rows * (h*scale + padding) + padding}
     *         pixels, where {@code rows = ceil(n / cols)}
     * @throws IllegalArgumentException if the array shape does not match the image shape or {@code n == 0}
     */
    public BufferedImage toImage(INDArray images) {
        float[][] rows = rowsOf(images, "images");
        int cols = columns > 0 ? columns : (int) Math.ceil(Math.sqrt(rows.length));
        int gridRows = (rows.length + cols - 1) / cols;
        int cellW = shape.width() * scale;
        int cellH = shape.height() * scale;
        BufferedImage img = canvas(cols * (cellW + padding) + padding, gridRows * (cellH + padding) + padding);
        for (int i = 0; i < rows.length; i++) {
            int x = padding + (i % cols) * (cellW + padding);
            int y = padding + (i / cols) * (cellH + padding);
            draw(img, rows[i], x, y);
        }
        return img;
    }

    /**
     * Renders originals next to their reconstructions. Each cell is a pair: the original on the left and its
     * reconstruction immediately to its right ({@code padding} px apart); pairs are separated by a wider gap of
     * {@code 3 * padding} px (at least 4 px), so each original reads together with its reconstruction. Pairs are
     * laid out left to right, top to bottom, {@code columns} pairs per row.
     *
     * @param originals       array {@code [n, c*h*w]}, values in {@code [0, 1]}
     * @param reconstructions array {@code [n, c*h*w]}, row {@code i} reconstructing {@code originals} row {@code i}
     * @return an opaque RGB image
     * @throws IllegalArgumentException if the arrays do not match the image shape or each other's row count
     */
    public BufferedImage toComparisonImage(INDArray originals, INDArray reconstructions) {
        float[][] a = rowsOf(originals, "originals");
        float[][] b = rowsOf(reconstructions, "reconstructions");
        if (a.length != b.length) {
            throw new IllegalArgumentException("originals has " + a.length + " images but reconstructions has "
                    + b.length);
        }
        int pairs = columns > 0 ? columns : (int) Math.ceil(Math.sqrt(a.length / 2.0));
        int gridRows = (a.length + pairs - 1) / pairs;
        int cellW = shape.width() * scale;
        int cellH = shape.height() * scale;
        int pairGap = Math.max(4, 3 * padding);
        int pairW = 2 * cellW + padding;
        int width = 2 * padding + pairs * pairW + (pairs - 1) * pairGap;
        BufferedImage img = canvas(width, gridRows * (cellH + padding) + padding);
        for (int i = 0; i < a.length; i++) {
            int x = padding + (i % pairs) * (pairW + pairGap);
            int y = padding + (i / pairs) * (cellH + padding);
            draw(img, a[i], x, y);
            draw(img, b[i], x + cellW + padding, y);
        }
        return img;
    }

    /**
     * Writes the grid of {@link #toImage(INDArray)} as a PNG file. The image is written to a temporary file in
     * the target's folder and then renamed over the target, so readers never see a half-written file.
     *
     * @param images array {@code [n, c*h*w]}, values in {@code [0, 1]}
     * @param file   target file (conventionally {@code .png}); missing parent folders are created
     * @throws ImageWriteException      if the folder or file cannot be written (the message names the file)
     * @throws IllegalArgumentException if the array does not match the image shape
     */
    public void write(INDArray images, Path file) throws ImageWriteException {
        writePng(toImage(images), file);
    }

    /**
     * Writes the originals/reconstructions grid of {@link #toComparisonImage(INDArray, INDArray)} as a PNG file,
     * atomically as {@link #write(INDArray, Path)} does.
     *
     * @param originals       array {@code [n, c*h*w]}, values in {@code [0, 1]}
     * @param reconstructions array {@code [n, c*h*w]}, values in {@code [0, 1]}
     * @param file            target file; missing parent folders are created
     * @throws ImageWriteException      if the file cannot be written (the message names it)
     * @throws IllegalArgumentException if the arrays do not match the image shape or each other
     */
    public void writeComparison(INDArray originals, INDArray reconstructions, Path file)
            throws ImageWriteException {
        writePng(toComparisonImage(originals, reconstructions), file);
    }

    /**
     * Writes any image as PNG: to a temporary file in the target folder, then renamed over the target.
     *
     * @param image the image
     * @param file  target file; missing parent folders are created
     * @throws ImageWriteException if the folder or file cannot be written (the message names the file)
     */
    public static void writePng(BufferedImage image, Path file) throws ImageWriteException {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(file, "file");
        try {
            AtomicFiles.write(file, out -> {
                if (!ImageIO.write(image, "png", out)) {
                    throw new ImageWriteException(file, "no PNG writer is available", null);
                }
            });
        } catch (ImageWriteException e) {
            throw e;
        } catch (IOException e) {
            throw new ImageWriteException(file, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private float[][] rowsOf(INDArray images, String what) {
        Objects.requireNonNull(images, what);
        INDArray a = images;
        int d = shape.size();
        if (a.rank() == 4) {
            long[] s = a.shape();
            if (s[1] * s[2] * s[3] != d) {
                throw new IllegalArgumentException(what + " has shape " + Arrays.toString(s) + " but image shape "
                        + shape + " needs " + d + " values per image");
            }
            a = a.reshape('c', s[0], d);
        }
        if (a.rank() != 2 || a.columns() != d) {
            throw new IllegalArgumentException(what + " must have shape [n, " + d + "] for images of " + shape
                    + ", but has shape " + Arrays.toString(images.shape()));
        }
        if (a.rows() == 0) {
            throw new IllegalArgumentException(what + " holds no images");
        }
        return a.castTo(DataType.FLOAT).toFloatMatrix();
    }

    private BufferedImage canvas(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] fill = new int[width];
        Arrays.fill(fill, background.getRGB() & 0xFFFFFF);
        for (int y = 0; y < height; y++) {
            img.setRGB(0, y, width, 1, fill, 0, width);
        }
        return img;
    }

    /** Draws one flattened channel-first image with its top-left corner at (x0, y0). */
    private void draw(BufferedImage img, float[] px, int x0, int y0) {
        int h = shape.height();
        int w = shape.width();
        int plane = h * w;
        boolean rgb = shape.channels() == 3;
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                int i = r * w + c;
                int red = toByte(px[i]);
                int green = rgb ? toByte(px[plane + i]) : red;
                int blue = rgb ? toByte(px[2 * plane + i]) : red;
                int argb = (red << 16) | (green << 8) | blue;
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        img.setRGB(x0 + c * scale + dx, y0 + r * scale + dy, argb);
                    }
                }
            }
        }
    }

    /** Maps a value in [0, 1] to 0..255 (rounding; clamped; NaN to 0). */
    static int toByte(float v) {
        if (!(v > 0f)) {
            return 0;
        }
        if (v >= 1f) {
            return 255;
        }
        return Math.round(v * 255f);
    }

    /** @return e.g. {@code ImageGrid[shape=1x28x28, columns=auto, padding=2, scale=1]} */
    @Override
    public String toString() {
        return "ImageGrid[shape=" + shape + ", columns=" + (columns == 0 ? "auto" : columns) + ", padding="
                + padding + ", scale=" + scale + ", background=#"
                + String.format("%06x", background.getRGB() & 0xFFFFFF) + "]";
    }
}
