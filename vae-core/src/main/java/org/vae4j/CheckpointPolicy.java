package org.vae4j;

import java.nio.file.Path;
import java.util.Objects;

/**
 * When and where a {@link Checkpointer} writes checkpoints during training.
 *
 * <p>Files in {@code folder}: {@code epoch-NNNN.vae} after every {@code everyEpochs}-th epoch and after the last
 * epoch of the configuration, of which the newest {@code keepLast} are kept; with {@code keepBest},
 * {@code best.vae}: the model after the epoch with the highest validation ELBO so far (needs a validation set). Each
 * is a complete model file ({@link Vae#save}), written atomically. Use one folder per run.
 *
 * @param folder the folder of the checkpoint files; created if needed
 * @param everyEpochs write a checkpoint after every this many epochs; {@code >= 1}
 * @param keepLast how many {@code epoch-NNNN.vae} files to keep (the newest); {@code >= 1}
 * @param keepBest whether to keep {@code best.vae}, the model of the best validation ELBO
 */
public record CheckpointPolicy(Path folder, int everyEpochs, int keepLast, boolean keepBest) {

    /**
     * @param folder the folder of the checkpoint files; created if needed
     * @param everyEpochs write a checkpoint after every this many epochs; {@code >= 1}
     * @param keepLast how many {@code epoch-NNNN.vae} files to keep (the newest); {@code >= 1}
     * @param keepBest whether to keep {@code best.vae}, the model of the best validation ELBO
     * @throws NullPointerException if {@code folder} is null
     * @throws IllegalArgumentException naming the field if a count is not positive
     */
    public CheckpointPolicy {
        Objects.requireNonNull(folder, "CheckpointPolicy.folder");
        if (everyEpochs < 1) {
            throw new IllegalArgumentException("CheckpointPolicy.everyEpochs must be >= 1, got " + everyEpochs);
        }
        if (keepLast < 1) {
            throw new IllegalArgumentException("CheckpointPolicy.keepLast must be >= 1, got " + keepLast);
        }
    }

    /**
     * A checkpoint after every epoch, keeping the last two and the best.
     *
     * @param folder the folder of the checkpoint files
     * @return the policy
     */
    public static CheckpointPolicy everyEpoch(Path folder) {
        return new CheckpointPolicy(folder, 1, 2, true);
    }
}
