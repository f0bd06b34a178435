package org.vae4j.examples.quickstart;

import java.nio.file.Path;
import org.vae4j.TrainingResult;
import org.vae4j.Vae;
import org.vae4j.VaeConfig;
import org.vae4j.VaeTrainer;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.mnist.Mnist;
import org.vae4j.image.ImageGrid;

/**
 * The five lines of the README: train the reference VAE on MNIST for 10 epochs with {@link VaeTrainer#fit} and
 * write 64 generated digits to {@code samples.png}.
 */
public final class FiveLines {
    private FiveLines() {
    }

    /**
     * Runs the example.
     *
     * @param args ignored
     * @throws Exception if MNIST cannot be obtained or the PNG cannot be written
     */
    public static void main(String[] args) throws Exception {
        ImageDataset train = Mnist.train();                       // found, cached or downloaded once
        VaeConfig config = VaeConfig.builder(784, 20).epochs(10).build();   // MLP 784-512-20, Bernoulli, Adam 1e-3
        TrainingResult result = new VaeTrainer(config).fit(train, Mnist.test());
        Vae vae = result.model();
        ImageGrid.write(vae.generate(64, 42), Mnist.SHAPE, 8, Path.of("samples.png"));
    }
}
