package org.vae4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.mnist.Mnist;

/**
 * Learned quality on real data: three epochs of the reference model on 10,000 real MNIST training images must lift
 * the test lower bound from its initial value (about -545 nats, near 784 ln 2) past -165 nats, and the ELBO the
 * trainer reports must be the model's real ELBO. MNIST comes from {@code vae4j.mnist.dir} / {@code VAE4J_MNIST_DIR}
 * if set, else the cache or a download, as for a user. On the trained model, the importance-sampled log p(x) rises
 * with k (1, 10, 100) from about the ELBO.
 */
class MnistTrainingTest {

    @Test
    void shortTrainingOnRealMnistRaisesTheLowerBound() throws Exception {
        ImageDataset train = Mnist.train().first(10_000);
        ImageDataset test = Mnist.test().first(2_000);
        VaeConfig config = VaeConfig.builder(784, 20).epochs(3).seed(1).build();

        Vae untrained = new VaeTrainer(config.toBuilder().epochs(0).build()).fit(train).model();
        double before = untrained.evaluate(test, 0, 5).elbo().elbo();

        TrainingResult result = new VaeTrainer(config).fit(train, test);
        double after = result.model().evaluate(test, 0, 5).elbo().elbo();
        List<EpochRecord> epochs = result.history().epochs();

        assertTrue(before < -400, "an untrained model should score near -545 nats, got " + before);
        assertTrue(after > -165, "after 3 epochs on 10k images the test ELBO should pass -165 nats, got " + after);
        assertTrue(after - before > 250, "the lower bound should rise by > 250 nats, rose " + (after - before));
        for (int i = 1; i < epochs.size(); i++) {
            assertTrue(epochs.get(i).train().elbo() > epochs.get(i - 1).train().elbo(),
                    "training ELBO should rise every epoch: " + epochs);
        }
        // the validation figure in the history is the model's ELBO on the test set with the validation noise
        assertEquals(result.model().evaluate(test, 0, VaeTrainer.VALIDATION_SEED).elbo().elbo(),
                result.history().last().validation().elbo(), 1e-3);
        // the reported training ELBO is a real ELBO: close to the final model's ELBO on the training data
        double trainNow = result.model().evaluate(train, 0, 6).elbo().elbo();
        double reported = result.history().last().train().elbo();
        assertTrue(Math.abs(trainNow - reported) < 10 && reported < trainNow + 1,
                "reported training ELBO " + reported + " vs the model's " + trainNow);

        // the importance-sampled estimate on the trained model: its mean over examples does not decrease with k,
        // agrees with the ELBO at k = 1 (within the sampling error of 500 examples), and k = 100 beats the ELBO
        ImageDataset few = test.first(500);
        Evaluation evaluation = result.model().evaluate(few, 0, 9);
        double elbo = evaluation.elbo().elbo();
        double previous = Double.NEGATIVE_INFINITY;
        StringBuilder table = new StringBuilder("ELBO " + elbo);
        for (int k : new int[] {1, 10, 100}) {
            double estimate = result.model().logLikelihood(few.features(), k, 11).meanNumber().doubleValue();
            table.append(", k=").append(k).append(": ").append(estimate);
            assertTrue(estimate > previous, "non-decreasing in k: " + table);
            previous = estimate;
            if (k == 1) {
                assertEquals(elbo, estimate, 1.5, "k = 1 is the ELBO in expectation: " + table);
            }
        }
        assertTrue(previous > elbo + 2, "k = 100 should be a clearly tighter bound than the ELBO: " + table);
        assertTrue(evaluation.latent().activeUnits() >= 5 && evaluation.latent().activeUnits() <= 20,
                "active units of the trained 20-dimensional model: " + evaluation.latent());
    }
}
