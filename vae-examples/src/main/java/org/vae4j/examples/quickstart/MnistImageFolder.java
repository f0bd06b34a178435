package org.vae4j.examples.quickstart;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.console.CommandLines;
import org.vae4j.console.MnistDir;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.mnist.Mnist;
import org.vae4j.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Writes MNIST as folders of PNG images, the layout {@code vae4j train --image-folder} reads (one sub-folder per
 * class, labelled by the sorted folder names):
 * <pre>
 * mnist-png/train/0/00001.png ... mnist-png/train/9/59999.png   (the index in the training set)
 * mnist-png/test/0/00003.png  ... mnist-png/test/9/09999.png
 * </pre>
 * Each is a 28x28 8-bit grey PNG of the IDX bytes, so reading it back with
 * {@code ImageFolder.read(dir, ImageFolder.Options.grayscale())} gives MNIST's pixel values exactly (in class
 * order). It is a way to try image folders on data every vae4j user has; the folders are not part of the
 * repository.
 */
@Command(name = "mnist-image-folder", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Writes MNIST as PNG files, <output>/train/<digit>/<index>.png and <output>/test/...")
public final class MnistImageFolder implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(MnistImageFolder.class);

    @Mixin
    MnistDir mnist = new MnistDir();

    @Option(names = {"-o", "--output"}, defaultValue = "mnist-png", paramLabel = "DIR",
            description = "The folder to write train/ and test/ into (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--train-size", paramLabel = "N", description = "Write only the first N training images.")
    Integer trainSize;

    @Option(names = "--test-size", paramLabel = "N", description = "Write only the first N test images.")
    Integer testSize;

    @Override
    public Integer call() throws IOException {
        if (trainSize != null && trainSize < 1 || testSize != null && testSize < 1) {
            throw new IllegalArgumentException("--train-size and --test-size must be positive");
        }
        Path dir = mnist.locate();
        write(Mnist.train(dir), trainSize, output.resolve("train"));
        write(Mnist.test(dir), testSize, output.resolve("test"));
        return 0;
    }

    /**
     * Writes the images into a temporary folder beside {@code folder} and renames it to {@code folder} at the end,
     * so that an interrupted run leaves no half-written class folders (only a hidden {@code .train.*.tmp} folder).
     * The PNGs are not forced to disk one by one: for 70,000 small files that took minutes.
     */
    private static void write(ImageDataset data, Integer limit, Path folder) throws IOException {
        if (Files.exists(folder)) {
            throw new IllegalArgumentException(folder.toAbsolutePath() + " already exists; delete it or choose"
                    + " another --output");
        }
        ImageDataset images = limit == null ? data : data.first(limit);
        Path parent = Files.createDirectories(folder.toAbsolutePath().getParent());
        Path temp = Files.createDirectory(parent.resolve("." + folder.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + AtomicFiles.TEMP_SUFFIX));
        boolean moved = false;
        try {
            int h = images.shape().height();
            int w = images.shape().width();
            int[] grey = new int[h * w];
            for (int i = 0; i < images.size(); i++) {
                float[] pixels = images.rows(i, i + 1).toFloatVector();
                for (int p = 0; p < grey.length; p++) {
                    grey[p] = Math.round(pixels[p] * 255);
                }
                BufferedImage png = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
                png.getRaster().setPixels(0, 0, w, h, grey);
                Path classFolder = Files.createDirectories(temp.resolve(Integer.toString(images.label(i))));
                ImageIO.write(png, "png", classFolder.resolve(String.format(Locale.ROOT, "%05d.png", i)).toFile());
            }
            AtomicFiles.move(temp, folder.toAbsolutePath());
            moved = true;
        } finally {
            if (!moved) {
                try (Stream<Path> files = Files.walk(temp)) {
                    files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
        log.info("Wrote {} PNG images into {}", images.size(), folder.toAbsolutePath());
    }

    /**
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        CommandLines.run(new MnistImageFolder(), args);
    }
}
