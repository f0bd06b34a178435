package org.vae4j.latent;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.vae4j.data.Dataset;

/**
 * Picks examples of given labels from a labelled dataset, at random but reproducibly: for instance the endpoints
 * of an interpolation, "a 1 and a 7 from the test set".
 */
public final class ExamplePicker {
    private ExamplePicker() {
    }

    /**
     * Picks one example per label, in order, each uniformly among the examples with that label, with one generator
     * seeded by {@code seed}: the same seed gives the same picks, and the first pick depends only on the seed and the
     * first label (so {@code pick(d, 42, 1, 7)} and {@code pick(d, 42, 1, 4)} start from the same 1).
     *
     * @param data a labelled dataset
     * @param seed seeds the choice
     * @param labels the labels wanted, at least one
     * @return the indices of the picked examples in {@code data}, one per label
     * @throws IllegalArgumentException if the dataset has no labels, no labels are asked for, or no example has one
     *     of them (the message names the label)
     */
    public static int[] pick(Dataset data, long seed, int... labels) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(labels, "labels");
        if (labels.length == 0) {
            throw new IllegalArgumentException("name at least one label to pick");
        }
        RandomGenerator random = new SplittableRandom(seed);
        int[] picks = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            picks[i] = pick(data, labels[i], random);
        }
        return picks;
    }

    /**
     * Picks one example with the given label, uniformly.
     *
     * @param data a labelled dataset
     * @param label the label wanted
     * @param random the source of the choice
     * @return its index in {@code data}
     * @throws IllegalArgumentException if the dataset has no labels or no example has this label
     */
    public static int pick(Dataset data, int label, RandomGenerator random) {
        Objects.requireNonNull(random, "random");
        int[] candidates = indicesOf(data, label);
        return candidates[random.nextInt(candidates.length)];
    }

    /**
     * The indices of every example with a label, in dataset order.
     *
     * @param data a labelled dataset
     * @param label the label
     * @return the indices, at least one
     * @throws IllegalArgumentException if the dataset has no labels or no example has this label
     */
    public static int[] indicesOf(Dataset data, int label) {
        Objects.requireNonNull(data, "data");
        if (!data.hasLabels()) {
            throw new IllegalArgumentException("cannot pick by label: " + data + " has no labels");
        }
        int[] labels = data.labels();
        int[] found = java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] == label).toArray();
        if (found.length == 0) {
            throw new IllegalArgumentException("no example has label " + label + " in " + data + " (labels present: "
                    + Arrays.toString(Arrays.stream(labels).distinct().sorted().toArray()) + ")");
        }
        return found;
    }
}
