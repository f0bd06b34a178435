package org.vae4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.ImageShape;
import org.vae4j.data.OneHot;
import org.vae4j.likelihood.BernoulliLikelihood;
import org.vae4j.likelihood.GaussianLikelihood;
import org.vae4j.likelihood.Likelihood;
import org.vae4j.likelihood.MixedLikelihood;
import org.vae4j.prior.GaussianMixturePrior;

/**
 * {@code generate} with the likelihood's mean or a draw from it: draws have the likelihood's support and moments
 * around the means of the same codes (the same seed gives the same codes in both modes).
 */
class GenerationModeTest {
    private static final int N = 20_000;

    private static Vae untrained(int inputSize, Likelihood likelihood, int conditionSize) {
        VaeConfig config = VaeConfig.builder(inputSize, 2).encoder(org.vae4j.nn.MlpEncoder.relu(8))
                .decoder(org.vae4j.nn.MlpDecoder.relu(8)).likelihood(likelihood).conditionSize(conditionSize)
                .prior(GaussianMixturePrior.random(3, 2, 2.0, 1)).dataType(DataType.DOUBLE).epochs(0).seed(5).build();
        int[] labels = conditionSize == 0 ? null : new int[] {0};
        return new VaeTrainer(config).fit(ImageDataset.of(Nd4j.zeros(DataType.FLOAT, 1, inputSize), labels,
                new ImageShape(1, 1, inputSize))).model();
    }

    @Test
    void bernoulliDrawsAreBinaryWithTheDecodedMeans() {
        Vae vae = untrained(6, new BernoulliLikelihood(), 0);
        INDArray mean = vae.generate(N, 3, GenerationMode.MEAN);
        INDArray sample = vae.generate(N, 3, GenerationMode.SAMPLE);
        assertEquals(mean, vae.generate(N, 3), "MEAN is the default");
        assertEquals(sample, vae.generate(N, 3, GenerationMode.SAMPLE), "the same seed, the same draws");
        double[] values = sample.data().asDouble();
        for (double v : values) {
            assertTrue(v == 0 || v == 1, "binary: " + v);
        }
        // E[x] = E[mean(z)] per pixel; standard error from the Bernoulli variance
        double[] expected = mean.mean(0).toDoubleVector();
        double[] observed = sample.mean(0).toDoubleVector();
        for (int j = 0; j < 6; j++) {
            double se = Math.sqrt(expected[j] * (1 - expected[j]) / N);
            assertEquals(expected[j], observed[j], 4 * se + 1e-9, "pixel " + j);
        }
        // and the draws follow their own code's mean: a draw is 1 more often where the mean is high
        INDArray high = mean.gt(0.5).castTo(DataType.DOUBLE);
        double agree = sample.mul(high).add(sample.rsub(1).mul(high.rsub(1))).meanNumber().doubleValue();
        double expectedAgree = mean.mul(high).add(mean.rsub(1).mul(high.rsub(1))).meanNumber().doubleValue();
        assertEquals(expectedAgree, agree, 0.01);
    }

    @Test
    void gaussianDrawsScatterAroundTheMeanWithTheLikelihoodsVariance() {
        Vae fixed = untrained(5, GaussianLikelihood.fixedVariance(0.25), 0);
        INDArray residual = fixed.generate(N, 4, GenerationMode.SAMPLE).sub(fixed.generate(N, 4, GenerationMode.MEAN));
        assertArrayEquals(new double[5], residual.mean(0).toDoubleVector(), 0.01);
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25, 0.25}, residual.var(0).toDoubleVector(), 0.01);

        Vae learned = untrained(3, GaussianLikelihood.learnedVariance(), 0);
        learned.graph().getArrForVarName("likelihood/" + GaussianLikelihood.LOG_VARIANCE)
                .assign(Nd4j.createFromArray(Math.log(0.5), Math.log(2.0), Math.log(4.0)).reshape(1, 3));
        INDArray r = learned.generate(N, 4, GenerationMode.SAMPLE).sub(learned.generate(N, 4, GenerationMode.MEAN));
        double[] var = r.var(0).toDoubleVector();
        assertEquals(0.5, var[0], 0.03);
        assertEquals(2.0, var[1], 0.1);
        assertEquals(4.0, var[2], 0.2);
    }

    @Test
    void mixedDrawsAreOneHotForCategoriesWithTheSoftmaxFrequencies() {
        MixedLikelihood likelihood = new MixedLikelihood(List.of(
                new MixedLikelihood.Group("size", MixedLikelihood.Kind.GAUSSIAN, 0, 1),
                new MixedLikelihood.Group("flag", MixedLikelihood.Kind.BERNOULLI, 1, 1),
                new MixedLikelihood.Group("colour", MixedLikelihood.Kind.CATEGORICAL, 2, 3)),
                MixedLikelihood.DEFAULT_MIN_VARIANCE);
        Vae vae = untrained(5, likelihood, 0);
        INDArray mean = vae.generate(N, 6, GenerationMode.MEAN);
        INDArray sample = vae.generate(N, 6, GenerationMode.SAMPLE);
        INDArray colour = sample.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 5));
        assertEquals(N, colour.sumNumber().doubleValue(), 0.0, "one category per row");
        assertEquals(N, colour.eq(1.0).castTo(DataType.DOUBLE).sumNumber().doubleValue(), 0.0);
        double[] frequency = colour.mean(0).toDoubleVector();
        double[] probability = mean.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 5)).mean(0).toDoubleVector();
        assertArrayEquals(probability, frequency, 0.015);
        double flag = sample.getColumn(1).meanNumber().doubleValue();
        assertEquals(mean.getColumn(1).meanNumber().doubleValue(), flag, 0.015);
        assertTrue(sample.getColumn(0).sub(mean.getColumn(0)).varNumber().doubleValue() > 0.1, "Gaussian draws spread");
    }

    @Test
    void aConditionalModelWithALearnedPriorSamplesItInTheGraph() {
        VaeConfig config = VaeConfig.builder(4, 2).encoder(org.vae4j.nn.MlpEncoder.relu(8))
                .decoder(org.vae4j.nn.MlpDecoder.relu(8)).conditionSize(2)
                .prior(new org.vae4j.prior.LearnedGaussianMixturePrior(2, 1.0)).epochs(0).seed(5).build();
        Vae vae = new VaeTrainer(config).fit(ImageDataset.of(Nd4j.zeros(DataType.FLOAT, 1, 4), new int[] {0},
                new ImageShape(1, 1, 4))).model();
        vae.graph().getArrForVarName("prior/means").assign(Nd4j.createFromArray(new float[][] {{-3, 0}, {3, 0}}));
        INDArray z = vae.samplePrior(N, 2);
        assertEquals(0, z.getColumn(0).meanNumber().doubleValue(), 0.06);
        assertEquals(10, z.getColumn(0).varNumber().doubleValue(), 0.3, "9 between the modes + 1 within");
        assertEquals(z, vae.samplePrior(N, 2));
        assertArrayEquals(new long[] {2, 4}, vae.generate(OneHot.encode(new int[] {0, 1}, 2), 1,
                GenerationMode.SAMPLE).shape());
        assertThrows(IllegalArgumentException.class, () -> vae.samplePrior(0, 1));
    }

    @Test
    void conditionalModelsSampleToo() {
        Vae vae = untrained(4, new BernoulliLikelihood(), 2);
        INDArray condition = OneHot.encode(new int[] {0, 1, 1}, 2);
        INDArray sample = vae.generate(condition, 1, GenerationMode.SAMPLE);
        assertArrayEquals(new long[] {3, 4}, sample.shape());
        assertEquals(vae.generate(condition, 1), vae.generate(condition, 1, GenerationMode.MEAN));
        assertThrows(IllegalArgumentException.class, () -> vae.generate(3, 1, GenerationMode.SAMPLE));
        assertThrows(IllegalArgumentException.class,
                () -> untrained(4, new BernoulliLikelihood(), 0).generate(condition, 1, GenerationMode.SAMPLE));
    }
}
