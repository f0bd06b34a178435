package org.vae4j.data.folder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.ImageShape;
import org.vae4j.data.InvalidDataException;

class ImageFolderTest {
    private static final float EPS = 1e-6f;

    @TempDir
    Path root;

    /** An 8-bit grey image whose pixel (y, x) is {@code value.at(y, x)}. */
    interface Grey {
        int at(int y, int x);
    }

    private static BufferedImage grey(int h, int w, Grey value) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.getRaster().setSample(x, y, 0, value.at(y, x));
            }
        }
        return image;
    }

    private static BufferedImage rgb(int h, int w, int rgb) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        return image;
    }

    private Path write(BufferedImage image, String relative) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        String name = file.getFileName().toString();
        String format = name.substring(name.lastIndexOf('.') + 1).toLowerCase().replace("jpg", "jpeg");
        assertTrue(ImageIO.write(image, format, file.toFile()), format);
        return file;
    }

    private static float[] row(ImageDataset data, int i) {
        return data.rows(i, i + 1).toFloatVector();
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    @Test
    void labelsFromSortedClassFoldersAndFilesInPathOrder() throws IOException {
        write(grey(2, 3, (y, x) -> 30), "zebra/b.png");
        write(grey(2, 3, (y, x) -> 10), "ant/x.png");
        write(grey(2, 3, (y, x) -> 20), "zebra/a.PNG");
        write(grey(2, 3, (y, x) -> 40), "bee/sub/c.bmp");
        Files.writeString(root.resolve("README.txt"), "files in the root are ignored");
        Files.writeString(root.resolve("bee/.DS_Store"), "hidden files are skipped");
        Files.createDirectories(root.resolve(".git"));

        ImageFolder folder = ImageFolder.read(root, ImageFolder.Options.grayscale());

        assertEquals(List.of("ant", "bee", "zebra"), folder.classNames());
        ImageDataset data = folder.dataset();
        assertEquals(new ImageShape(1, 2, 3), data.shape());
        assertArrayEquals(new int[] {0, 1, 2, 2}, data.labels());
        assertEquals(List.of(root.resolve("ant/x.png"), root.resolve("bee/sub/c.bmp"), root.resolve("zebra/a.PNG"),
                root.resolve("zebra/b.png")), folder.files());
        float[] expected = {10, 40, 20, 30};
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(filled(6, expected[i] / 255f), row(data, i), EPS, "image " + i);
        }
    }

    @Test
    void greyIsReadFromTheRasterNotThroughSrgb() throws IOException {
        // getRGB would give 188 for the linear grey 128 of TYPE_BYTE_GRAY
        write(grey(1, 2, (y, x) -> x == 0 ? 128 : 255), "c/g.png");

        assertArrayEquals(new float[] {128 / 255f, 1}, row(ImageFolder.read(root, ImageFolder.Options.grayscale())
                .dataset(), 0), EPS);
        assertArrayEquals(new float[] {128 / 255f, 1, 128 / 255f, 1, 128 / 255f, 1},
                row(ImageFolder.read(root, ImageFolder.Options.rgb()).dataset(), 0), EPS);
    }

    @Test
    void colourIsChannelFirstAndLumaForGrayscale() throws IOException {
        // 1x2: red then (0, 51, 255)
        BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        image.setRGB(0, 0, 0xFFFF0000);
        image.setRGB(1, 0, 0x800033FF); // alpha 128 is dropped
        write(image, "c/rgb.png");

        ImageDataset rgb = ImageFolder.read(root, ImageFolder.Options.rgb()).dataset();
        assertEquals(new ImageShape(3, 1, 2), rgb.shape());
        assertArrayEquals(new float[] {1, 0, 0, 51 / 255f, 0, 1}, row(rgb, 0), EPS); // R plane, G plane, B plane
        ImageDataset grey = ImageFolder.read(root, ImageFolder.Options.grayscale()).dataset();
        assertArrayEquals(new float[] {0.299f, (0.587f * 51 + 0.114f * 255) / 255}, row(grey, 0), EPS);
    }

    @Test
    void jpegOfOneColourReadsAsThatColour() throws IOException {
        write(rgb(16, 16, 0x4080C0), "c/a.jpg");
        write(rgb(16, 16, 0x4080C0), "c/b.jpeg");

        ImageDataset data = ImageFolder.read(root, ImageFolder.Options.rgb()).dataset();
        INDArray f = data.features();
        // lossy, but a flat colour survives within a few levels
        for (int c = 0; c < 3; c++) {
            double want = (0x40 + 0x40 * c) / 255.0;
            INDArray plane = f.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(c * 256, (c + 1) * 256));
            assertEquals(want, plane.minNumber().doubleValue(), 3 / 255.0, "channel " + c);
            assertEquals(want, plane.maxNumber().doubleValue(), 3 / 255.0, "channel " + c);
        }
    }

    @Test
    void sixteenBitGreyAndPaletteGifKeepTheirValues() throws IOException {
        BufferedImage deep = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        deep.getRaster().setSample(0, 0, 0, 1000);
        deep.getRaster().setSample(1, 0, 0, 65535);
        write(deep, "a/deep.png");
        write(rgb(1, 2, 0x336699), "b/palette.gif");

        ImageDataset data = ImageFolder.read(root, ImageFolder.Options.rgb()).dataset();

        float g = 1000 / 65535f;
        assertArrayEquals(new float[] {g, 1, g, 1, g, 1}, row(data, 0), EPS);
        assertArrayEquals(new float[] {0x33 / 255f, 0x33 / 255f, 0x66 / 255f, 0x66 / 255f, 0x99 / 255f, 0x99 / 255f},
                row(data, 1), EPS);
    }

    @Test
    void shrinkingAveragesArea() throws IOException {
        write(grey(8, 8, (y, x) -> (x + y) % 2 == 0 ? 255 : 0), "c/checkerboard.png");
        write(grey(9, 12, (y, x) -> x % 3 == 0 ? 255 : 0), "c/stripes.png");
        write(grey(5, 7, (y, x) -> 77), "c/flat.png");

        ImageDataset data = ImageFolder.read(root, ImageFolder.Options.grayscale().resize(3, 4)).dataset();
        ImageDataset half = ImageFolder.read(root, ImageFolder.Options.grayscale().resize(4, 4)).dataset();

        assertArrayEquals(filled(16, 0.5f), row(half, 0), EPS); // 2x of a checkerboard: its mean
        assertArrayEquals(filled(12, 1 / 3f), row(data, 2), EPS); // 3x of stripes 1 on, 2 off: 1/3 (Java2D: 0.125..0.5)
        assertArrayEquals(filled(12, 77 / 255f), row(data, 1), EPS); // a constant stays that constant
    }

    @Test
    void shrinkingByANonIntegerFactorWeightsPartlyCoveredPixels() throws IOException {
        // 1x3 [0, 90, 255] to 1x2: output 0 covers pixel 0 and half of pixel 1, output 1 the other half and pixel 2
        write(grey(1, 3, (y, x) -> new int[] {0, 90, 255}[x]), "c/a.png");

        ImageDataset data = ImageFolder.read(root, ImageFolder.Options.grayscale().resize(1, 2)).dataset();

        assertArrayEquals(new float[] {(0 + 0.5f * 90) / 1.5f / 255, (0.5f * 90 + 255) / 1.5f / 255}, row(data, 0),
                EPS);
    }

    @Test
    void growingIsBilinearBetweenPixelCentres() throws IOException {
        // 1x2 [0, 255] to 1x4: centres map to x = -0.25, 0.25, 0.75, 1.25, clamped to [0, 1]
        write(grey(1, 2, (y, x) -> 255 * x), "c/a.png");

        ImageDataset data = ImageFolder.read(root, ImageFolder.Options.grayscale().resize(2, 4)).dataset();

        assertArrayEquals(new float[] {0, 0.25f, 0.75f, 1, 0, 0.25f, 0.75f, 1}, row(data, 0), EPS);
    }

    @Test
    void optionsOfAShapeResizeToIt() throws IOException {
        write(rgb(6, 6, 0x336699), "c/a.png");

        ImageDataset data = ImageFolder.read(root, ImageFolder.Options.of(new ImageShape(1, 2, 3))).dataset();

        assertEquals(new ImageShape(1, 2, 3), data.shape());
        assertArrayEquals(filled(6, (float) ((0.299 * 0x33 + 0.587 * 0x66 + 0.114 * 0x99) / 255)), row(data, 0),
                EPS);
    }

    @Test
    void nonImageFileIsNamed() throws IOException {
        write(grey(2, 2, (y, x) -> 0), "c/ok.png");
        Path notes = Files.writeString(root.resolve("c/notes.txt"), "hello");

        ImageFolderException e = assertThrows(ImageFolderException.class,
                () -> ImageFolder.read(root, ImageFolder.Options.grayscale()));
        assertEquals(notes, e.file());
        assertTrue(e.getMessage().startsWith(notes + ": is not an image file"), e.getMessage());
    }

    @Test
    void undecodableImageIsNamed() throws IOException {
        write(grey(2, 2, (y, x) -> 0), "c/a.png");
        Path fake = Files.writeString(root.resolve("c/b.png"), "not a PNG");

        ImageFolderException e = assertThrows(ImageFolderException.class,
                () -> ImageFolder.read(root, ImageFolder.Options.grayscale()));
        assertEquals(fake, e.file());
        assertEquals(1, e.example());
        assertTrue(e.getMessage().startsWith(fake + ": is not an image javax.imageio can decode"), e.getMessage());
    }

    @Test
    void unreadableFileIsNamed() throws IOException {
        write(grey(2, 2, (y, x) -> 0), "c/a.png");
        Path dangling = Files.createSymbolicLink(root.resolve("c/b.png"), root.resolve("gone.png"));

        ImageFolderException e = assertThrows(ImageFolderException.class,
                () -> ImageFolder.read(root, ImageFolder.Options.grayscale()));
        assertEquals(dangling, e.file());
        assertTrue(e.getMessage().startsWith(dangling + ": cannot be read as an image"), e.getMessage());
        assertTrue(e.getCause() instanceof IOException, String.valueOf(e.getCause()));
    }

    @Test
    void truncatedImageIsNamed() throws IOException {
        Path file = write(grey(40, 40, (y, x) -> x * y % 256), "c/a.png");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        ImageFolderException e = assertThrows(ImageFolderException.class,
                () -> ImageFolder.read(root, ImageFolder.Options.grayscale()));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    }

    @Test
    void mixedSizesWithoutResizeNameBothFilesAndSizes() throws IOException {
        Path a = write(grey(4, 5, (y, x) -> 0), "c/a.png");
        Path b = write(grey(4, 6, (y, x) -> 0), "d/b.png");

        ImageFolderException e = assertThrows(ImageFolderException.class,
                () -> ImageFolder.read(root, ImageFolder.Options.grayscale()));
        assertEquals(b, e.file());
        assertEquals(b + ": is 4x6 pixels (height x width) but " + a + " is 4x5; images of different sizes need a"
                + " resize (ImageFolder.Options.resize(height, width); on the command line --image-size HxW)",
                e.getMessage());
        assertEquals(2, ImageFolder.read(root, ImageFolder.Options.grayscale().resize(4, 4)).dataset().size());
    }

    @Test
    void emptyClassFolderIsNamed() throws IOException {
        write(grey(2, 2, (y, x) -> 0), "a/x.png");
        Path empty = Files.createDirectories(root.resolve("b"));
        Files.writeString(empty.resolve(".hidden.png"), "skipped");

        ImageFolderException e = assertThrows(ImageFolderException.class,
                () -> ImageFolder.read(root, ImageFolder.Options.grayscale()));
        assertEquals(empty, e.file());
        assertTrue(e.getMessage().startsWith(empty + ": is an empty class folder"), e.getMessage());
    }

    @Test
    void rootWithoutClassFoldersIsNamed() throws IOException {
        write(grey(2, 2, (y, x) -> 0), "loose.png"); // an image in the root is not a class

        ImageFolderException e = assertThrows(ImageFolderException.class,
                () -> ImageFolder.read(root, ImageFolder.Options.grayscale()));
        assertEquals(root, e.file());
        assertTrue(e.getMessage().startsWith(root + ": holds no class folders"), e.getMessage());
    }

    @Test
    void missingRootIsNamed() {
        Path missing = root.resolve("nope");

        ImageFolderException e = assertThrows(ImageFolderException.class,
                () -> ImageFolder.read(missing, ImageFolder.Options.rgb()));
        assertTrue(e.getMessage().startsWith(missing + ": does not exist"), e.getMessage());
        assertTrue(e instanceof InvalidDataException);
        assertEquals("image folder " + missing, e.dataset());
    }

    @Test
    void rootThatIsAFileIsNamed() throws IOException {
        Path file = Files.writeString(root.resolve("f.png"), "x");

        ImageFolderException e = assertThrows(ImageFolderException.class,
                () -> ImageFolder.read(file, ImageFolder.Options.rgb()));
        assertTrue(e.getMessage().startsWith(file + ": is not a folder"), e.getMessage());
    }

    @Test
    void optionsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new ImageFolder.Options(2, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ImageFolder.Options(1, 5, 0));
        assertThrows(IllegalArgumentException.class, () -> ImageFolder.Options.rgb().resize(0, 3));
    }
}
