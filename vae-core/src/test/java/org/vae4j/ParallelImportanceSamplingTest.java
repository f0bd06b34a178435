package org.vae4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vae4j.TestModels.assertBitEqual;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.data.ImageDataset;
import org.vae4j.exec.GraphRunner;
import org.vae4j.exec.ImportanceSampling;
import org.vae4j.nn.MlpDecoder;
import org.vae4j.nn.MlpEncoder;

/** The importance-sampled estimate on several threads, each with its own copy of the graph, equals one thread's. */
class ParallelImportanceSamplingTest {
    private static final int N = 50;
    /** 4 examples per batch: 13 batches, in 8 blocks on two threads and 12 on three. */
    private static final int K = 2000;
    /** More than ImportanceSampling.ROWS: each example's pairs in two batches. */
    private static final int LARGE_K = 9000;

    private static Vae model(DataType dataType) {
        VaeConfig config = VaeConfig.builder(TestModels.SHAPE.size(), 3).encoder(MlpEncoder.relu(24))
                .decoder(MlpDecoder.relu(24)).batchSize(32).epochs(1).seed(5).dataType(dataType).build();
        return new VaeTrainer(config).fit(TestModels.stripes(200, 7)).model();
    }

    private static List<GraphRunner> runners(Vae vae, int count) {
        List<GraphRunner> runners = new ArrayList<>(List.of(vae.runner()));
        for (int i = 1; i < count; i++) {
            runners.add(VaeFiles.copyGraph(vae.config(), vae.runner()));
        }
        return runners;
    }

    private static INDArray estimate(Vae vae, INDArray x, int k, int threads, ImportanceSampling.Progress progress) {
        List<GraphRunner> runners = runners(vae, threads);
        return Backend.withOneNativeThread(() -> ImportanceSampling.estimate(runners, vae.config().latentSize(), x,
                null, k, 17, progress));
    }

    @Test
    void oneTwoAndThreeThreadsGiveTheSameBitsPerExampleInDoubleAndFloat() {
        for (DataType dataType : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            Vae vae = model(dataType);
            INDArray x = TestModels.stripes(N, 9).features();
            INDArray one = estimate(vae, x, K, 1, ImportanceSampling.Progress.NONE);
            INDArray twelve = x.get(NDArrayIndex.interval(0, 12), NDArrayIndex.all()).dup();
            INDArray oneLarge = estimate(vae, twelve, LARGE_K, 1, ImportanceSampling.Progress.NONE);
            for (int threads : new int[] {2, 3}) {
                assertBitEqual(one, estimate(vae, x, K, threads, ImportanceSampling.Progress.NONE),
                        dataType + ", " + threads + " threads");
                // 12 examples, each in two batches: 8 blocks (of one or two examples) on two threads, 12 on three
                assertBitEqual(oneLarge, estimate(vae, twelve, LARGE_K, threads, ImportanceSampling.Progress.NONE),
                        dataType + ", k = " + LARGE_K + ", " + threads + " threads");
            }
            // an example's draws depend on its index and the seed only: the first 13 alone (other batches, so other
            // neighbours in the matrix products) give the same estimates up to rounding
            INDArray first = estimate(vae, x.get(NDArrayIndex.interval(0, 13), NDArrayIndex.all()), K, 2,
                    ImportanceSampling.Progress.NONE);
            for (int i = 0; i < 13; i++) {
                assertEquals(one.getDouble(i), first.getDouble(i), dataType == DataType.DOUBLE ? 1e-9 : 1e-4);
            }
            assertTrue(one.maxNumber().doubleValue() < 0 && oneLarge.maxNumber().doubleValue() < 0,
                    "log-likelihoods of [0,1] pixels under a Bernoulli are negative: " + one);
            assertNotEquals(one.getDouble(0), one.getDouble(1), "examples get different draws");
            assertEquals(one.getDouble(0), oneLarge.getDouble(0), 0.05, "k = 2000 and 9000 estimate the same");
        }
    }

    @Test
    void aModelOfMnistsWidthGivesTheSameBitsOnTwoThreads() {
        // 784 inputs: matrix products large enough for BLAS's blocked kernels, in float
        org.vae4j.data.ImageShape shape = org.vae4j.data.ImageShape.grayscale(28, 28);
        VaeConfig config = VaeConfig.builder(shape, 8).encoder(MlpEncoder.relu(64)).decoder(MlpDecoder.relu(64))
                .epochs(0).seed(2).build();
        float[] pixels = new float[24 * 784];
        java.util.SplittableRandom random = new java.util.SplittableRandom(4);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextDouble();
        }
        INDArray x = Nd4j.create(pixels, new long[] {24, 784}, DataType.FLOAT);
        Vae vae = new VaeTrainer(config).fit(ImageDataset.of(x, null, shape)).model();
        // 700 samples: batches of 11 images, 3 blocks on two threads
        assertBitEqual(estimate(vae, x, 700, 1, ImportanceSampling.Progress.NONE),
                estimate(vae, x, 700, 2, ImportanceSampling.Progress.NONE), "784 inputs, two threads");
    }

    @Test
    void progressIsMonotoneReachesNAndEndsAtTheMean() {
        Vae vae = model(DataType.DOUBLE);
        INDArray x = TestModels.stripes(N, 9).features();
        List<double[]> updates = java.util.Collections.synchronizedList(new ArrayList<>());
        INDArray result = estimate(vae, x, K, 3, (done, total, mean) -> updates.add(new double[] {done, total,
                mean}));
        assertEquals(13, updates.size(), "one update per batch");
        for (int i = 1; i < updates.size(); i++) {
            assertTrue(updates.get(i)[0] > updates.get(i - 1)[0], "done increases");
        }
        double[] last = updates.get(updates.size() - 1);
        assertEquals(N, last[0]);
        assertEquals(N, last[1]);
        assertEquals(result.meanNumber().doubleValue(), last[2], 1e-9);
    }

    @Test
    void aWorkersExceptionSurfacesWithItsMessage() {
        Vae vae = model(DataType.FLOAT);
        INDArray x = TestModels.stripes(N, 9).features();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> estimate(vae, x, K, 2,
                (done, total, mean) -> {
                    if (done >= 20) {
                        throw new IllegalStateException("stopped at " + done + " of " + total);
                    }
                }));
        assertTrue(e.getMessage().startsWith("stopped at ") && e.getMessage().endsWith(" of 50"), e.getMessage());
    }

    @Test
    void anInterruptedEstimateReturnsOnlyAfterItsWorkersEnded() {
        Vae vae = model(DataType.FLOAT);
        INDArray x = TestModels.stripes(N, 9).features();
        Thread caller = Thread.currentThread();
        java.util.concurrent.atomic.AtomicBoolean workerEnded = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger updates = new java.util.concurrent.atomic.AtomicInteger();
        try {
            assertThrows(java.util.concurrent.CancellationException.class, () -> estimate(vae, x, K, 2,
                    (done, total, mean) -> {
                        if (updates.incrementAndGet() == 1) {
                            caller.interrupt();
                            // still inside a worker's batch when the caller is interrupted, deaf to interrupts as
                            // a native graph execution is
                            long end = System.nanoTime() + 300_000_000L;
                            while (System.nanoTime() < end) {
                                Thread.onSpinWait();
                            }
                            workerEnded.set(true);
                        }
                    }));
            assertTrue(workerEnded.get(), "the estimate waited for the worker that was still running");
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
            int seen = updates.get();
            assertTrue(seen < 13, "the workers stopped early: " + seen + " updates");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void theNativeCountsAreRestoredWhenTheWorkFails() {
        int before = Nd4j.getEnvironment().maxThreads();
        int blasBefore = Nd4j.factory().blas().getMaxThreads();
        assertThrows(IllegalStateException.class, () -> Backend.withOneNativeThread(() -> {
            throw new IllegalStateException("failed");
        }));
        assertEquals(before, Nd4j.getEnvironment().maxThreads());
        assertEquals(blasBefore, Nd4j.factory().blas().getMaxThreads());
    }

    @Test
    void theModelsMethodsUseTheConfiguredThreadsWithTheSameResult() {
        Vae vae = model(DataType.FLOAT);
        ImageDataset data = TestModels.stripes(60, 9);
        INDArray x = data.features();
        int threads = Backend.threads();
        int nativeThreads = Nd4j.getEnvironment().maxThreads();
        try {
            Backend.setThreads(1);
            INDArray one = vae.logLikelihood(x, 600, 3); // 36,000 pairs: two threads' worth
            Evaluation evaluationOne = vae.evaluate(data, 600, 4);
            Backend.setThreads(3);
            int blasThreads = Nd4j.factory().blas().getMaxThreads(); // 3 (ND4J's own count may stay capped)
            assertEquals(3, Backend.threads());
            assertEquals(2, VaeExecution.workers(Backend.threads(), x.rows(), 600));
            assertBitEqual(one, vae.logLikelihood(x, 600, 3), "logLikelihood on 2 threads");
            assertEquals(evaluationOne.logLikelihood(), vae.evaluate(data, 600, 4).logLikelihood(), 0.0);
            assertEquals(blasThreads, Nd4j.factory().blas().getMaxThreads(), "the native count is restored");
        } finally {
            Backend.setThreads(threads);
            Nd4j.getEnvironment().setMaxThreads(nativeThreads);
        }
    }

    @Test
    void aConditionalVaeAndAFullCovariancePosteriorGiveTheSameBitsOnThreeThreads() {
        ImageDataset data = TestModels.labelledStripes(60, 9);
        Vae conditional = new VaeTrainer(VaeConfig.builder(TestModels.SHAPE.size(), 2).encoder(MlpEncoder.relu(8))
                .decoder(MlpDecoder.relu(8)).conditionSize(4).batchSize(20).epochs(1).seed(3).build()).fit(data)
                .model();
        Vae full = new VaeTrainer(VaeConfig.builder(TestModels.SHAPE.size(), 3).encoder(MlpEncoder.relu(8))
                .decoder(MlpDecoder.relu(8)).posterior(org.vae4j.nn.PosteriorFamily.FULL_COVARIANCE).batchSize(20)
                .epochs(1).seed(3).build()).fit(data).model();
        INDArray y = org.vae4j.data.OneHot.encode(data.labels(), 4);
        int threads = Backend.threads();
        try {
            Backend.setThreads(1);
            INDArray conditionalOne = conditional.logLikelihood(data.features(), y, 1000, 5);
            INDArray fullOne = full.logLikelihood(data.features(), 1000, 5);
            Backend.setThreads(3);
            assertEquals(3, VaeExecution.workers(Backend.threads(), 60, 1000));
            assertBitEqual(conditionalOne, conditional.logLikelihood(data.features(), y, 1000, 5), "conditional");
            assertBitEqual(fullOne, full.logLikelihood(data.features(), 1000, 5), "full covariance");
        } finally {
            Backend.setThreads(threads);
        }
    }

    @Test
    void workersNeedTwoBatchesOfPairsEachAndAtLeastOneExample() {
        assertEquals(1, VaeExecution.workers(1, 10_000, 5000));
        assertEquals(2, VaeExecution.workers(2, 10_000, 5000));
        assertEquals(8, VaeExecution.workers(8, 10_000, 5000));
        assertEquals(1, VaeExecution.workers(4, 200, 100), "20,000 pairs: not two batches for two threads");
        assertEquals(2, VaeExecution.workers(4, 200, 200));
        assertEquals(3, VaeExecution.workers(4, 3, 100_000), "one example per thread at most");
    }

    @Test
    void oneNativeThreadForTheWorkThenTheCountBefore() {
        int before = Nd4j.getEnvironment().maxThreads();
        int blasBefore = Nd4j.factory().blas().getMaxThreads();
        int[] inside = Backend.withOneNativeThread(() -> new int[] {Nd4j.getEnvironment().maxThreads(),
                Nd4j.getEnvironment().maxMasterThreads(), Nd4j.factory().blas().getMaxThreads()});
        assertEquals(List.of(1, 1, 1), List.of(inside[0], inside[1], inside[2]));
        assertEquals(before, Nd4j.getEnvironment().maxThreads());
        assertEquals(blasBefore, Nd4j.factory().blas().getMaxThreads());
    }
}
