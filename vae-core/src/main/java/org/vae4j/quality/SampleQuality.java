package org.vae4j.quality;

import java.util.Locale;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.data.ImageDataset;

/**
 * Sample quality of any {@link ImageGenerator} of MNIST-shaped images, measured with an {@link MnistClassifier}:
 *
 * <ul>
 *   <li><b>FID on MNIST features</b>: the {@link FrechetDistance} between the Gaussians fitted to the classifier's
 *       128 penultimate features of the generated images and of the real reference images (the MNIST test set);
 *       lower is better, 0 for identical feature statistics. Heusel et al. 2017 define it with Inception-v3
 *       features; values on these features are not comparable with published Inception FIDs.</li>
 *   <li><b>Inception score</b> with the classifier's predictions ({@link InceptionScore}): the mean and standard
 *       deviation over 10 splits, as Salimans et al. 2016 report it, when there are at least 1,000 samples (100 per
 *       split); over all samples as one split for fewer. Higher is better, at most 10; the real test set scores
 *       close to 10 on a classifier of 99% accuracy.</li>
 * </ul>
 *
 * <p>The reference features' mean and covariance are computed once, on first use, and kept. Issue 15 fixes 10,000
 * samples per model: both measures depend on the number of samples (FID is biased upwards for fewer), so compare
 * models only at equal n.
 *
 * <p>Thread-safe.
 */
public final class SampleQuality {
    /** Splits for the Inception score, as in Salimans et al. 2016. */
    public static final int SPLITS = 10;
    /** Fewest samples for which the Inception score is taken over {@link #SPLITS} splits. */
    public static final int MIN_SAMPLES_FOR_SPLITS = 1000;

    private final MnistClassifier classifier;
    private final ImageDataset reference;
    private FrechetDistance.GaussianFit referenceFit;

    /**
     * The figures for one set of images.
     *
     * @param fid the Frechet distance to the reference features (squared feature units, {@code >= 0})
     * @param inceptionScore the Inception score
     * @param n the number of images
     * @param seconds the wall time taken (generating, classifying, scoring), for information
     */
    public record Result(double fid, InceptionScore inceptionScore, int n, double seconds) {
        /** @return e.g. {@code FID 3.21, IS 9.52 +- 0.04 (10 splits), n = 10000} */
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "FID %.2f, IS %.2f +- %.2f (%d splits), n = %d", fid,
                    inceptionScore.mean(), inceptionScore.standardDeviation(), inceptionScore.splits(), n);
        }
    }

    /**
     * @param classifier the classifier whose features and predictions are used
     * @param reference the real images generated ones are compared with, e.g. the 10,000 MNIST test images
     *     ({@code [n, 784]}, at least 2)
     * @throws IllegalArgumentException naming {@code reference} if it has fewer than 2 images
     */
    public SampleQuality(MnistClassifier classifier, ImageDataset reference) {
        this.classifier = Objects.requireNonNull(classifier, "classifier");
        this.reference = Objects.requireNonNull(reference, "reference");
        if (reference.size() < 2) {
            throw new IllegalArgumentException("reference must hold at least 2 images, got " + reference.size());
        }
    }

    /**
     * Draws {@code n} images from a generator and measures them.
     *
     * @param generator the generator
     * @param n the number of images, {@code >= 2} (10,000 in issue 15's tables)
     * @param seed passed to the generator
     * @return FID, Inception score, n and the time taken
     * @throws IllegalArgumentException naming {@code n} if {@code n < 2}
     * @throws InvalidImagesException naming the shape if the generator's shape is not {@code 1x28x28}, or it
     *     returns images that are not {@code [n, 784]} or hold values outside [0, 1]
     */
    public Result evaluate(ImageGenerator generator, int n, long seed) {
        Objects.requireNonNull(generator, "generator");
        if (n < 2) {
            throw new IllegalArgumentException("n must be >= 2 (a covariance needs 2 samples), got " + n);
        }
        if (!generator.shape().equals(MnistClassifier.SHAPE)) {
            throw new InvalidImagesException("the generator makes images of shape " + generator.shape()
                    + ", but the classifier takes " + MnistClassifier.SHAPE);
        }
        long start = System.nanoTime();
        INDArray images = generator.generate(n, seed);
        if (images == null || images.rank() != 2 || images.rows() != n) {
            throw new InvalidImagesException("the generator was asked for " + n + " images [" + n + ", "
                    + MnistClassifier.SHAPE.size() + "] but returned shape "
                    + (images == null ? "null" : java.util.Arrays.toString(images.shape())));
        }
        return measure(images, "generated images", start);
    }

    /**
     * Measures given images, e.g. real training images for the floor FID against the test set.
     *
     * @param images {@code [n, 784]}, values in [0, 1], {@code n >= 2}
     * @return FID, Inception score, n and the time taken
     * @throws IllegalArgumentException naming {@code images} if there are fewer than 2
     * @throws InvalidImagesException naming the shape if they are not {@code [n, 784]} in [0, 1]
     */
    public Result evaluate(INDArray images) {
        Objects.requireNonNull(images, "images");
        if (images.rank() == 2 && images.rows() < 2) {
            throw new IllegalArgumentException("images must hold at least 2 rows, got " + images.rows());
        }
        return measure(images, "images", System.nanoTime());
    }

    /**
     * The Inception score of the reference images themselves (about 9.9 for the MNIST test set on a classifier of
     * 99% accuracy): the ceiling for generated images.
     *
     * @return the score, over {@link #SPLITS} splits if there are at least {@link #MIN_SAMPLES_FOR_SPLITS} images
     */
    public InceptionScore referenceInceptionScore() {
        return inceptionScore(classifier.probabilities(reference.features()));
    }

    private Result measure(INDArray images, String name, long start) {
        MnistClassifier.Outputs out = classifier.outputs(images, name);
        double fid = FrechetDistance.GaussianFit.of(matrix(out.features()), name).distanceTo(referenceFit());
        InceptionScore is = inceptionScore(out.probabilities());
        return new Result(fid, is, (int) images.rows(), (System.nanoTime() - start) / 1e9);
    }

    private synchronized FrechetDistance.GaussianFit referenceFit() {
        if (referenceFit == null) {
            referenceFit = FrechetDistance.GaussianFit.of(
                    matrix(classifier.outputs(reference.features(), "reference images").features()),
                    "reference features");
        }
        return referenceFit;
    }

    private static InceptionScore inceptionScore(INDArray probabilities) {
        double[][] p = matrix(probabilities);
        return p.length >= MIN_SAMPLES_FOR_SPLITS ? InceptionScore.overSplits(p, SPLITS)
                : InceptionScore.overSplits(p, 1);
    }

    private static double[][] matrix(INDArray a) {
        return a.castTo(DataType.DOUBLE).toDoubleMatrix();
    }
}
