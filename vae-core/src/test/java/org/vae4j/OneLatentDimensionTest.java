package org.vae4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.junit.jupiter.api.Test;
import org.vae4j.data.ImageDataset;
import org.vae4j.nn.MlpDecoder;
import org.vae4j.nn.MlpEncoder;

/** A one-dimensional latent space: every size-1 axis (KL sums, the reparameterization) trains and evaluates. */
class OneLatentDimensionTest {

    @Test
    void aModelWithOneLatentDimensionTrainsAndEvaluates() {
        ImageDataset data = TestModels.stripes(200, 42);
        VaeConfig config = VaeConfig.builder(16, 1).encoder(MlpEncoder.relu(16)).decoder(MlpDecoder.relu(16))
                .batchSize(32).epochs(3).seed(7).build();
        TrainingResult result = new VaeTrainer(config).fit(data, data.first(50));
        Vae vae = result.model();
        assertArrayEquals(new long[] {5, 1}, vae.encode(data.first(5).features()).mean().shape());
        Evaluation e = vae.evaluate(data.first(50), 10, 3);
        assertTrue(Double.isFinite(e.elbo().elbo()), e.describe());
        assertTrue(e.logLikelihood() >= e.elbo().elbo() - 0.5, e.describe());
        var epochs = vae.history().epochs();
        assertEquals(3, epochs.size());
        assertTrue(epochs.get(2).train().elbo() > epochs.get(0).train().elbo(), epochs.toString());
    }
}
