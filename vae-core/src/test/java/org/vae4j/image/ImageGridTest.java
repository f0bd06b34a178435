package org.vae4j.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.data.ImageShape;

class ImageGridTest {

    @TempDir
    Path dir;

    private static int rgb(BufferedImage img, int x, int y) {
        return img.getRGB(x, y) & 0xFFFFFF;
    }

    private static int gray(int v) {
        return (v << 16) | (v << 8) | v;
    }

    /** Three 2x3 grayscale images; image k has pixel (r, c) = (k*6 + r*3 + c) / 17, image 2 has an out-of-range row. */
    private static INDArray threeImages() {
        float[] v = new float[18];
        for (int i = 0; i < 18; i++) {
            v[i] = i / 17f;
        }
        v[12] = -0.5f;  // image 2, (0,0): clamped to 0
        v[13] = 3f;     // image 2, (0,1): clamped to 1
        v[14] = Float.NaN; // image 2, (0,2): drawn as 0
        return Nd4j.create(v, new long[] {3, 6}, 'c');
    }

    @Test
    void writesGrayscaleGridWithPaddingScaleAndBackground() throws Exception {
        Path png = dir.resolve("nested/folder/grid.png");
        ImageGrid.of(new ImageShape(1, 2, 3)).columns(2).padding(1).scale(2).background(new Color(0, 0, 255))
                .write(threeImages(), png);
        BufferedImage img = ImageIO.read(png.toFile());
        // 2 columns of 3*2 px + 3 px padding; 2 rows of 2*2 px + 3 px padding.
        assertEquals(2 * 6 + 3, img.getWidth());
        assertEquals(2 * 4 + 3, img.getHeight());
        assertEquals(0x0000FF, rgb(img, 0, 0), "border is background");
        assertEquals(0x0000FF, rgb(img, 7, 1), "gap between images is background");
        assertEquals(0x0000FF, rgb(img, 10, 8), "unused cell is background");
        // Image 0 at (1,1): pixel (0,0) = 0 -> black, as a 2x2 block.
        assertEquals(0x000000, rgb(img, 1, 1));
        assertEquals(0x000000, rgb(img, 2, 2));
        // Image 0 pixel (1,2) = 5/17 -> round(75) at x = 1 + 2*2, y = 1 + 1*2.
        assertEquals(gray(Math.round(5 / 17f * 255)), rgb(img, 5, 3));
        // Image 1 (second column, x0 = 1 + 6 + 1 = 8): pixel (1,2) = 11/17.
        assertEquals(gray(Math.round(11 / 17f * 255)), rgb(img, 8 + 4, 3));
        // Image 2 (second row, y0 = 1 + 4 + 1 = 6): clamped values.
        assertEquals(0x000000, rgb(img, 1, 6));
        assertEquals(0xFFFFFF, rgb(img, 3, 6));
        assertEquals(0x000000, rgb(img, 5, 6));
        assertEquals(gray(Math.round(17 / 17f * 255)), rgb(img, 5, 8));
        try (Stream<Path> s = Files.list(png.getParent())) {
            assertEquals(List.of(png), s.toList(), "no temporary file left");
        }
    }

    @Test
    void defaultsAndAutomaticColumns() {
        INDArray five = Nd4j.ones(DataType.FLOAT, 5, 4);
        BufferedImage img = ImageGrid.of(ImageShape.grayscale(2, 2)).toImage(five); // ceil(sqrt(5)) = 3 columns
        assertEquals(3 * (2 + 2) + 2, img.getWidth());
        assertEquals(2 * (2 + 2) + 2, img.getHeight());
        assertEquals(0x000000, rgb(img, 0, 0));
        assertEquals(0xFFFFFF, rgb(img, 2, 2));
    }

    @Test
    void rgbChannelFirst() {
        // One 1x2 RGB image: pixel 0 = red, pixel 1 = (0, 1, 0.5).
        INDArray x = Nd4j.create(new float[] {1f, 0f, 0f, 1f, 0f, 0.5f}, new long[] {1, 6}, 'c');
        BufferedImage img = ImageGrid.of(new ImageShape(3, 1, 2)).padding(0).toImage(x);
        assertEquals(2, img.getWidth());
        assertEquals(1, img.getHeight());
        assertEquals(0xFF0000, rgb(img, 0, 0));
        assertEquals(0x00FF80, rgb(img, 1, 0));
        // Rank-4 [n, c, h, w] input is accepted.
        assertEquals(0x00FF80, rgb(ImageGrid.of(new ImageShape(3, 1, 2)).padding(0).toImage(x.reshape(1, 3, 1, 2)), 1, 0));
    }

    @Test
    void comparisonPlacesEachReconstructionRightOfItsOriginal() throws Exception {
        INDArray originals = Nd4j.create(new float[] {1f, 1f, 1f, 1f, 1f, 1f}, new long[] {3, 2}, 'c');
        INDArray recon = Nd4j.create(new float[] {0.2f, 0.2f, 0.4f, 0.4f, 0.6f, 0.6f}, new long[] {3, 2}, 'c');
        Path png = dir.resolve("cmp.png");
        ImageGrid.of(ImageShape.grayscale(1, 2)).columns(2).padding(1).background(Color.RED)
                .writeComparison(originals, recon, png);
        BufferedImage img = ImageIO.read(png.toFile());
        // Pair width 2+1+2 = 5, pair gap max(4, 3) = 4: width 1 + 5 + 4 + 5 + 1; height 2 rows of 1 + padding.
        assertEquals(16, img.getWidth());
        assertEquals(5, img.getHeight());
        assertEquals(0xFFFFFF, rgb(img, 1, 1));                     // original 0
        assertEquals(0xFF0000, rgb(img, 3, 1));                     // gap inside the pair
        assertEquals(gray(Math.round(0.2f * 255)), rgb(img, 4, 1)); // reconstruction 0
        assertEquals(0xFFFFFF, rgb(img, 10, 1));                    // original 1 at x = 1 + 5 + 4
        assertEquals(gray(Math.round(0.4f * 255)), rgb(img, 13, 1)); // reconstruction 1
        assertEquals(gray(Math.round(0.6f * 255)), rgb(img, 4, 3)); // reconstruction 2, second row
        assertThrows(IllegalArgumentException.class,
                () -> ImageGrid.of(ImageShape.grayscale(1, 2)).toComparisonImage(originals, recon.getRows(0, 1)));
    }

    @Test
    void validatesInputAndSettings() {
        ImageGrid g = ImageGrid.of(ImageShape.grayscale(2, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> g.toImage(Nd4j.zeros(DataType.FLOAT, 3, 5)));
        assertTrue(e.getMessage().contains("[n, 4]") && e.getMessage().contains("[3, 5]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.of(new ImageShape(2, 2, 2)));
        assertThrows(IllegalArgumentException.class, () -> g.scale(0));
        assertThrows(IllegalArgumentException.class, () -> g.padding(-1));
        assertThrows(IllegalArgumentException.class, () -> g.columns(-1));
    }

    @Test
    void unwritableTargetIsATypedErrorNamingTheFile() throws Exception {
        Path blocker = Files.writeString(dir.resolve("not-a-folder"), "x");
        Path target = blocker.resolve("grid.png");
        ImageWriteException e = assertThrows(ImageWriteException.class,
                () -> ImageGrid.write(Nd4j.ones(DataType.FLOAT, 1, 4), ImageShape.grayscale(2, 2), 1, target));
        assertEquals(target, e.file());
        assertTrue(e.getMessage().contains(target.toString()), e.getMessage());
    }
}
