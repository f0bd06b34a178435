package org.vae4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.DiagonalGaussian;
import org.vae4j.Vae;
import org.vae4j.anomaly.AnomalyScorer;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.InvalidDataException;
import org.vae4j.io.Checksums;
import org.vae4j.io.ModelWriteException;
import org.vae4j.latent.Embedding;
import scala.Tuple2;

/**
 * Scores a large dataset across a Spark cluster with a saved model: every executor loads the model file once
 * (broadcast as bytes) and writes, for its partition, one CSV part file ({@code part-00000}, ...) with a header and
 * one line per example:
 * {@code index,elbo,log_likelihood,anomaly_score,reconstruction_score,z_1,...,z_d}, where {@code index} is the
 * example's position in the RDD, {@code elbo} the ELBO with one eps sample ({@link Vae#elbo}), {@code log_likelihood}
 * the importance-sampled estimate of log p(x) with k samples (Burda et al. 2016, eq. 8; empty if k = 0),
 * {@code anomaly_score} its negative ({@link AnomalyScorer#importanceSampling}), {@code reconstruction_score}
 * -log p(x | z = posterior mean) ({@link AnomalyScorer#reconstruction}) and {@code z_j} the posterior mean (the
 * embedding, {@link Embedding}); all in nats per example.
 *
 * <p>One part per partition, written by the executors in parallel (Spark's {@code saveAsTextFile}, atomic through
 * Hadoop's output committer), rather than collected on the driver: the scores of millions of examples need not fit
 * in the driver's memory, and readers of CSV folders (Spark's {@code csv} reader with {@code header = true}, pandas
 * over a glob) read the parts as one table. Sort by {@code index} to get the input order across parts.
 *
 * <p>The noise of partition p comes from a generator seeded with {@code seed} and the index of the partition's first
 * example, so equal data in equal partitions gives equal scores.
 */
public final class SparkScoring {
    private static final Map<String, Vae> MODELS = new ConcurrentHashMap<>();

    private SparkScoring() {
    }

    /**
     * @param sc the Spark context
     * @param modelFile a model file ({@link Vae#save}) readable by the driver
     * @param rows the examples, {@code float[inputSize]} each
     * @param output the output folder (a local path or a Hadoop URI such as {@code hdfs://...}); must not exist
     * @param k importance samples per example for {@code log_likelihood}, {@code >= 0} (0: skip it)
     * @param seed seeds the noise
     * @return the number of examples scored (a task that fails, e.g. on a row of another width, fails the job with
     *     Spark's {@code SparkException}, unchecked in Java, and leaves no {@code _SUCCESS} file)
     * @throws IOException if the model file cannot be read
     * @throws ModelWriteException naming the folder if it exists already or its parent cannot be written, before
     *     any scoring
     * @throws IllegalArgumentException if {@code k < 0}
     */
    public static long score(JavaSparkContext sc, Path modelFile, JavaRDD<float[]> rows, String output, int k,
            long seed) throws IOException {
        Objects.requireNonNull(rows, "rows");
        if (k < 0) {
            throw new IllegalArgumentException("k (importance samples) must be >= 0, got " + k);
        }
        checkOutput(output);
        byte[] bytes = Files.readAllBytes(modelFile);
        Vae model = Vae.load(modelFile); // fails here, on the driver, for a file that is not a model
        int latent = model.config().latentSize();
        int inputs = model.config().inputSize();
        Broadcast<byte[]> file = sc.broadcast(bytes);
        String key = Checksums.sha256(bytes);
        JavaRDD<String> lines = rows.zipWithIndex().mapPartitions(it -> {
            List<Tuple2<float[], Long>> part = new ArrayList<>();
            it.forEachRemaining(part::add);
            List<String> out = new ArrayList<>();
            out.add(CSVFormat.DEFAULT.format(header(latent).toArray()));
            if (!part.isEmpty()) {
                out.addAll(score(MODELS.computeIfAbsent(key, h -> load(file.value())), part, inputs, k, seed));
            }
            return out.iterator();
        });
        try {
            lines.saveAsTextFile(output);
        } finally {
            file.destroy();
        }
        return rows.count();
    }

    private static List<String> header(int latent) {
        List<String> names = new ArrayList<>(List.of(Embedding.INDEX, "elbo", "log_likelihood", "anomaly_score",
                "reconstruction_score"));
        for (int j = 1; j <= latent; j++) {
            names.add(Embedding.MEAN_PREFIX + j);
        }
        return names;
    }

    private static List<String> score(Vae vae, List<Tuple2<float[], Long>> part, int inputs, int k, long seed) {
        int n = part.size();
        float[] flat = new float[n * inputs];
        for (int i = 0; i < n; i++) {
            float[] row = part.get(i)._1();
            if (row.length != inputs) {
                throw new InvalidDataException("scored rows", part.get(i)._2(), "row " + part.get(i)._2()
                        + " has " + row.length + " features but the model takes " + inputs);
            }
            System.arraycopy(row, 0, flat, i * inputs, inputs);
        }
        INDArray x = Nd4j.create(flat, new long[] {n, inputs}, 'c');
        long partSeed = new SplittableRandom(seed ^ part.get(0)._2()).nextLong();
        double[] elbo = vae.elbo(x, partSeed).elbo().toDoubleVector();
        ImageDataset data = ImageDataset.of(x, null, vae.config().inputShape());
        double[] anomaly = k == 0 ? null : AnomalyScorer.importanceSampling(vae, k, partSeed + 1).score(data);
        double[] reconstruction = AnomalyScorer.reconstruction(vae).score(data);
        DiagonalGaussian q = vae.encode(x);
        double[][] mean = q.mean().toDoubleMatrix();
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            List<Object> values = new ArrayList<>();
            values.add(part.get(i)._2());
            values.add(elbo[i]);
            values.add(anomaly == null ? "" : -anomaly[i]);
            values.add(anomaly == null ? "" : anomaly[i]);
            values.add(reconstruction[i]);
            for (double z : mean[i]) {
                values.add(z);
            }
            out.add(CSVFormat.DEFAULT.format(values.toArray()));
        }
        return out;
    }

    private static Vae load(byte[] bytes) {
        try {
            Path temp = Files.createTempFile("vae4j-spark-", ".vae");
            try {
                Files.write(temp, bytes);
                return Vae.load(temp);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the broadcast model on this executor", e);
        }
    }

    /** A local output folder must not exist and its parent must be writable; other file systems are Hadoop's. */
    private static void checkOutput(String output) throws ModelWriteException {
        Objects.requireNonNull(output, "output");
        if (output.contains("://") && !output.startsWith("file:")) {
            return;
        }
        Path folder = Path.of(output.startsWith("file:") ? java.net.URI.create(output).getPath() : output);
        if (Files.exists(folder)) {
            throw new ModelWriteException(folder, "the output folder exists already; give a new one", null);
        }
        SparkVaeTrainer.checkWritable(folder);
    }
}
