package org.vae4j.anomaly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.Vae;
import org.vae4j.VaeConfig;
import org.vae4j.VaeTrainer;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.ImageShape;
import org.vae4j.data.mnist.Mnist;
import org.vae4j.nn.MlpDecoder;
import org.vae4j.nn.MlpEncoder;

/**
 * Anomaly scores of a small VAE trained on 2,000 MNIST digits for 2 epochs: uniform noise images score far above
 * test digits, with either score; the scores are minus the model's own estimates, chunk by chunk.
 */
class AnomalyScorerTest {
    private static Vae mnist;
    private static ImageDataset digits;
    private static ImageDataset noise;

    @BeforeAll
    static void train() throws Exception {
        VaeConfig config = VaeConfig.builder(Mnist.SHAPE, 8).encoder(MlpEncoder.relu(128))
                .decoder(MlpDecoder.relu(128)).batchSize(100).epochs(2).seed(1).build();
        mnist = new VaeTrainer(config).fit(Mnist.train().first(2000)).model();
        digits = Mnist.test().first(200);
        noise = ImageDataset.of(uniform(200, 784, 9), null, Mnist.SHAPE);
    }

    /** n x d values uniform in [0, 1), from a seeded generator. */
    private static INDArray uniform(int n, int d, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[n * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextDouble();
        }
        return Nd4j.create(v, new long[] {n, d}, DataType.FLOAT);
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElseThrow();
    }

    private static double[] concat(double[] a, double[] b) {
        double[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** The first n false, the next m true. */
    private static boolean[] lastAreAnomalies(int n, int m) {
        boolean[] flags = new boolean[n + m];
        Arrays.fill(flags, n, n + m, true);
        return flags;
    }

    @Test
    void noiseImagesScoreFarAboveDigits() {
        for (AnomalyScorer scorer : List.of(AnomalyScorer.importanceSampling(mnist, 20, 7),
                AnomalyScorer.reconstruction(mnist))) {
            double[] digitScores = scorer.score(digits);
            double[] noiseScores = scorer.score(noise);
            double digitMean = mean(digitScores);
            double noiseMean = mean(noiseScores);
            // a digit costs ~100-250 nats; a uniform image at least its Bernoulli entropy, 784 * 1/2 nats
            assertTrue(digitMean > 60 && digitMean < 300, scorer + ": digits " + digitMean);
            assertTrue(noiseMean > 2 * digitMean, scorer + ": noise " + noiseMean + ", digits " + digitMean);
            assertEquals(1.0, AnomalyMetrics.rocAuc(concat(digitScores, noiseScores), lastAreAnomalies(200, 200)),
                    scorer.toString());
            AnomalyThreshold threshold = AnomalyThreshold.fromQuantile(digitScores, 0.99);
            for (boolean flag : threshold.flags(noiseScores)) {
                assertTrue(flag, "every noise image above the digits' 0.99-quantile");
            }
        }
    }

    @Test
    void scoresAreMinusTheModelsEstimates() {
        ImageDataset x = digits.first(30);
        double[] expected = mnist.logLikelihood(x.features(), null, 20, new SplittableRandom(7).nextLong())
                .muli(-1).toDoubleVector();
        assertArrayEquals(expected, AnomalyScorer.importanceSampling(mnist, 20, 7).score(x), 0.0);
        assertArrayEquals(expected, AnomalyScorer.importanceSampling(mnist, 20, 7).score(x.features()), 0.0);
        double[] reconstruction = mnist.reconstructionLogLikelihood(x.features()).castTo(DataType.DOUBLE).muli(-1)
                .toDoubleVector();
        assertArrayEquals(reconstruction, AnomalyScorer.reconstruction(mnist).score(x), 0.0);
        double is = mean(AnomalyScorer.importanceSampling(mnist, 100, 7).score(x));
        double one = mean(AnomalyScorer.importanceSampling(mnist, 1, 7).score(x));
        assertTrue(is < one, "k = 100 gives a tighter bound, a lower -log p(x): " + is + " vs " + one);
    }

    @Test
    void largeKScoresInChunksWithProgressAfterEach() {
        ImageShape shape = ImageShape.vector(16);
        INDArray data = uniform(64, 16, 3);
        Vae tiny = new VaeTrainer(VaeConfig.builder(shape, 2).encoder(MlpEncoder.relu(8))
                .decoder(MlpDecoder.relu(8)).batchSize(32).epochs(1).seed(3).build())
                .fit(ImageDataset.of(data, null, shape)).model();
        int k = AnomalyScorer.PAIRS_PER_CHUNK / 9; // 9 examples per chunk
        AnomalyScorer scorer = AnomalyScorer.importanceSampling(tiny, k, 5);
        assertEquals(9, scorer.chunkSize());
        ImageDataset x = ImageDataset.of(data, null, shape).first(20);
        List<String> updates = new ArrayList<>();
        double[] scores = scorer.score(x, (done, total, meanScore) -> updates.add(done + "/" + total + " "
                + meanScore));
        SplittableRandom seeds = new SplittableRandom(5);
        double[] expected = new double[20];
        double sum = 0;
        List<String> expectedUpdates = new ArrayList<>();
        for (int from = 0; from < 20; from += 9) {
            int to = Math.min(20, from + 9);
            double[] chunk = tiny.logLikelihood(x.rows(from, to), null, k, seeds.nextLong()).toDoubleVector();
            for (int i = 0; i < chunk.length; i++) {
                expected[from + i] = -chunk[i];
                sum -= chunk[i];
            }
            expectedUpdates.add(to + "/20 " + sum / to);
        }
        assertArrayEquals(expected, scores, 0.0);
        assertEquals(expectedUpdates, updates);
    }

    @Test
    void aConditionalVaeIsScoredOnTheOneHotLabels() {
        ImageShape shape = ImageShape.vector(16);
        INDArray data = uniform(40, 16, 4);
        int[] labels = new int[40];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 3;
        }
        ImageDataset labelled = ImageDataset.of(data, labels, shape);
        Vae conditional = new VaeTrainer(VaeConfig.builder(shape, 2).encoder(MlpEncoder.relu(8))
                .decoder(MlpDecoder.relu(8)).conditionSize(3).batchSize(20).epochs(1).seed(3).build())
                .fit(labelled).model();
        double[] expected = conditional.logLikelihood(data, org.vae4j.data.OneHot.encode(labels, 3), 10,
                new SplittableRandom(2).nextLong()).muli(-1).toDoubleVector();
        assertArrayEquals(expected, AnomalyScorer.importanceSampling(conditional, 10, 2).score(labelled), 0.0);
        assertThrows(IllegalArgumentException.class, () -> AnomalyScorer.reconstruction(conditional)
                .score(ImageDataset.of(data, null, shape)), "a conditional VAE needs labels");
    }

    @Test
    void badInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> AnomalyScorer.importanceSampling(mnist, 0, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AnomalyScorer.reconstruction(mnist).score(ImageDataset.of(Nd4j.zeros(DataType.FLOAT, 2, 10),
                        null, ImageShape.vector(10))));
        assertEquals("the model takes 784 features per example but the data has 10", e.getMessage());
    }
}
