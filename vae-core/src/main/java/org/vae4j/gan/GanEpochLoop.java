package org.vae4j.gan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.data.Dataset;
import org.vae4j.data.MiniBatches;
import org.vae4j.exec.ExecutionPlan;
import org.vae4j.exec.GraphRunner;
import org.vae4j.exec.HostArrays;
import org.vae4j.prior.Gaussians;
import org.vae4j.train.Optimizer;
import org.vae4j.train.RandomStreams;
import org.vae4j.train.TrainingDivergedException;

/**
 * One epoch of GAN training (Goodfellow et al. 2014, algorithm 1; Gulrajani et al. 2017, algorithm 1 for WGAN-GP):
 * for each shuffled batch of real images, one discriminator update on the batch and fresh noise; then, after every
 * discriminator update (after every {@link GanConfig#criticSteps()}-th for WGAN-GP, counted over the run), one
 * generator update on fresh noise. Each update executes the graph's gradient function through an
 * {@link ExecutionPlan} that computes only the updated network's gradients, checks the loss and every gradient for
 * NaN and infinity, and applies that network's own {@link Optimizer}. Noise z and interpolation weights e are drawn
 * in that order from the epoch's noise stream ({@link RandomStreams#noise}).
 */
final class GanEpochLoop {
    private static final Logger log = LoggerFactory.getLogger(GanEpochLoop.class);

    /** Run-wide update counts, advanced by {@link #run}. */
    static final class Counts {
        long discriminator;
        long generator;

        Counts(long discriminator, long generator) {
            this.discriminator = discriminator;
            this.generator = generator;
        }
    }

    private final GanConfig config;
    private final GraphRunner runner;
    private final Optimizer discriminatorOptimizer;
    private final Optimizer generatorOptimizer;
    private final Step discriminatorStep;
    private final Step generatorStep;
    private final Map<Integer, INDArray> noise = new HashMap<>();
    /** Dropout masks by placeholder name and batch size, filled in place every step. */
    private final Map<String, INDArray> masks = new HashMap<>();
    private final Map<Integer, INDArray> mix = new HashMap<>();
    private final List<GanListener> listeners;

    /** One network's update: its plan, its gradients' names and the loss weights it feeds. */
    private static final class Step {
        final ExecutionPlan plan;
        final Map<String, String> gradients = new LinkedHashMap<>();
        final INDArray discriminatorWeight;
        final INDArray generatorWeight;

        Step(SameDiff sd, GanConfig config, List<String> parameters, boolean generator, List<String> extra) {
            for (String p : parameters) {
                SDVariable g = sd.getVariable(p).getGradient();
                if (g != null) {
                    gradients.put(p, g.name());
                }
            }
            List<String> outputs = new ArrayList<>(extra);
            outputs.addAll(gradients.values());
            plan = new ExecutionPlan(sd.getFunction("grad"), outputs, GanGraph.REAL);
            discriminatorWeight = Nd4j.scalar(config.dataType(), generator ? 0.0 : 1.0);
            generatorWeight = Nd4j.scalar(config.dataType(), generator ? 1.0 : 0.0);
        }
    }

    GanEpochLoop(GanConfig config, GraphRunner runner, Gan model, List<GanListener> listeners) {
        this.config = config;
        this.listeners = listeners;
        this.runner = runner;
        SameDiff sd = runner.graph();
        Map<String, INDArray> state = model.optimizerState();
        discriminatorOptimizer = Optimizer.create(sd, GanGraph::isDiscriminator, config.discriminatorUpdater(),
                subset(state, false));
        generatorOptimizer = Optimizer.create(sd, GanGraph::isGenerator, config.generatorUpdater(),
                subset(state, true));
        List<String> dOutputs = new ArrayList<>(List.of(GanGraph.DISCRIMINATOR_LOSS, GanGraph.REAL_LOGIT,
                GanGraph.FAKE_LOGIT));
        discriminatorStep = new Step(sd, config, model.parameterNames(false), false, dOutputs);
        generatorStep = new Step(sd, config, model.parameterNames(true), true, List.of(GanGraph.GENERATOR_LOSS));
    }

    private static Map<String, INDArray> subset(Map<String, INDArray> state, boolean generator) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        state.forEach((name, a) -> {
            if (generator == GanGraph.isGenerator(name)) {
                out.put(name, a);
            }
        });
        return out;
    }

    /**
     * Runs one epoch.
     *
     * @param train the training set (checked)
     * @param epoch the epoch, from 1
     * @param counts the run's update counts so far; advanced
     * @param random the run's random streams
     * @param seconds filled in by the caller: passed through to the record
     * @return the epoch's record, with {@code seconds} 0
     * @throws TrainingDivergedException naming the network's loss or gradient, the epoch and that network's update
     *     number, before that update, if a loss or gradient is NaN or infinite
     */
    GanEpochRecord run(Dataset train, int epoch, Counts counts, RandomStreams random) {
        SplittableRandom rng = random.noise(epoch);
        MiniBatches batches = train.shuffledBatches(config.batchSize(), random.shuffle(epoch));
        boolean wasserstein = config.loss().isWasserstein();
        double dLossSum = 0;
        double gLossSum = 0;
        double wassersteinSum = 0;
        long realCorrect = 0;
        long fakeCorrect = 0;
        long seen = 0;
        long dSteps = 0;
        long gSteps = 0;
        boolean fakeAlwaysCaught = true;
        for (INDArray batch : batches.reusingArrays()) {
            int b = batch.rows();
            INDArray x = batch.dataType() == config.dataType() ? batch : batch.castTo(config.dataType());
            Map<String, INDArray> feed = feed(x, b, rng, discriminatorStep);
            counts.discriminator++;
            long dIteration = counts.discriminator;
            Map<String, INDArray> out = runner.locked(() -> update(discriminatorStep, discriminatorOptimizer, feed,
                    epoch, dIteration, "discriminator", GanGraph.DISCRIMINATOR_LOSS));
            double dLoss = out.get(GanGraph.DISCRIMINATOR_LOSS).getDouble(0);
            dLossSum += dLoss;
            double gLoss = Double.NaN;
            double[] real = out.get(GanGraph.REAL_LOGIT).toDoubleVector();
            double[] fake = out.get(GanGraph.FAKE_LOGIT).toDoubleVector();
            long caught = 0;
            for (int i = 0; i < b; i++) {
                realCorrect += real[i] > 0 ? 1 : 0;
                caught += fake[i] < 0 ? 1 : 0;
                wassersteinSum += real[i] - fake[i];
            }
            fakeCorrect += caught;
            fakeAlwaysCaught &= caught == b;
            seen += b;
            dSteps++;
            if (!wasserstein || counts.discriminator % config.criticSteps() == 0) {
                Map<String, INDArray> gFeed = feed(x, b, rng, generatorStep);
                counts.generator++;
                long gIteration = counts.generator;
                Map<String, INDArray> gOut = runner.locked(() -> update(generatorStep, generatorOptimizer, gFeed,
                        epoch, gIteration, "generator", GanGraph.GENERATOR_LOSS));
                gLoss = gOut.get(GanGraph.GENERATOR_LOSS).getDouble(0);
                gLossSum += gLoss;
                gSteps++;
            }
            GanIterationRecord it = new GanIterationRecord(epoch, counts.discriminator, counts.generator, dLoss,
                    gLoss);
            for (GanListener l : listeners) {
                l.iterationDone(it);
            }
        }
        boolean won = !wasserstein && dSteps > 0 && fakeAlwaysCaught;
        if (won) {
            log.warn("Epoch {}: the discriminator won: it classified every generated image as fake in all {} batches"
                    + " (discriminator iterations {} to {}); {}", epoch, dSteps, counts.discriminator - dSteps + 1,
                    counts.discriminator, config.loss().whenDiscriminatorWins());
        }
        return new GanEpochRecord(epoch, counts.discriminator, counts.generator, dLossSum / dSteps,
                gSteps == 0 ? Double.NaN : gLossSum / gSteps,
                wasserstein ? Double.NaN : (double) realCorrect / seen,
                wasserstein ? Double.NaN : (double) fakeCorrect / seen,
                wasserstein ? wassersteinSum / seen : Double.NaN, won, 0);
    }

    /** The batch, fresh noise (and interpolation weights), and the step's loss weights. */
    private Map<String, INDArray> feed(INDArray x, int b, SplittableRandom rng, Step step) {
        Map<String, INDArray> feed = new HashMap<>();
        feed.put(GanGraph.REAL, x);
        feed.put(GanGraph.NOISE, Gaussians.fill(noise.computeIfAbsent(b,
                rows -> Nd4j.create(config.dataType(), rows, config.latentSize())), rng));
        if (config.loss().isWasserstein()) {
            INDArray e = mix.computeIfAbsent(b, rows -> Nd4j.create(config.dataType(), rows, 1));
            for (int i = 0; i < b; i++) {
                e.putScalar(i, 0, rng.nextDouble());
            }
            feed.put(GanGraph.MIX, e);
        }
        double drop = config.discriminatorDropout();
        if (drop > 0) { // inverted dropout: keep with probability 1 - p, scaled by 1 / (1 - p)
            for (int i = 0; i < config.discriminatorLayers().size(); i++) {
                int width = config.discriminatorLayers().get(i);
                for (String name : new String[] {GanGraph.DROPOUT_REAL + i, GanGraph.DROPOUT_FAKE + i}) {
                    INDArray mask = masks.computeIfAbsent(name + "@" + b, key -> Nd4j.create(config.dataType(), b,
                            width));
                    float[] values = new float[b * width];
                    for (int v = 0; v < values.length; v++) {
                        values[v] = rng.nextDouble() < drop ? 0f : (float) (1 / (1 - drop));
                    }
                    mask.assign(Nd4j.createFromArray(values).reshape(b, width));
                    feed.put(name, mask);
                }
            }
        }
        feed.put(GanGraph.DISCRIMINATOR_WEIGHT, step.discriminatorWeight);
        feed.put(GanGraph.GENERATOR_WEIGHT, step.generatorWeight);
        return feed;
    }

    /** Executes a step's plan, checks its loss and gradients, and applies its optimizer. */
    private Map<String, INDArray> update(Step step, Optimizer optimizer, Map<String, INDArray> feed, int epoch,
            long iteration, String network, String lossName) {
        Map<String, INDArray> out = step.plan.execute(feed);
        double loss = out.get(lossName).getDouble(0);
        if (!Double.isFinite(loss)) {
            throw diverged(epoch, iteration, "the " + network + " loss", loss, network);
        }
        Map<String, INDArray> gradients = new HashMap<>();
        for (Map.Entry<String, String> g : step.gradients.entrySet()) {
            INDArray gradient = out.get(g.getValue());
            if (!HostArrays.allFinite(gradient)) {
                throw diverged(epoch, iteration, "the gradient of " + g.getKey() + " (sum)",
                        gradient.sumNumber().doubleValue(), network);
            }
            gradients.put(g.getKey(), gradient);
        }
        optimizer.apply(runner.graph(), gradients, iteration - 1, epoch - 1);
        return out;
    }

    private static TrainingDivergedException diverged(int epoch, long iteration, String quantity, double value,
            String network) {
        return new TrainingDivergedException(epoch, iteration, quantity, value, "the " + network + "'s update "
                + iteration + " (iterations count each network's updates) met a value it cannot handle: the "
                + network + "'s or the other network's learning rate is likely too high (the data was checked: in"
                + " [0, 1] and finite). Parameters are those before this update; checkpoints already written are"
                + " unchanged.");
    }
}
