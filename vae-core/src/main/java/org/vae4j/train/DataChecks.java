package org.vae4j.train;

import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.data.Dataset;
import org.vae4j.data.ImageShape;
import org.vae4j.data.InvalidDataException;
import org.vae4j.data.OneHot;

/** The checks a dataset passes before the first update: its shape, its values (by the likelihood) and its labels. */
public final class DataChecks {
    /** Examples per chunk of the value check. */
    private static final int CHUNK = 10_000;

    private DataChecks() {
    }

    /**
     * Checks that a dataset fits the configuration: features per example ({@code inputSize}), the image shape
     * (unless the model is flat), not empty, every value in the likelihood's range
     * ({@link org.vae4j.likelihood.Likelihood#checkData}), and for a conditional VAE labels in
     * {@code [0, conditionSize)}.
     *
     * @param spec the configuration
     * @param data the dataset
     * @param what names the dataset in messages ("training set")
     * @throws InvalidDataException naming the dataset, and the example where one is at fault
     */
    public static void check(TrainingSpec spec, Dataset data, String what) {
        if (data.shape().size() != spec.inputSize()) {
            throw new InvalidDataException(what, -1, what + " has " + data.shape().size() + " features per example ("
                    + data.shape() + ") but VaeConfig.inputSize is " + spec.inputSize());
        }
        boolean flat = spec.inputShape().equals(ImageShape.vector(spec.inputSize()));
        if (!flat && !data.shape().equals(spec.inputShape())) {
            throw new InvalidDataException(what, -1, what + " holds images of shape " + data.shape()
                    + " but VaeConfig.inputShape is " + spec.inputShape());
        }
        if (data.size() == 0) {
            throw new InvalidDataException(what, -1, what + " is empty");
        }
        // in chunks gathered into one reused array: a dataset of IDX bytes or a file converts or reads its rows on
        // every read, and the whole training set at once would be 188 MB of floats for MNIST (gigabytes for a file),
        // each new array native memory that only a garbage collection frees
        INDArray buffer = null;
        for (int from = 0; from < data.size(); from += CHUNK) {
            int to = Math.min(data.size(), from + CHUNK);
            if (buffer == null || buffer.rows() != to - from) {
                buffer = Nd4j.create(DataType.FLOAT, to - from, data.shape().size());
            }
            try {
                spec.likelihood().checkData(data.gather(IntStream.range(from, to).toArray(), buffer), what);
            } catch (InvalidDataException e) {
                if (from == 0 || e.example() < 0) {
                    throw e;
                }
                long example = from + e.example();
                throw new InvalidDataException(e.dataset(), example, e.getMessage()
                        .replaceFirst("example " + e.example() + ",", "example " + example + ","));
            }
        }
        if (spec.conditional()) {
            OneHot.of(data, spec.conditionSize(), what); // labels present and in range
        }
    }
}
