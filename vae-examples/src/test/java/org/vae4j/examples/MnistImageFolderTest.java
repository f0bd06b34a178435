package org.vae4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.console.CommandLines;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.folder.ImageFolder;
import org.vae4j.data.mnist.Mnist;
import org.vae4j.examples.quickstart.MnistImageFolder;

/** MnistImageFolder writes PNGs that ImageFolder reads back as MNIST's own pixels and labels, in class order. */
class MnistImageFolderTest {

    @Test
    void writtenFoldersReadBackAsMnist(@TempDir Path out) throws Exception {
        assertEquals(0, CommandLines.of(new MnistImageFolder()).execute("--train-size", "50", "--test-size", "20",
                "-o", out.toString()));
        try (var names = Files.list(out)) {
            assertEquals(List.of("test", "train"), names.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary folder left");
        }

        ImageFolder folder = ImageFolder.read(out.resolve("test"), ImageFolder.Options.grayscale());
        ImageDataset mnist = Mnist.test().first(20);
        List<Integer> byClass = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            byClass.add(i);
        }
        byClass.sort(Comparator.comparingInt(mnist::label)); // stable: index order within a class
        ImageDataset read = folder.dataset();
        assertEquals(20, read.size());
        for (int k = 0; k < 20; k++) {
            int i = byClass.get(k);
            assertEquals(Integer.toString(mnist.label(i)), folder.classNames().get(read.label(k)));
            assertArrayEquals(mnist.rows(i, i + 1).toFloatVector(), read.rows(k, k + 1).toFloatVector(), 0f,
                    "test image " + i);
        }
        assertEquals(50, ImageFolder.read(out.resolve("train"), ImageFolder.Options.grayscale()).dataset().size());

        assertEquals(1, CommandLines.of(new MnistImageFolder()).execute("--test-size", "1", "-o", out.toString()),
                "refuses to write over an existing folder");
        assertTrue(Files.exists(out.resolve("train")));
    }
}
