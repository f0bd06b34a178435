package org.vae4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vae4j.TestModels.assertSameHistory;
import static org.vae4j.TestModels.assertSameState;

import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.mnist.Mnist;
import org.vae4j.nn.MlpDecoder;
import org.vae4j.nn.MlpEncoder;

/**
 * Resume on real data: a run on 3,000 real MNIST images, resumed from its epoch-1 and epoch-2 checkpoint files, ends
 * with the same parameters, optimizer state and history (wall times aside) as the uninterrupted run, bit for bit.
 */
class MnistResumeTest {

    @Test
    void runsResumedFromCheckpointFilesEndBitForBitLikeTheUninterruptedRun(@TempDir Path dir) throws Exception {
        ImageDataset train = Mnist.train().first(3_000);
        ImageDataset test = Mnist.test().first(500);
        VaeConfig config = VaeConfig.builder(784, 8).encoder(MlpEncoder.relu(64)).decoder(MlpDecoder.relu(64))
                .batchSize(100).epochs(3).seed(11).build();
        Path folder = dir.resolve("checkpoints");
        TrainingResult whole = new VaeTrainer(config)
                .withListeners(Checkpointer.create(new CheckpointPolicy(folder, 1, 3, false))).fit(train, test);
        assertTrue(whole.history().last().validation().elbo() > -300, whole.history().toString());
        for (int k = 1; k <= 2; k++) {
            Vae checkpoint = Vae.load(folder.resolve(Checkpointer.fileName(k)));
            TrainingResult resumed = new VaeTrainer(config).resume(checkpoint, train, test);
            assertSameState(whole.model(), resumed.model());
            assertSameHistory(whole.history(), resumed.history());
            assertEquals(whole.model().evaluate(test, 0, 3).elbo(), resumed.model().evaluate(test, 0, 3).elbo());
            System.out.printf(Locale.ROOT, "resumed after epoch %d: test ELBO per epoch %s, uninterrupted %s%n", k,
                    resumed.history().epochs().stream().map(r -> r.validation().elbo()).toList(),
                    whole.history().epochs().stream().map(r -> r.validation().elbo()).toList());
        }
    }
}
