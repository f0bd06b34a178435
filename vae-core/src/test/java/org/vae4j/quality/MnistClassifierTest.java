package org.vae4j.quality;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.ImageShape;
import org.vae4j.data.download.ChecksumMismatchException;
import org.vae4j.data.mnist.Mnist;
import org.vae4j.io.ModelFormatException;

/** One small classifier (3,000 training images, 1 epoch, batch 32) trained once for every test of the class. */
class MnistClassifierTest {
    private static final ClassifierTraining SMALL = new ClassifierTraining(3000, 1, 32, 1e-3, 42);

    @TempDir
    static Path cache;

    private static ImageDataset test;
    private static MnistClassifier classifier;
    private static double accuracy;

    @BeforeAll
    static void train() throws Exception {
        test = Mnist.test().first(2000).asFloats();
        classifier = MnistClassifier.trainOrLoad(cache, SMALL, Mnist.train().first(3000), null);
        accuracy = classifier.accuracy(test);
    }

    @Test
    void aSmallTrainingRunClassifiesWellAboveChance() {
        // measured 0.873 on the first 2,000 test images (chance: 0.1); the full run is to reach >= 0.99
        assertTrue(accuracy >= 0.83, "test accuracy " + accuracy);
    }

    @Test
    void outputsHaveTheDocumentedShapes() {
        INDArray images = test.first(5).features();
        assertArrayEquals(new long[] {5, 128}, classifier.features(images).shape());
        INDArray p = classifier.probabilities(images);
        assertArrayEquals(new long[] {5, 10}, p.shape());
        assertEquals(5, p.sum(1).sumNumber().doubleValue(), 1e-4);
        assertTrue(classifier.features(images).minNumber().doubleValue() >= 0, "features after a ReLU");
    }

    @Test
    void theCachedClassifierLoadsWithEqualPredictions() throws Exception {
        Path file = cache.resolve(SMALL.fileName());
        assertTrue(Files.isRegularFile(file) && Files.isRegularFile(ClassifierFile.checksumFile(file)));
        MnistClassifier loaded = MnistClassifier.trainOrLoad(cache, SMALL, null, null); // no data: it must load
        INDArray images = test.first(100).features();
        assertEquals(classifier.probabilities(images), loaded.probabilities(images));
        assertEquals(accuracy, loaded.accuracy(test), 0);
    }

    @Test
    void aChecksumMismatchIsATypedErrorNamingTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("weights.npz");
        classifier.save(file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class, () -> MnistClassifier.load(file));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().contains("weights.npz"), e.getMessage());

        Files.delete(ClassifierFile.checksumFile(file));
        ModelFormatException missing = assertThrows(ModelFormatException.class, () -> MnistClassifier.load(file));
        assertTrue(missing.getMessage().contains("weights.npz.sha256 is missing"), missing.getMessage());
    }

    @Test
    void weightsWithoutTheirChecksumFileAreNotACache(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(SMALL.fileName());
        classifier.save(file);
        Files.delete(ClassifierFile.checksumFile(file)); // as if the write stopped between the two files
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MnistClassifier.trainOrLoad(dir, SMALL, null, null));
        assertTrue(e.getMessage().contains("no cached classifier"), "it would train again: " + e.getMessage());
    }

    @Test
    void fewerTrainingImagesThanTheCacheNameSaysAreRefused(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MnistClassifier.trainOrLoad(dir, SMALL, test.first(10), null));
        assertTrue(e.getMessage().contains("train holds 10 images, fewer than ClassifierTraining.trainSize 3000"),
                e.getMessage());
    }

    @Test
    void sampleQualityOfRealImagesIsNearTheReferenceAndOfNoiseFarFromIt() {
        SampleQuality quality = new SampleQuality(classifier, test.subset(0, 1000));
        INDArray other = test.subset(1000, 2000).features();
        SampleQuality.Result real = quality.evaluate(other);
        SampleQuality.Result noise = quality.evaluate(ImageGenerator.of(Mnist.SHAPE,
                (n, seed) -> Nd4j.rand(DataType.FLOAT, n, 784)), 1000, 1);
        SampleQuality.Result self = quality.evaluate(test.subset(0, 1000).features());
        // measured: real FID 3.22, IS 5.40 (this weak classifier); noise FID 871, IS 1.25
        assertEquals(0, self.fid(), 1e-4); // float features, double statistics
        assertTrue(noise.fid() > 10 * real.fid(), real + " vs " + noise);
        assertTrue(real.inceptionScore().mean() > 4.5, real.toString());
        assertTrue(noise.inceptionScore().mean() < 2, noise.toString());
        assertEquals(10, real.inceptionScore().splits());
    }

    @Test
    void wrongShapesAndTooFewSamplesAreClearErrors() {
        SampleQuality quality = new SampleQuality(classifier, test.subset(0, 100));
        IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
                () -> quality.evaluate(ImageGenerator.of(Mnist.SHAPE, (n, s) -> Nd4j.rand(n, 784)), 1, 1));
        assertTrue(few.getMessage().startsWith("n must be >= 2"), few.getMessage());

        InvalidImagesException columns = assertThrows(InvalidImagesException.class,
                () -> quality.evaluate(Nd4j.rand(DataType.FLOAT, 4, 783)));
        assertTrue(columns.getMessage().contains("[n, 784]") && columns.getMessage().contains("[4, 783]"),
                columns.getMessage());

        InvalidImagesException generatorShape = assertThrows(InvalidImagesException.class,
                () -> quality.evaluate(ImageGenerator.of(new ImageShape(3, 32, 32), (n, s) -> Nd4j.rand(n, 3072)),
                        10, 1));
        assertTrue(generatorShape.getMessage().contains("3x32x32"), generatorShape.getMessage());

        INDArray bright = Nd4j.rand(DataType.FLOAT, 3, 784);
        bright.putScalar(2, 17, 1.5);
        InvalidImagesException range = assertThrows(InvalidImagesException.class, () -> quality.evaluate(bright));
        assertTrue(range.getMessage().contains("row 2, column 17 is 1.5"), range.getMessage());
    }
}
