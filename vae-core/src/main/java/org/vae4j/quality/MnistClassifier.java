package org.vae4j.quality;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.ImageShape;
import org.vae4j.data.download.ChecksumMismatchException;
import org.vae4j.data.mnist.Mnist;
import org.vae4j.exec.GraphRunner;
import org.vae4j.io.ModelFormatException;
import org.vae4j.nn.Activation;
import org.vae4j.nn.Conv2d;
import org.vae4j.nn.ConvLayer;
import org.vae4j.nn.Dense;
import org.vae4j.nn.GraphContext;
import org.vae4j.nn.Reshape;
import org.vae4j.train.Optimizer;

/**
 * A small LeNet-style MNIST classifier whose features and predictions score generated images ({@link SampleQuality}):
 * the penultimate layer's 128 features for FID, the class probabilities for the Inception score.
 *
 * <p>Architecture ({@value #VERSION}), on {@code [batch, 784]} images in [0, 1] viewed as {@code [batch, 1, 28, 28]}:
 * convolution 5x5, 32 channels, stride 2, padding 2 (to 14x14), ReLU; convolution 5x5, 64 channels, stride 2,
 * padding 2 (to 7x7), ReLU; dense 3136 to 128, ReLU (the features); dense 128 to 10 (the logits); softmax. vae4j has
 * no pooling block, so the stride-2 convolutions downsample instead of LeNet's pooling (as in Springenberg et al.
 * 2015, "Striving for Simplicity: The All Convolutional Net"). It is trained on the mean cross-entropy
 * {@code -sum_y t_y log softmax(l)_y}, written from elementwise ops and reductions rather than a
 * {@code sd.loss()} op, which ignores incoming gradients in 1.0.0-M2.1; see {@link ClassifierTraining}.
 *
 * <p>{@link #trainOrLoad} trains it once and keeps the weights in the MNIST cache folder with a SHA-256 checksum
 * file ({@link #save}); later calls load and verify them.
 *
 * <p>Thread-safe: executions of the graph run one at a time.
 */
public final class MnistClassifier {
    /**
     * The architecture's version, part of the cache file's name: to be raised whenever the architecture or a training
     * rule that the name does not spell out ({@link ClassifierTraining#DECAY}, the optimizer) changes, so that an
     * old cache is not loaded as the new classifier.
     */
    public static final String VERSION = "v1";
    /** Features of the penultimate layer. */
    public static final int FEATURES = 128;
    /** Classes (the digits). */
    public static final int CLASSES = 10;
    /** The shape of one input image, {@code 1x28x28}. */
    public static final ImageShape SHAPE = Mnist.SHAPE;

    static final String IMAGES = "images";
    static final String LABELS = "labels";
    static final String FEATURE_OUTPUT = "features";
    static final String PROBABILITIES = "probabilities";
    static final String LOSS = "loss";

    private static final Logger LOG = LoggerFactory.getLogger(MnistClassifier.class);

    private final GraphRunner runner;

    private MnistClassifier(SameDiff sd) {
        this.runner = new GraphRunner(sd, DataType.FLOAT);
    }

    /** Builds the graph with weights drawn from {@code seed} (PyTorch's default initialization, see {@link Dense}). */
    static SameDiff graph(long seed) {
        SameDiff sd = SameDiff.create();
        GraphContext ctx = new GraphContext(sd, DataType.FLOAT, new SplittableRandom(seed));
        SDVariable x = sd.placeHolder(IMAGES, DataType.FLOAT, -1, SHAPE.size());
        SDVariable t = sd.placeHolder(LABELS, DataType.FLOAT, -1, CLASSES);
        Conv2d conv1 = Conv2d.define(ctx, "conv1", SHAPE, new ConvLayer(32, 5, 2, 2));
        Conv2d conv2 = Conv2d.define(ctx, "conv2", conv1.outputShape(), new ConvLayer(64, 5, 2, 2));
        Dense hidden = Dense.define(ctx, "hidden", conv2.outputShape().size(), FEATURES);
        Dense output = Dense.define(ctx, "output", FEATURES, CLASSES);
        SDVariable h = Activation.RELU.apply(sd, conv1.apply(Reshape.toImages(x, SHAPE)));
        h = Activation.RELU.apply(sd, conv2.apply(h));
        SDVariable features = Activation.RELU.apply(sd, hidden.apply(Reshape.flatten(h, conv2.outputShape())))
                .rename(FEATURE_OUTPUT);
        SDVariable logits = output.apply(features);
        // log softmax(l) = (l - m) - log sum exp(l - m) with m = max l, from elementwise ops and reductions: SameDiff's
        // logSoftmax op with a dimension fails to build in 1.0.0-M2.1 ("Error setting property ... LogSoftMax")
        SDVariable shifted = logits.sub(logits.max(true, 1));
        SDVariable logProbabilities = shifted.sub(sd.math().log(sd.math().exp(shifted).sum(true, 1)));
        sd.math().exp(PROBABILITIES, logProbabilities);
        logProbabilities.mul(t).sum(1).mean().neg().rename(LOSS);
        sd.setLossVariables(LOSS);
        return sd;
    }

    /**
     * Trains a classifier (logging each epoch's training cross-entropy).
     *
     * @param training the settings
     * @param train labelled MNIST training images {@code [n, 784]}
     * @return the trained classifier
     * @throws InvalidImagesException if the images are not {@code [n, 784]} in [0, 1]
     * @throws IllegalArgumentException if the dataset has no labels or a label outside [0, 10)
     * @throws org.vae4j.train.TrainingDivergedException if the loss becomes NaN or infinite
     */
    public static MnistClassifier train(ClassifierTraining training, ImageDataset train) {
        if (!train.hasLabels()) {
            throw new IllegalArgumentException("the classifier's training set has no labels");
        }
        ImageChecks.check(train.first(Math.min(train.size(), training.trainSize())).features(), SHAPE,
                "training images");
        SameDiff sd = graph(training.seed());
        training.train(sd, train);
        return new MnistClassifier(sd);
    }

    /**
     * The cached classifier: loads {@code cacheDir/training.fileName()} if its checksum file exists (after checking
     * the weights against it), else trains one on {@code train}, saves it there and logs its accuracy on
     * {@code test}. The checksum file is written last, so it marks a complete cache: weights without one (a write
     * interrupted between the two files) are trained again and replaced.
     *
     * @param cacheDir the cache folder, e.g. {@link Mnist#defaultCacheDirectory()} ({@code ~/.vae4j/data/mnist});
     *     created if needed
     * @param training the settings
     * @param train labelled training images, used only if there is no cached classifier (then not null)
     * @param test labelled test images for the logged accuracy, or null
     * @return the classifier
     * @throws ChecksumMismatchException naming the file if the cached weights do not match their checksum file
     * @throws ModelFormatException naming the file if the cached weights or checksum file are malformed
     * @throws IOException if the cache cannot be read or written
     * @throws IllegalArgumentException if there is no cached classifier and {@code train} is null, or holds fewer
     *     images than {@code training.trainSize()} (the cache file's name says how many were used, so a classifier
     *     trained on fewer must not be cached under it; pass {@code training.withTrainSize(train.size())})
     */
    public static MnistClassifier trainOrLoad(Path cacheDir, ClassifierTraining training, ImageDataset train,
            ImageDataset test) throws IOException {
        Path file = cacheDir.resolve(training.fileName());
        if (isCached(file)) {
            LOG.info("Loading the MNIST classifier from {}", file);
            return load(file);
        }
        if (Files.exists(file)) {
            LOG.warn("{} has no checksum file {} (its write was interrupted): training the classifier again", file,
                    ClassifierFile.checksumFile(file).getFileName());
        }
        if (train == null) {
            throw new IllegalArgumentException("train is null, but there is no cached classifier " + file
                    + " to load");
        }
        if (train.size() < training.trainSize()) {
            throw new IllegalArgumentException("train holds " + train.size() + " images, fewer than"
                    + " ClassifierTraining.trainSize " + training.trainSize() + " that names the cache file " + file
                    + "; use training.withTrainSize(" + train.size() + ")");
        }
        LOG.info("Training the MNIST classifier ({}), cached afterwards as {}", training, file);
        MnistClassifier classifier = train(training, train);
        if (test != null) {
            LOG.info("MNIST classifier test accuracy: {}", String.format(Locale.ROOT, "%.4f",
                    classifier.accuracy(test)));
        }
        classifier.save(file);
        return classifier;
    }

    /**
     * {@link #trainOrLoad(Path, ClassifierTraining, ImageDataset, ImageDataset)} with
     * {@link ClassifierTraining#DEFAULT}, the default MNIST cache folder and MNIST as {@link Mnist} finds it (loaded
     * only if the classifier must be trained).
     *
     * @return the classifier
     * @throws IOException as the other {@code trainOrLoad}, or if MNIST cannot be found or obtained
     */
    public static MnistClassifier trainOrLoad() throws IOException {
        Path dir = Mnist.defaultCacheDirectory();
        if (isCached(dir.resolve(ClassifierTraining.DEFAULT.fileName()))) {
            return trainOrLoad(dir, ClassifierTraining.DEFAULT, null, null);
        }
        return trainOrLoad(dir, ClassifierTraining.DEFAULT, Mnist.train(), Mnist.test());
    }

    /** @return whether a complete cache of the weights is there: their checksum file, written last, exists */
    private static boolean isCached(Path file) {
        return Files.exists(ClassifierFile.checksumFile(file));
    }

    /**
     * Writes the weights to {@code file} (a NumPy {@code .npz}) and their SHA-256 to {@code file.sha256}, each
     * atomically.
     *
     * @param file the weights file; its folder is created if needed
     * @throws IOException naming the file if it cannot be written
     */
    public void save(Path file) throws IOException {
        Map<String, INDArray> parameters = new LinkedHashMap<>();
        runner.locked(() -> {
            for (SDVariable v : Optimizer.parameters(runner.graph())) {
                parameters.put(v.name(), v.getArr().dup());
            }
            return null;
        });
        ClassifierFile.write(file, parameters);
    }

    /**
     * Reads a classifier written by {@link #save}.
     *
     * @param file the weights file
     * @return the classifier
     * @throws ChecksumMismatchException naming the file and both hashes if the weights do not match their checksum
     *     file
     * @throws ModelFormatException naming the file if the checksum file is missing or malformed, or a parameter is
     *     missing, unknown or of the wrong shape
     * @throws IOException if a file cannot be read
     */
    public static MnistClassifier load(Path file) throws IOException {
        Map<String, INDArray> stored = ClassifierFile.read(file);
        SameDiff sd = graph(0);
        List<SDVariable> parameters = Optimizer.parameters(sd);
        for (SDVariable v : parameters) {
            INDArray value = stored.remove(v.name());
            if (value == null) {
                throw new ModelFormatException(file, "parameter " + v.name() + " is missing");
            }
            if (!Arrays.equals(value.shape(), v.getArr().shape())) {
                throw new ModelFormatException(file, "parameter " + v.name() + " has shape "
                        + Arrays.toString(value.shape()) + ", expected " + Arrays.toString(v.getArr().shape()));
            }
            v.getArr().assign(value);
        }
        if (!stored.isEmpty()) {
            throw new ModelFormatException(file, "holds parameters the " + VERSION + " classifier does not have: "
                    + stored.keySet());
        }
        return new MnistClassifier(sd);
    }

    /**
     * @param images MNIST-shaped images {@code [n, 784]}, values in [0, 1]
     * @return the penultimate layer's features (after its ReLU), {@code [n, 128]}, FLOAT
     * @throws InvalidImagesException naming the shape if the images are not {@code [n, 784]} with n &gt; 0 and
     *     values in [0, 1]
     */
    public INDArray features(INDArray images) {
        return run(images, FEATURE_OUTPUT);
    }

    /**
     * @param images MNIST-shaped images {@code [n, 784]}, values in [0, 1]
     * @return the class probabilities p(y|x), {@code [n, 10]}, FLOAT, rows summing to 1
     * @throws InvalidImagesException as {@link #features}
     */
    public INDArray probabilities(INDArray images) {
        return run(images, PROBABILITIES);
    }

    /**
     * Features and probabilities in one pass.
     *
     * @param images MNIST-shaped images {@code [n, 784]}, values in [0, 1]
     * @param name names the images in messages
     * @return {@code [n, 128]} features and {@code [n, 10]} probabilities
     * @throws InvalidImagesException as {@link #features}
     */
    Outputs outputs(INDArray images, String name) {
        ImageChecks.check(images, SHAPE, name);
        Map<String, INDArray> parts = runner.runInChunks(images, IMAGES, SHAPE.size(), name, null, null,
                FEATURE_OUTPUT, PROBABILITIES);
        return new Outputs(parts.get(FEATURE_OUTPUT), parts.get(PROBABILITIES));
    }

    /** @param features {@code [n, 128]} @param probabilities {@code [n, 10]} */
    record Outputs(INDArray features, INDArray probabilities) {
    }

    private INDArray run(INDArray images, String output) {
        ImageChecks.check(images, SHAPE, "images");
        return runner.runInChunks(images, IMAGES, SHAPE.size(), "images", null, null, output).get(output);
    }

    /**
     * @param test labelled MNIST images
     * @return the fraction classified correctly (the most probable class equals the label), in [0, 1]
     * @throws IllegalArgumentException if the dataset has no labels
     * @throws InvalidImagesException as {@link #features}
     */
    public double accuracy(ImageDataset test) {
        if (!test.hasLabels()) {
            throw new IllegalArgumentException("accuracy needs a labelled dataset");
        }
        INDArray predicted = Nd4j.argMax(probabilities(test.features()), 1);
        int[] labels = test.labels();
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predicted.getInt(i) == labels[i]) {
                correct++;
            }
        }
        return (double) correct / labels.length;
    }
}
