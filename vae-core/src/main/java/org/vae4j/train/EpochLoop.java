package org.vae4j.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.data.Binarization;
import org.vae4j.data.Dataset;
import org.vae4j.data.MiniBatches;
import org.vae4j.data.OneHot;
import org.vae4j.exec.ExecutionPlan;
import org.vae4j.exec.GraphRunner;
import org.vae4j.exec.ThreadTeam;
import org.vae4j.graph.VaeGraph;
import org.vae4j.prior.Gaussians;
import org.vae4j.schedule.TrainingStep;

/**
 * One epoch's loop over the shuffled mini-batches (Kingma &amp; Welling 2014, algorithm 1): for each batch, draw
 * eps ~ N(0, I) on the host (if the objective samples), binarize the batch (with dynamic binarization), execute the
 * graph's gradient function through an {@link ExecutionPlan} compiled once per run, check the loss and every
 * gradient for NaN and infinity ({@link Divergence}), and apply the {@link Optimizer}; at the end, check the epoch's
 * mean ELBO for a bound running away. Batch, noise and condition arrays are reused across iterations, so the loop
 * allocates (almost) nothing. The update runs on the loop's {@link ThreadTeam}; while the calling thread reports an
 * update and draws the next batch's noise, a second thread of the team (if it has one) gathers the next batch's rows
 * (the noise and the binarization have random streams of their own: the same draws either way).
 */
public final class EpochLoop implements AutoCloseable {
    /** Told after every update. */
    @FunctionalInterface
    public interface IterationCallback {
        /**
         * @param epoch the epoch, from 1
         * @param iteration the update's number in the whole run, from 1
         * @param batchSize examples in the batch
         * @param elboSum the objective summed over the batch, nats
         * @param loss the training loss, nats per example
         */
        void iterationDone(int epoch, long iteration, int batchSize, double elboSum, double loss);
    }

    /**
     * An epoch's sums over its examples.
     *
     * @param batches the updates made (mini-batches)
     * @param examples examples seen
     * @param elbo the objective summed over them, nats
     * @param logLikelihood log p(x|z) summed, nats
     * @param kl the KL term summed, nats
     */
    public record Totals(long batches, long examples, double elbo, double logLikelihood, double kl) {
    }

    private final TrainingSpec spec;
    private final GraphRunner runner;
    private final Optimizer optimizer;
    private final IterationCallback callback;
    private final Divergence divergence;
    private final ThreadTeam team;
    private final ParallelBatchGradient step;
    private final BatchGradients remote;
    private final INDArray beta;
    private final INDArray capacity;
    private final Map<Integer, INDArray> noiseBuffers = new HashMap<>();
    private final Map<Integer, INDArray> binarizedBuffers = new HashMap<>();
    private final Map<Integer, INDArray> conditionBuffers = new HashMap<>();
    private final boolean usesNoise;
    private final int samples;

    /**
     * A loop whose batch gradients are computed by {@code remote} (data-parallel training): the training set passed
     * to {@link #run} is then consulted only for its size (the batch schedule), not for its rows, and dynamic
     * binarization and conditions are the remote side's business.
     *
     * <p>Without {@code remote}, each update runs here on a {@link ThreadTeam} of {@code threads} threads (and
     * cores): the batch's gradient in parts of its rows, one per thread, when the objective's loss is a batch mean
     * ({@link org.vae4j.objective.Objective#lossIsBatchMean}), see {@link ParallelBatchGradient}; the finiteness check
     * and the optimizer's update ({@link Optimizer#on}) in chunks of the values the threads take in turn. Call
     * {@link #close} when done, to stop those threads.
     *
     * @param spec the training configuration
     * @param runner runs the graph; its lock is held for each update
     * @param optimizer updates the graph's parameters (on this loop's threads)
     * @param callback told after every update
     * @param remote computes each batch's gradient, or null to compute it here
     * @param threads threads (and cores) for a batch's gradient here, {@code >= 1}; ignored with {@code remote}
     * @throws IllegalArgumentException if {@code threads < 1} and {@code remote} is null
     */
    public EpochLoop(TrainingSpec spec, GraphRunner runner, Optimizer optimizer, IterationCallback callback,
            BatchGradients remote, int threads) {
        this.remote = remote;
        this.spec = spec;
        this.runner = runner;
        this.team = new ThreadTeam(remote != null ? 1 : threads);
        this.optimizer = optimizer.on(team);
        this.callback = callback;
        this.divergence = new Divergence(spec.updater());
        this.beta = Nd4j.scalar(spec.dataType(), 1.0);
        this.capacity = Nd4j.scalar(spec.dataType(), 0.0);
        this.usesNoise = spec.objective().usesNoise();
        this.samples = spec.objective().samplesPerExample();
        step = remote != null ? null : new ParallelBatchGradient(runner.graph(), optimizer.parameterNames(), team,
                spec.objective().lossIsBatchMean(), samples, spec.batchSize());
    }

    /**
     * Runs one epoch.
     *
     * @param train the training set, checked ({@link DataChecks})
     * @param epoch the epoch, from 1
     * @param iterationsBefore updates made before this epoch
     * @param random the run's random streams
     * @return the epoch's sums
     * @throws TrainingDivergedException if the loss or a gradient is NaN or infinite, before that update; or, at the
     *     end of the epoch, if its mean ELBO ran away from the run's best ({@code Divergence} states the rule)
     */
    public Totals run(Dataset train, int epoch, long iterationsBefore, RandomStreams random) {
        SplittableRandom noise = random.noise(epoch);
        SplittableRandom binarization = random.binarization(epoch);
        MiniBatches shuffled = train.shuffledBatches(spec.batchSize(), random.shuffle(epoch));
        long perEpoch = shuffled.batchCount();
        long totalIterations = Math.max(1, perEpoch * spec.epochs());
        long iteration = iterationsBefore;
        double elboSum = 0;
        double logLikelihoodSum = 0;
        double klSum = 0;
        long seen = 0;
        divergence.startEpoch();
        INDArray conditions = remote != null ? null : conditions(train);
        MiniBatches.BatchIterator batches = shuffled.reusingArrays().iterator();
        Batch batch = batches.hasNext() ? nextBatch(batches, conditions, binarization) : null;
        Map<String, INDArray> inputs = batch == null ? null
                : inputs(batch.rows(), new TrainingStep(epoch, iteration, perEpoch, totalIterations), noise);
        while (batch != null) {
            Map<String, INDArray> feed = batch.data();
            feed.putAll(inputs);
            int b = batch.rows();
            int[] indices = batch.indices();
            iteration++;
            long it = iteration;
            double[] figures = runner.locked(() -> update(feed, indices, epoch, it));
            elboSum += figures[0];
            logLikelihoodSum += figures[1];
            klSum += figures[2];
            seen += b;
            // the next batch's rows are gathered on a second thread, if the team has one, while this thread reports
            // the update and draws the next batch's noise (separate random streams: the same draws either way)
            int nextRows = (int) Math.min(spec.batchSize(), train.size() - seen);
            TrainingStep next = new TrainingStep(epoch, iteration, perEpoch, totalIterations);
            Batch[] gathered = new Batch[1];
            List<Map<String, INDArray>> drawn = new ArrayList<>(1);
            team.runPair(() -> {
                callback.iterationDone(epoch, it, b, figures[0], figures[3]);
                if (nextRows > 0) {
                    drawn.add(inputs(nextRows, next, noise));
                }
            }, () -> gathered[0] = batches.hasNext() ? nextBatch(batches, conditions, binarization) : null);
            batch = gathered[0];
            inputs = drawn.isEmpty() ? null : drawn.get(0);
        }
        if (seen > 0) {
            divergence.checkEpoch(epoch, iteration, elboSum / seen);
        }
        return new Totals(iteration - iterationsBefore, seen, elboSum, logLikelihoodSum, klSum);
    }

    /**
     * A batch's data.
     *
     * @param data a new map holding (without {@code remote}) {@link VaeGraph#INPUT} and, for a conditional VAE,
     *     {@link VaeGraph#CONDITION}: arrays reused for the next batch of the same size
     * @param indices the batch's row indices (with {@code remote}), else null
     * @param rows the batch's rows
     */
    private record Batch(Map<String, INDArray> data, int[] indices, int rows) {
    }

    /** The next batch: with {@code remote} its indices, else its rows gathered, binarized and with their condition. */
    private Batch nextBatch(MiniBatches.BatchIterator batches, INDArray conditions, SplittableRandom binarization) {
        Map<String, INDArray> data = new HashMap<>();
        if (remote != null) {
            int[] indices = batches.nextIndices();
            return new Batch(data, indices, indices.length);
        }
        return new Batch(data, null, addBatch(batches, conditions, binarization, data));
    }

    /** A batch's inputs besides its data: its noise (if the objective samples), beta and the capacity. */
    private Map<String, INDArray> inputs(int b, TrainingStep at, SplittableRandom noise) {
        Map<String, INDArray> inputs = new HashMap<>();
        if (usesNoise) {
            inputs.put(VaeGraph.NOISE, Gaussians.fill(noiseBuffers.computeIfAbsent(b,
                    rows -> Nd4j.create(spec.dataType(), (long) samples * rows, spec.latentSize())), noise));
        }
        inputs.put(VaeGraph.BETA, beta.assign(spec.betaAt(at)));
        inputs.put(VaeGraph.CAPACITY, capacity.assign(spec.objective().capacityAt(at)));
        return inputs;
    }

    /** Gathers the next batch into {@code feed} (binarized, with its condition); returns its size. */
    private int addBatch(MiniBatches.BatchIterator batches, INDArray conditions, SplittableRandom binarization,
            Map<String, INDArray> feed) {
        INDArray batch = batches.next();
        int b = batch.rows();
        INDArray x = batch.dataType() == spec.dataType() ? batch : batch.castTo(spec.dataType());
        if (spec.dynamicBinarization()) {
            INDArray out = binarizedBuffers.computeIfAbsent(b, rows -> Nd4j.create(spec.dataType(), batch.shape()));
            x = Binarization.sample(x, out, binarization, "training set");
        }
        feed.put(VaeGraph.INPUT, x);
        if (conditions != null) { // conditional VAE: the batch's one-hot labels, into a reused array
            INDArray target = conditionBuffers.computeIfAbsent(b,
                    rows -> Nd4j.create(conditions.dataType(), rows, conditions.columns()));
            feed.put(VaeGraph.CONDITION, Nd4j.pullRows(conditions, target, 1, batches.indices()));
        }
        return b;
    }

    /** One execution of the gradient function and one update; returns the batch's ELBO, log p(x|z), KL sums and the loss. */
    private double[] update(Map<String, INDArray> feed, int[] indices, int epoch, long iteration) {
        ParallelBatchGradient.Checked checked;
        if (remote != null) {
            BatchGradient.Result r = remote.compute(runner.graph(), epoch, indices, feed);
            checked = new ParallelBatchGradient.Checked(r, ParallelBatchGradient.firstNonFinite(team, r.gradients()));
        } else {
            checked = step.compute(feed);
        }
        BatchGradient.Result out = checked.result();
        double loss = out.loss();
        divergence.checkLoss(epoch, iteration, loss);
        if (checked.nonFinite() != null) {
            throw divergence.diverged(epoch, iteration, "the gradient of " + checked.nonFinite() + " (sum)",
                    out.gradients().get(checked.nonFinite()).sumNumber().doubleValue(), loss);
        }
        optimizer.apply(runner.graph(), out.gradients(), iteration - 1, epoch - 1);
        divergence.accepted(loss);
        return new double[] {out.elboSum(), out.logLikelihoodSum(), out.klSum(), loss};
    }

    /** The one-hot labels of a conditional VAE's training set in the model's data type, else null. */
    private INDArray conditions(Dataset train) {
        if (!spec.conditional()) {
            return null;
        }
        INDArray oneHot = OneHot.of(train, spec.conditionSize(), "training set");
        return oneHot.dataType() == spec.dataType() ? oneHot : oneHot.castTo(spec.dataType());
    }

    /** Stops the loop's threads. */
    @Override
    public void close() {
        team.close();
    }
}
