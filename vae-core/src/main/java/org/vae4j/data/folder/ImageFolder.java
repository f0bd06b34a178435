package org.vae4j.data.folder;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.ImageShape;
import org.vae4j.io.Exceptions;

/**
 * A labelled image dataset read from a folder with one sub-folder of images per class, as torchvision's
 * {@code ImageFolder} reads it:
 * <pre>
 * root/cat/001.png
 * root/cat/002.jpg
 * root/dog/a.jpeg       (classes sorted by name: cat = 0, dog = 1)
 * </pre>
 * {@link #read(Path, Options)} returns the images as an {@link ImageDataset} of shape {@code [n, c*h*w]} (FLOAT,
 * one channel-first image per row, pixel values in {@code [0, 1]}, the {@link ImageShape} order), the label of each
 * image (the index of its class folder among the class folders sorted by name), the class names and the file of
 * each image.
 *
 * <p><b>What is read.</b> The class folders are the root's sub-folders; files directly in the root are ignored.
 * Each class folder holds files ending in {@code .png}, {@code .jpg}, {@code .jpeg}, {@code .gif} or {@code .bmp}
 * (any case), also in sub-folders of it, taken in order of their path; names starting with a dot (such as
 * {@code .DS_Store}) are skipped, any other file is an error. Images are decoded by {@code javax.imageio} (the
 * first frame of an animated GIF) and converted to grayscale or RGB as {@code Pixels} describes (a grey pixel of
 * 8-bit value {@code v} becomes {@code v / 255}; colour becomes luma {@code 0.299 R + 0.587 G + 0.114 B} for
 * grayscale; alpha is dropped).
 *
 * <p><b>Resizing.</b> With {@link Options#resize(int, int)}, each image is stretched to exactly {@code height x
 * width} (the aspect ratio is not kept, as torchvision's {@code Resize((h, w))}): area averaging along an axis that
 * shrinks, bilinear interpolation along an axis that grows, in floats ({@code Resampler}; it says why not
 * {@code Graphics2D}). Without it every image must have the size of the first.
 *
 * <p>The whole dataset is held in memory as floats: {@code 4 * n * c * h * w} bytes.
 */
public final class ImageFolder {

    /** The file name endings read as images, compared ignoring case. */
    public static final List<String> EXTENSIONS = List.of("png", "jpg", "jpeg", "gif", "bmp");

    /**
     * How to read an image folder: the channels and, optionally, the size every image is resized to.
     *
     * @param channels 1 (grayscale) or 3 (RGB)
     * @param height   the height to resize to, {@code > 0}; or 0 together with {@code width} to keep the images'
     *                 own size (then all must have the same)
     * @param width    the width to resize to, {@code > 0}; or 0 together with {@code height}
     */
    public record Options(int channels, int height, int width) {

        /**
         * @throws IllegalArgumentException if {@code channels} is not 1 or 3, or the size is not both 0 or both
         *     positive (the message names the field)
         */
        public Options {
            if (channels != 1 && channels != 3) {
                throw new IllegalArgumentException("ImageFolder.Options.channels must be 1 (grayscale) or 3 (RGB),"
                        + " but was " + channels);
            }
            if (height < 0 || width < 0 || (height == 0) != (width == 0)) {
                throw new IllegalArgumentException("ImageFolder.Options height and width must both be positive"
                        + " (resize) or both 0 (keep the images' size), but were " + height + " and " + width);
            }
        }

        /** @return grayscale images of their own size */
        public static Options grayscale() {
            return new Options(1, 0, 0);
        }

        /** @return RGB images of their own size */
        public static Options rgb() {
            return new Options(3, 0, 0);
        }

        /**
         * @param shape the shape every image is converted and resized to, e.g. a model's {@code inputShape}
         * @return options for {@code shape.channels()} channels resized to {@code shape.height() x shape.width()}
         * @throws IllegalArgumentException if the shape has neither 1 nor 3 channels
         */
        public static Options of(ImageShape shape) {
            return new Options(shape.channels(), shape.height(), shape.width());
        }

        /**
         * @param height the height in pixels, {@code > 0}
         * @param width  the width in pixels, {@code > 0}
         * @return these options with every image resized to {@code height x width}
         * @throws IllegalArgumentException if a size is not positive
         */
        public Options resize(int height, int width) {
            if (height <= 0 || width <= 0) {
                throw new IllegalArgumentException("resize height and width must be positive, but were " + height
                        + " and " + width);
            }
            return new Options(channels, height, width);
        }

        /** @return whether images are resized */
        public boolean resizes() {
            return height > 0;
        }
    }

    private final ImageDataset dataset;
    private final List<String> classNames;
    private final List<Path> files;

    private ImageFolder(ImageDataset dataset, List<String> classNames, List<Path> files) {
        this.dataset = dataset;
        this.classNames = List.copyOf(classNames);
        this.files = List.copyOf(files);
    }

    /**
     * Reads every image under {@code root} (see the class comment).
     *
     * @param root    the folder holding one sub-folder per class
     * @param options channels and size
     * @return the images, labels, class names and files
     * @throws ImageFolderException naming the file or folder if {@code root} does not exist or is not a folder, holds
     *     no class folders, a class folder holds no images, a file in a class folder is not an image file or cannot
     *     be read or decoded, or (without a resize) an image's size differs from the first's (naming both files and
     *     sizes)
     * @throws IOException if a folder cannot be listed
     * @throws IllegalArgumentException if the images would take more than {@code Integer.MAX_VALUE} floats
     */
    public static ImageFolder read(Path root, Options options) throws IOException {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(options, "options");
        if (!Files.exists(root)) {
            throw new ImageFolderException(root, root, -1, "does not exist; an image folder holds one sub-folder of"
                    + " images per class (root/<class>/*.png)", null);
        }
        if (!Files.isDirectory(root)) {
            throw new ImageFolderException(root, root, -1, "is not a folder; an image folder holds one sub-folder of"
                    + " images per class (root/<class>/*.png)", null);
        }
        List<Path> classDirs;
        try (Stream<Path> s = Files.list(root)) {
            classDirs = s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
        if (classDirs.isEmpty()) {
            throw new ImageFolderException(root, root, -1, "holds no class folders; an image folder holds one"
                    + " sub-folder of images per class (root/<class>/*.png), labelled by the sorted folder names",
                    null);
        }
        List<String> classNames = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Path dir : classDirs) {
            List<Path> images = imagesIn(root, dir);
            if (images.isEmpty()) {
                throw new ImageFolderException(root, dir, -1, "is an empty class folder: it holds no " + endings()
                        + " files", null);
            }
            for (Path image : images) {
                files.add(image);
                labels.add(classNames.size());
            }
            classNames.add(dir.getFileName().toString());
        }
        ImageDataset dataset = decode(root, files, labels.stream().mapToInt(Integer::intValue).toArray(), options);
        return new ImageFolder(dataset, classNames, files);
    }

    /** The image files of a class folder and its sub-folders, in path order, hidden names skipped. */
    private static List<Path> imagesIn(Path root, Path dir) throws IOException {
        List<Path> found;
        try (Stream<Path> s = Files.walk(dir)) {
            found = s.filter(p -> !hidden(dir.relativize(p))).filter(p -> !Files.isDirectory(p))
                    .sorted(Comparator.comparing(p -> dir.relativize(p).toString())).toList();
        }
        for (Path file : found) {
            if (!isImageName(file)) {
                throw new ImageFolderException(root, file, -1, "is not an image file: class folders may hold only "
                        + endings() + " files (names starting with '.' are skipped)", null);
            }
        }
        return found;
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isImageName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static String endings() {
        return "." + String.join(", .", EXTENSIONS);
    }

    /** Decodes, converts and resizes every file into one {@code [n, c*h*w]} array. */
    @SuppressWarnings("try")
    private static ImageDataset decode(Path root, List<Path> files, int[] labels, Options options) {
        int c = options.channels();
        int h = options.height();
        int w = options.width();
        Path first = null;
        INDArray features = null;
        FloatBuffer target = null;
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            BufferedImage image = readImage(root, file, i);
            int h0 = image.getHeight();
            int w0 = image.getWidth();
            float[] pixels = Pixels.planes(image, c);
            if (options.resizes()) {
                pixels = Resampler.resize(pixels, c, h0, w0, h, w);
            } else if (first == null) {
                h = h0;
                w = w0;
            } else if (h0 != h || w0 != w) {
                throw new ImageFolderException(root, file, i, "is " + h0 + "x" + w0 + " pixels (height x width) but "
                        + first + " is " + h + "x" + w + "; images of different sizes need a resize"
                        + " (ImageFolder.Options.resize(height, width); on the command line --image-size HxW)", null);
            }
            if (first == null) {
                first = file;
                long total = (long) files.size() * c * h * w;
                if (total > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("image folder " + root + ": " + files.size() + " images of "
                            + c + "x" + h + "x" + w + " are " + total + " values, more than one array holds ("
                            + Integer.MAX_VALUE + "); resize them smaller");
                }
                try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                    features = Nd4j.create(DataType.FLOAT, files.size(), (long) c * h * w);
                }
                target = features.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
            }
            target.put(pixels);
        }
        return ImageDataset.of(features, labels, new ImageShape(c, h, w));
    }

    private static BufferedImage readImage(Path root, Path file, int index) {
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new ImageFolderException(root, file, index, "cannot be read as an image: " + Exceptions.describe(e),
                    e);
        } catch (RuntimeException e) { // some decoders fail on corrupt data with unchecked exceptions
            throw new ImageFolderException(root, file, index, "is not a valid image: " + Exceptions.describe(e), e);
        }
        if (image == null) {
            throw new ImageFolderException(root, file, index, "is not an image javax.imageio can decode (not a PNG,"
                    + " JPEG, GIF or BMP despite its name)", null);
        }
        return image;
    }

    /**
     * @return the images, shape {@code [n, c*h*w]} FLOAT in {@code [0, 1]}, with labels: the index of each image's
     *     class in {@link #classNames()}
     */
    public ImageDataset dataset() {
        return dataset;
    }

    /** @return the class folder names, sorted; label {@code k} is {@code classNames().get(k)} */
    public List<String> classNames() {
        return classNames;
    }

    /** @return the file of each image, in dataset order (row {@code i} of the features is {@code files().get(i)}) */
    public List<Path> files() {
        return files;
    }

    /** @return e.g. {@code ImageFolder[120 images, 3x32x32, classes=[cat, dog]]} */
    @Override
    public String toString() {
        return "ImageFolder[" + dataset.size() + " images, " + dataset.shape() + ", classes=" + classNames + "]";
    }
}
