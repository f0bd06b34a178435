package org.vae4j.examples.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.console.CommandLines;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.mnist.Mnist;

/** {@link MnistAnomaly} on a small subset of MNIST: the training set without the held-out digit, and the table. */
class MnistAnomalyTest {
    @TempDir
    Path out;

    @Test
    void theHeldOutDigitIsLeftOutOfTraining() throws Exception {
        ImageDataset train = Mnist.train().first(500);
        ImageDataset without = MnistAnomaly.without(train, 3);
        int threes = (int) Arrays.stream(train.labels()).filter(l -> l == 3).count();
        assertTrue(threes > 20, "500 MNIST images hold some 3s: " + threes);
        assertEquals(500 - threes, without.size());
        assertTrue(Arrays.stream(without.labels()).noneMatch(l -> l == 3));
        // the first image, a 5, is kept with its pixels
        assertEquals(train.features().getRow(0), without.features().getRow(0));
    }

    @Test
    void printsOneRowPerDigitAndTheMean() throws Exception {
        int code = CommandLines.of(new MnistAnomaly()).execute("--digits", "0,1", "--epochs", "1", "--train-size",
                "1000", "--test-size", "200", "--k", "5", "--save-models", "--output", out.toString());
        assertEquals(0, code);
        List<String> lines = Files.readAllLines(out.resolve("anomaly-auc.md"));
        assertEquals(5, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).startsWith("| held-out digit | anomalies | ROC AUC -log p(x), k=5 |"), lines.get(0));
        assertTrue(lines.get(0).contains("ROC AUC PCA (16)"), lines.get(0));
        String[] zero = lines.get(2).split("\\|");
        assertEquals(" 0 ", zero[1]);
        int zeros = (int) Arrays.stream(Mnist.test().first(200).labels()).filter(l -> l == 0).count();
        assertEquals(" " + zeros + " ", zero[2]);
        for (int c = 3; c <= 8; c++) {
            double value = Double.parseDouble(zero[c].strip());
            assertTrue(value >= 0 && value <= 1, "column " + c + ": " + value);
        }
        // a 0 is far from the other digits: PCA ranks the 0s high even on 1,000 training images
        assertTrue(Double.parseDouble(zero[5].strip()) > 0.7, lines.get(2));
        assertTrue(lines.get(4).startsWith("| mean | |"), lines.get(4));
        assertEquals(784, org.vae4j.Vae.load(out.resolve("model-without-1.vae")).config().inputSize());
    }
}
