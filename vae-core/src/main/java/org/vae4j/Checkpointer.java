package org.vae4j;

import org.vae4j.io.AtomicFiles;
import org.vae4j.io.Exceptions;
import org.vae4j.io.ModelFormatException;
import org.vae4j.io.ModelWriteException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.train.CheckpointFiles;

/**
 * Writes checkpoints during training, as a {@link TrainingListener}: add it to a trainer with
 * {@link VaeTrainer#withListeners}. What it writes is set by a {@link CheckpointPolicy}. Each checkpoint is a
 * complete model file ({@link Vae#save}: parameters, optimizer state, training history), written atomically, so a
 * crash or {@code kill -9} at any moment leaves every checkpoint file either as it was or complete.
 *
 * <pre>{@code
 * Checkpointer checkpoints = Checkpointer.create(CheckpointPolicy.everyEpoch(Path.of("run1/checkpoints")));
 * new VaeTrainer(config).withListeners(checkpoints).fit(train, test);
 * // after a crash:
 * Vae last = Checkpointer.load(Path.of("run1/checkpoints"));       // the newest checkpoint
 * new VaeTrainer(config).withListeners(checkpoints).resume(last, train, test);
 * }</pre>
 *
 * <p>It keeps no state of its own: which epoch is the best is read from the model's history, so it works the same
 * in a resumed run. A checkpoint that cannot be written stops training with an {@link UncheckedIOException} whose
 * cause is the {@link ModelWriteException}; the checkpoints written before stay.
 */
public final class Checkpointer implements TrainingListener {
    private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);

    /** Name of the best model's checkpoint file. */
    public static final String BEST = "best.vae";
    private static final CheckpointFiles FILES = new CheckpointFiles("vae", log);

    private final CheckpointPolicy policy;
    private boolean warnedNoValidation;

    private Checkpointer(CheckpointPolicy policy) {
        this.policy = policy;
    }

    /**
     * Creates the folder if needed, checks that it can be written, and removes temporary files that an interrupted
     * earlier write left in it, so that a folder that cannot be used fails now rather than after the first epoch.
     *
     * @param policy when and where to write
     * @return the listener
     * @throws ModelWriteException naming the folder if it cannot be created or written
     */
    public static Checkpointer create(CheckpointPolicy policy) throws ModelWriteException {
        Objects.requireNonNull(policy, "policy");
        Path probe = policy.folder().resolve("probe");
        try {
            AtomicFiles.write(probe, out -> out.write(0));
        } catch (IOException e) {
            throw new ModelWriteException(probe, e.getMessage(), e);
        }
        try {
            Files.delete(probe);
            FILES.removeLeftovers(policy.folder(), Checkpointer::isTemporary);
        } catch (IOException e) {
            throw new ModelWriteException(policy.folder(), "cannot clean up the checkpoint folder ("
                    + Exceptions.describe(e) + ")", e);
        }
        return new Checkpointer(policy);
    }

    /** @return the policy */
    public CheckpointPolicy policy() {
        return policy;
    }

    /**
     * Writes {@code epoch-NNNN.vae} if the epoch is due and prunes older ones; writes {@code best.vae} if this epoch
     * has the best validation ELBO so far.
     *
     * @throws UncheckedIOException wrapping a {@link ModelWriteException} if a file cannot be written
     */
    @Override
    public void epochDone(EpochRecord record, Vae model) {
        try {
            int epoch = record.epoch();
            if (epoch % policy.everyEpochs() == 0 || epoch == model.config().epochs()) {
                Path file = policy.folder().resolve(fileName(epoch));
                model.save(file);
                log.info("Checkpoint {}", file);
                FILES.prune(policy.folder(), epoch, policy.keepLast());
            }
            if (policy.keepBest()) {
                writeBest(record, model);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeBest(EpochRecord record, Vae model) throws IOException {
        if (record.validation() == null) {
            if (!warnedNoValidation) {
                log.warn("No validation set: {} is not written (it is the best model by validation ELBO)", BEST);
                warnedNoValidation = true;
            }
            return;
        }
        double elbo = record.validation().elbo();
        boolean best = Double.isFinite(elbo) && model.history().epochs().stream()
                .filter(r -> r.epoch() != record.epoch() && r.validation() != null)
                .allMatch(r -> !(r.validation().elbo() >= elbo));
        if (best) {
            Path file = policy.folder().resolve(BEST);
            model.save(file);
            log.info("Checkpoint {} (epoch {}, validation ELBO {})", file, record.epoch(), elbo);
        }
    }

    /**
     * @param epoch the epoch, from 1
     * @return the checkpoint file name of that epoch, {@code epoch-NNNN.vae}
     */
    public static String fileName(int epoch) {
        return FILES.fileName(epoch);
    }

    /**
     * Loads a checkpoint to resume from: the file itself, or in a folder the {@code epoch-NNNN.vae} of the highest
     * epoch that loads. A newer one that does not load (it can only be damaged after it was written, since writes
     * are atomic) is skipped with a warning in the log.
     *
     * @param fileOrFolder a model file, or a checkpoint folder
     * @return the model, with its optimizer state and history
     * @throws NoSuchFileException if the file does not exist, or the folder holds no checkpoint that loads
     * @throws ModelFormatException if the file given is not a valid model file
     * @throws IOException if reading fails
     */
    public static Vae load(Path fileOrFolder) throws IOException {
        if (!Files.isDirectory(fileOrFolder)) {
            return Vae.load(fileOrFolder);
        }
        return FILES.loadNewest(fileOrFolder, Vae::load);
    }

    private static boolean isTemporary(String name) {
        return name.endsWith(AtomicFiles.TEMP_SUFFIX) && (name.startsWith(".epoch-")
                || AtomicFiles.isTemporaryFor(name, BEST) || AtomicFiles.isTemporaryFor(name, "probe"));
    }
}
