package org.vae4j;

import static org.vae4j.TestModels.assertBitEqual;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.data.ImageDataset;

/** Eight threads calling one model at once get exactly what sequential calls get. */
class ConcurrencyTest {
    private static final int THREADS = 8;

    @Test
    void eightThreadsEncodingDecodingGeneratingAndScoringMatchSequentialResults() throws Exception {
        ImageDataset data = TestModels.stripes(1_200, 42); // more than Vae.CHUNK: several graph executions per call
        Vae vae = new VaeTrainer(TestModels.tiny(1)).fit(data).model();
        List<INDArray> inputs = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            inputs.add(data.subset(t * 50, t * 50 + 1_150 - t * 100).features());
        }
        List<List<INDArray>> sequential = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            sequential.add(calls(vae, inputs.get(t), t));
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<List<INDArray>>>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    List<List<INDArray>> rounds = new ArrayList<>();
                    for (int round = 0; round < 3; round++) {
                        rounds.add(calls(vae, inputs.get(thread), thread));
                    }
                    return rounds;
                }));
            }
            start.countDown();
            for (int t = 0; t < THREADS; t++) {
                for (List<INDArray> round : futures.get(t).get(5, TimeUnit.MINUTES)) {
                    for (int i = 0; i < round.size(); i++) {
                        assertBitEqual(sequential.get(t).get(i), round.get(i), "thread " + t + ", result " + i);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<INDArray> calls(Vae vae, INDArray x, int seed) {
        DiagonalGaussian q = vae.encode(x);
        return List.of(q.mean(), q.logVariance(), vae.decode(q.mean()), vae.generate(300, seed),
                vae.elbo(x, seed).elbo(), vae.sampleLatent(x, seed));
    }
}
