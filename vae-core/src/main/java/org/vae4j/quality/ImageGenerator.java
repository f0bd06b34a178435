package org.vae4j.quality;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.GenerationMode;
import org.vae4j.Vae;
import org.vae4j.data.ImageShape;
import org.vae4j.data.OneHot;

/**
 * Any model that draws images: what {@link SampleQuality} measures. A generator returns {@code n} images as rows
 * {@code [n, shape().size()]}, channel-first, pixel values in [0, 1], reproducibly for a seed.
 *
 * <p>For a model with a method {@code INDArray generate(int n, long seed)}, such as a GAN, the adapter is one line:
 * {@code ImageGenerator.of(Mnist.SHAPE, gan::generate)}.
 */
public interface ImageGenerator {

    /**
     * @param n the number of images, {@code > 0}
     * @param seed seeds every random draw
     * @return the images, {@code [n, shape().size()]}, values in [0, 1]
     */
    INDArray generate(int n, long seed);

    /** @return the shape of one image, e.g. {@code 1x28x28} */
    ImageShape shape();

    /** A function drawing {@code n} images from a seed: the one method of a generator, e.g. {@code gan::generate}. */
    @FunctionalInterface
    interface Sampling {
        /**
         * @param n the number of images
         * @param seed seeds every random draw
         * @return the images, {@code [n, pixels]}
         */
        INDArray generate(int n, long seed);
    }

    /**
     * @param shape the shape of one image
     * @param sampling draws the images
     * @return a generator of those images
     */
    static ImageGenerator of(ImageShape shape, Sampling sampling) {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(sampling, "sampling");
        return new ImageGenerator() {
            @Override
            public INDArray generate(int n, long seed) {
                return sampling.generate(n, seed);
            }

            @Override
            public ImageShape shape() {
                return shape;
            }
        };
    }

    /**
     * {@link #of(Vae, GenerationMode)} with {@link GenerationMode#MEAN}: the decoded means, the smooth grey-level
     * images VAE papers show and the usual choice when VAE samples are scored, as the classifier was trained on grey
     * levels. With {@link GenerationMode#SAMPLE} each pixel is a draw from p(x|z) (binary for a Bernoulli decoder),
     * noisier images that score worse.
     *
     * @param vae a trained VAE, unconditional or conditional
     * @return the generator
     */
    static ImageGenerator of(Vae vae) {
        return of(vae, GenerationMode.MEAN);
    }

    /**
     * A VAE as a generator: z ~ p(z), decoded to the mean of p(x|z) or a draw from it ({@link Vae#generate}). A
     * conditional VAE gets one-hot conditions cycling through its classes, {@code i mod conditionSize} for image
     * i, so the classes are balanced (to within one image).
     *
     * @param vae a trained VAE
     * @param mode decoded means or draws
     * @return the generator; its shape is the VAE's {@code inputShape}
     */
    static ImageGenerator of(Vae vae, GenerationMode mode) {
        Objects.requireNonNull(vae, "vae");
        Objects.requireNonNull(mode, "mode");
        int classes = vae.config().conditionSize();
        return of(vae.config().inputShape(), (n, seed) -> {
            if (classes == 0) {
                return vae.generate(n, seed, mode);
            }
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = i % classes;
            }
            return vae.generate(OneHot.encode(labels, classes), seed, mode);
        });
    }
}
