package org.vae4j.cli;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.Vae;
import org.vae4j.data.ImageDataset;
import org.vae4j.data.OneHot;

/**
 * The conditions of a conditional VAE in the {@code vae4j} commands: {@code train --conditional} conditions encoder
 * and decoder on each image's one-hot label (as {@code ConditionalMnist} does), so a model command passes the
 * images' one-hot labels, and {@code sample --labels} the labels to draw.
 */
final class Conditions {
    /** The most labels {@code sample} draws when {@code --labels} is not given. */
    static final int MAX_DEFAULT_LABELS = 20;

    private Conditions() {
    }

    /**
     * The condition of each image for a model: null for a VAE, their one-hot labels for a conditional VAE.
     *
     * @param vae the model
     * @param data the images
     * @param description the images, for messages (e.g. "the MNIST test set", a file name)
     * @return {@code [n, conditionSize]} in the model's data type, or null if the model is not conditional
     * @throws IllegalArgumentException if the model is conditional and the images have no labels, or one outside
     *     {@code [0, conditionSize)}
     */
    static INDArray of(Vae vae, ImageDataset data, String description) {
        if (!vae.config().conditional()) {
            return null;
        }
        int classes = vae.config().conditionSize();
        if (!data.hasLabels()) {
            throw new IllegalArgumentException("the model is a conditional VAE (trained with --conditional, on the"
                    + " one-hot labels of " + classes + " classes) but " + description + " has no labels; give them"
                    + " with --labels");
        }
        return OneHot.of(data, classes, description).castTo(vae.config().dataType());
    }

    /**
     * The number of classes a conditional VAE is trained on: the largest label of the training and test images,
     * plus one (10 for MNIST).
     *
     * @param train the training images
     * @param test the test images, or null
     * @return the condition size, {@code > 0}
     * @throws IllegalArgumentException if the training or test images have no labels
     */
    static int classes(ImageDataset train, ImageDataset test) {
        int max = -1;
        for (ImageDataset set : test == null ? List.of(train) : List.of(train, test)) {
            if (!set.hasLabels()) {
                throw new IllegalArgumentException("--conditional conditions on each image's label, but the "
                        + (set == train ? "training images have no labels: give --labels" : "test images have no"
                        + " labels: give --test-labels"));
            }
            for (int label : set.labels()) {
                max = Math.max(max, label);
            }
        }
        return max + 1;
    }

    /**
     * Parses labels such as {@code 0-9}, {@code 1,7} or {@code 0-3,8} (ranges inclusive).
     *
     * @param option the option, for messages
     * @param parts the comma-separated parts
     * @param classes the model's condition size; each label must be in {@code [0, classes)}
     * @return the labels in the order given
     * @throws IllegalArgumentException naming the option and the part if a part is not a label or a range, or a
     *     label is out of range
     */
    static int[] parseLabels(String option, List<String> parts, int classes) {
        List<Integer> labels = new ArrayList<>();
        for (String part : parts) {
            String[] ends = part.strip().split("-", -1);
            int from;
            int to;
            try {
                if (ends.length > 2) {
                    throw new NumberFormatException();
                }
                from = Integer.parseInt(ends[0].strip());
                to = Integer.parseInt(ends[ends.length - 1].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + ": expected labels such as 0-9 or 1,7, got '" + part
                        + "'");
            }
            if (from < 0 || to >= classes || from > to) {
                throw new IllegalArgumentException(option + " " + part + ": the model's labels are 0 to "
                        + (classes - 1) + " (a range runs upwards)");
            }
            for (int label = from; label <= to; label++) {
                labels.add(label);
            }
        }
        return labels.stream().mapToInt(Integer::intValue).toArray();
    }
}
