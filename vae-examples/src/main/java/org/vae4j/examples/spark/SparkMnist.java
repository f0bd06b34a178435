package org.vae4j.examples.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.CheckpointPolicy;
import org.vae4j.Checkpointer;
import org.vae4j.EpochRecord;
import org.vae4j.TrainingResult;
import org.vae4j.Vae;
import org.vae4j.VaeConfig;
import org.vae4j.console.CommandLines;
import org.vae4j.console.RunOptions;
import org.vae4j.data.Dataset;
import org.vae4j.data.mnist.Mnist;
import org.vae4j.spark.SparkScoring;
import org.vae4j.spark.SparkVaeTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Trains the reference VAE (MLP 784-512-20, Bernoulli likelihood, Adam 1e-3) on a subset of MNIST on an Apache
 * Spark cluster with {@link SparkVaeTrainer}, checkpoints every epoch into {@code checkpoints/}, saves
 * {@code model.vae} (readable by {@code Vae.load} and {@code vae4j evaluate}), prints the training throughput, and
 * with {@code --score} writes per-example scores of the test subset with {@link SparkScoring} into
 * {@code scores/}. The executors read their partitions of MNIST from the MNIST folder,
 * which the workers must see at the driver's path (this machine, or a shared file system).
 *
 * <p>On this machine's own threads ({@code --master local[2]}), with the class path Maven resolves (Spark is a
 * {@code provided} dependency, so it is not in {@code target/lib}):
 * <pre>
 * mvn -B -q package -DskipTests
 * CP="vae-examples/target/vae-examples.jar:$(mvn -B -q -pl vae-examples dependency:build-classpath \
 *     -Dmdep.includeScope=provided -Dmdep.outputFile=/dev/stdout)"
 * java -Xmx2g $SPARK_OPENS -cp "$CP" org.vae4j.examples.spark.SparkMnist --master 'local[2]' --epochs 2
 * </pre>
 * where {@code $SPARK_OPENS} holds the {@code --add-opens} flags of docs/scaling.md. On a cluster:
 * {@code spark-submit --class org.vae4j.examples.spark.SparkMnist --jars <vae-core and its dependencies>
 * vae-examples.jar --partitions 8}. {@code --expect-same-as FILE} compares the trained parameters with another
 * model file's, bit for bit (exit code 3 if they differ), as {@code .ci/spark-cluster-check} does after a worker
 * was killed.
 */
@Command(name = "spark-mnist", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Trains the reference VAE on an MNIST subset on a Spark cluster; writes model.vae,"
                + " checkpoints and optionally per-example scores.")
public final class SparkMnist implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(SparkMnist.class);

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master, e.g. spark://host:7077 or local[2] (default: spark-submit's, else local[2]).")
    String master;

    @Option(names = "--partitions", defaultValue = "2", paramLabel = "N",
            description = "Partitions of the training set (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--batch-size", defaultValue = "128", paramLabel = "N",
            description = "Global mini-batch size, shared by the partitions (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--score", description = "Write per-example scores of the test subset to scores/.")
    boolean score;

    @Option(names = "--k", defaultValue = "100", paramLabel = "K",
            description = "Importance samples per example for the scores' log-likelihood (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--expect-same-as", paramLabel = "FILE",
            description = "A model file whose parameters the trained model must equal bit for bit (exit code 3 if"
                    + " not).")
    Path expectSameAs;

    @Mixin
    RunOptions options = new RunOptions(20, 2);

    @Override
    public Integer call() throws Exception {
        Path out = options.start("spark-mnist");
        RunOptions.Data data = options.load();
        SparkConf conf = new SparkConf().setAppName("vae4j SparkMnist");
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[2]");
        }
        VaeConfig config = options.config().batchSize(batchSize).build();
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            String dir = options.mnistDir().toString();
            JavaRDD<float[]> train = mnist(sc, dir, true, data.train().size());
            Checkpointer checkpoints = Checkpointer.create(CheckpointPolicy.everyEpoch(out.resolve("checkpoints")));
            Path modelFile = out.resolve("model.vae");
            TrainingResult result = new SparkVaeTrainer(sc, config).withListeners(checkpoints)
                    .fitAndSave(train, data.test(), modelFile);
            double seconds = result.history().epochs().stream().mapToDouble(EpochRecord::seconds).sum();
            long images = (long) data.train().size() * result.history().epochs().size();
            System.out.printf(Locale.ROOT, "Trained on %d images x %d epochs in %d partitions (%s): %.0f images/s;"
                    + " model %s%n", data.train().size(), result.history().epochs().size(), partitions,
                    sc.master(), images / seconds, modelFile);
            if (score && data.test() != null) {
                Path scores = out.resolve("scores");
                long n = SparkScoring.score(sc, modelFile, mnist(sc, dir, false, data.test().size()),
                        scores.toString(), k, options.seed());
                System.out.printf(Locale.ROOT, "Scored %d test images into %s%n", n, scores);
            }
            if (expectSameAs != null) {
                return compare(Vae.load(expectSameAs), result.model()) ? 0 : 3;
            }
        }
        return 0;
    }

    /** Prints whether two models have bit-identical parameters. */
    static boolean compare(Vae expected, Vae actual) {
        Map<String, INDArray> theirs = new java.util.HashMap<>();
        for (SDVariable v : expected.graph().variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                theirs.put(v.name(), v.getArr());
            }
        }
        long values = 0;
        List<String> differing = new ArrayList<>();
        for (SDVariable v : actual.graph().variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                INDArray a = v.getArr();
                values += a.length();
                INDArray b = theirs.get(v.name());
                if (b == null || !java.util.Arrays.equals(a.reshape(-1).toFloatVector(), b.reshape(-1).toFloatVector())) {
                    differing.add(v.name());
                }
            }
        }
        if (differing.isEmpty()) {
            System.out.printf(Locale.ROOT, "Parameters identical to the expected model: %d arrays, %d values%n",
                    theirs.size(), values);
            return true;
        }
        System.out.println("Parameters differ from the expected model in " + differing);
        return false;
    }

    /**
     * The first n MNIST images as an RDD of rows in {@link #partitions} partitions, each read by its executor from
     * the MNIST folder (which the workers must see at the same path, as on this machine or a shared file system):
     * the tasks carry only a range of indices, not the pixels ({@code parallelize} of the rows themselves would ship
     * every partition's data with every task of every step).
     */
    JavaRDD<float[]> mnist(JavaSparkContext sc, String dir, boolean train, int n) {
        List<int[]> ranges = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            ranges.add(new int[] {(int) ((long) n * p / partitions), (int) ((long) n * (p + 1) / partitions)});
        }
        return sc.parallelize(ranges, partitions).flatMap(r -> {
            Dataset images = train ? Mnist.train(Path.of(dir)) : Mnist.test(Path.of(dir));
            return rows(images.subset(r[0], r[1])).iterator();
        });
    }

    /** The examples as rows, in order. */
    static List<float[]> rows(Dataset data) {
        return java.util.Arrays.asList(data.features().toFloatMatrix());
    }

    /**
     * @param args the options; {@code --help} lists them
     */
    public static void main(String[] args) {
        CommandLines.run(new SparkMnist(), args);
    }
}
