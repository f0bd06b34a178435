package org.vae4j.examples.evaluation;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.Backend;
import org.vae4j.GenerationMode;
import org.vae4j.EpochRecord;
import org.vae4j.Vae;
import org.vae4j.console.CommandLines;
import org.vae4j.console.MnistDir;
import org.vae4j.console.RunOptions;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.mnist.Mnist;
import org.vae4j.gan.Gan;
import org.vae4j.gan.GanArchitecture;
import org.vae4j.gan.GanEpochRecord;
import org.vae4j.io.AtomicFiles;
import org.vae4j.nn.ConvEncoder;
import org.vae4j.quality.ClassifierTraining;
import org.vae4j.quality.ImageGenerator;
import org.vae4j.quality.InceptionScore;
import org.vae4j.quality.MnistClassifier;
import org.vae4j.quality.SampleQuality;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Sample quality of saved models as a Markdown table: FID on MNIST classifier features and the classifier-based
 * Inception score of {@code --samples} generated images per model ({@link SampleQuality}), with two reference rows
 * measured the same way: real training images against the test set (the floor no generator can be expected to
 * beat) and the test set's own Inception score (the ceiling).
 *
 * <p>A model file whose name ends in {@code .gan} is read as a GAN ({@link Gan#load}, its images
 * {@code Gan.generate}); any other as a VAE ({@link Vae#load}). Each row is named by the model's kind and training,
 * e.g. "VAE (MLP, 10 epochs, mean)", "conv VAE (10 epochs, mean)", "conditional VAE (MLP, 10 epochs, mean)",
 * "GAN (MLP, non-saturating, 90 epochs)", "DCGAN (non-saturating, 90 epochs)", and shows its training time: the sum
 * of its history's epoch times, in minutes.
 *
 * <p>It first trains the {@link MnistClassifier} or loads it from the MNIST cache folder (checked against its
 * SHA-256), and prints its test accuracy. Training on all 60,000 images takes minutes of CPU; it is done once.
 *
 * <pre>
 * java -cp "vae-examples/target/vae-examples.jar:vae-examples/target/lib/*" \
 *     org.vae4j.examples.evaluation.SampleQualityTable --model runs/mlp/model.vae --model runs/conv/model.vae
 * </pre>
 */
@Command(name = "sample-quality", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Prints FID on MNIST classifier features and the Inception score of models' samples.")
public final class SampleQualityTable implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(SampleQualityTable.class);

    @Option(names = "--model", paramLabel = "FILE", description = "A saved VAE (.vae, conditional or not) or GAN"
            + " (.gan, read as a GAN by its extension); repeat for several.")
    List<Path> models = new ArrayList<>();

    @Option(names = "--mode", defaultValue = "MEAN", paramLabel = "MODE",
            description = "VAE images: MEAN (decoded means) or SAMPLE (draws from p(x|z)) (default: ${DEFAULT-VALUE}).")
    GenerationMode mode;

    @Option(names = "--samples", defaultValue = "10000", paramLabel = "N",
            description = "Generated images per model, and real training images for the floor (default:"
                    + " ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--train-size", defaultValue = "60000", paramLabel = "N",
            description = "Training images for the classifier (default: ${DEFAULT-VALUE}).")
    int trainSize;

    @Option(names = "--classifier-epochs", paramLabel = "N",
            description = "Epochs to train the classifier (default: ${DEFAULT-VALUE}).")
    int classifierEpochs = ClassifierTraining.DEFAULT.epochs();

    @Option(names = "--test-size", defaultValue = "10000", paramLabel = "N",
            description = "Real test images, the reference (default: ${DEFAULT-VALUE}).")
    int testSize;

    @Option(names = "--cache", paramLabel = "DIR", description = "Folder of the cached classifier (default: the"
            + " MNIST cache folder, ~/.vae4j/data/mnist).")
    Path cache;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "SEED",
            description = "Seed of the generated images (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = RunOptions.THREADS_DESCRIPTION)
    Integer threads;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Also write the table to DIR/sample-quality.md.")
    Path output;

    @Mixin
    MnistDir mnist = new MnistDir();

    @Override
    public Integer call() throws Exception {
        if (threads != null && threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        if (samples < 2) {
            throw new IllegalArgumentException("--samples must be at least 2, got " + samples);
        }
        if (testSize < 2) {
            throw new IllegalArgumentException("--test-size must be at least 2, got " + testSize);
        }
        Backend.chooseThreads(threads);
        Path dir = mnist.locate();
        ImageDataset train = Mnist.train(dir);
        ImageDataset test = Mnist.test(dir).first(testSize).asFloats();
        ClassifierTraining training = ClassifierTraining.DEFAULT.withTrainSize(trainSize)
                .withEpochs(classifierEpochs);
        MnistClassifier classifier = MnistClassifier.trainOrLoad(cache != null ? cache
                : Mnist.defaultCacheDirectory(), training, train, null);
        double accuracy = classifier.accuracy(test);
        System.out.printf(Locale.ROOT, "Classifier test accuracy: %.4f (%d test images)%n%n", accuracy, test.size());

        SampleQuality quality = new SampleQuality(classifier, test);
        StringBuilder table = new StringBuilder();
        table.append("| images | n | FID (MNIST features) | Inception score | training (min) |\n");
        table.append("|---|---:|---:|---:|---:|\n");
        int floor = Math.min(samples, train.size());
        row(table, "real training images (floor)", quality.evaluate(train.first(floor).features()), "–");
        InceptionScore real = quality.referenceInceptionScore();
        table.append(String.format(Locale.ROOT, "| real test images (reference) | %d | 0 | %s | – |%n", test.size(),
                score(real)));
        for (Path file : models) {
            log.info("Scoring {} samples of {}", samples, file);
            if (file.getFileName().toString().endsWith(".gan")) {
                Gan gan = Gan.load(file);
                row(table, name(gan), quality.evaluate(ImageGenerator.of(gan.config().imageShape(), gan::generate),
                        samples, seed), minutes(gan.history().epochs().stream()
                        .mapToDouble(GanEpochRecord::seconds).sum()));
            } else {
                Vae vae = Vae.load(file);
                row(table, name(vae, mode), quality.evaluate(ImageGenerator.of(vae, mode), samples, seed),
                        minutes(vae.history().epochs().stream().mapToDouble(EpochRecord::seconds).sum()));
            }
        }
        String text = table.toString();
        System.out.print(text);
        if (output != null) {
            Path file = output.resolve("sample-quality.md");
            AtomicFiles.write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
            log.info("Table written to {}", file.toAbsolutePath());
        }
        return 0;
    }

    private static void row(StringBuilder table, String name, SampleQuality.Result r, String minutes) {
        table.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %s | %s |%n", name, r.n(), r.fid(),
                score(r.inceptionScore()), minutes));
    }

    private static String minutes(double seconds) {
        return String.format(Locale.ROOT, "%.1f", seconds / 60);
    }

    /** "VAE (MLP, 10 epochs, mean)", "conv VAE (10 epochs, mean)", "conditional VAE (MLP, 10 epochs, mean)". */
    static String name(Vae vae, GenerationMode mode) {
        boolean conv = vae.config().encoder() instanceof ConvEncoder;
        return (vae.config().conditional() ? "conditional " : "") + (conv ? "conv VAE (" : "VAE (MLP, ")
                + epochs(vae.history().epochs().size()) + ", " + mode.name().toLowerCase(Locale.ROOT) + ")";
    }

    /** "GAN (MLP, non-saturating, 90 epochs)", "DCGAN (non-saturating, 90 epochs)". */
    static String name(Gan gan) {
        String loss = gan.config().loss().name().toLowerCase(Locale.ROOT).replace('_', '-');
        return (gan.config().architecture() == GanArchitecture.DCGAN ? "DCGAN (" : "GAN (MLP, ") + loss + ", "
                + epochs(gan.history().epochs().size()) + ")";
    }

    private static String epochs(int n) {
        return n + (n == 1 ? " epoch" : " epochs");
    }

    private static String score(InceptionScore s) {
        return s.splits() == 1 ? String.format(Locale.ROOT, "%.2f", s.mean())
                : String.format(Locale.ROOT, "%.2f ± %.2f", s.mean(), s.standardDeviation());
    }

    /**
     * Runs the example.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        CommandLines.run(new SampleQualityTable(), args);
    }
}
