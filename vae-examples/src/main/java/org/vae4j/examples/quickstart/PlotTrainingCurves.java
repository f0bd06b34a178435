package org.vae4j.examples.quickstart;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.EpochRecord;
import org.vae4j.TrainingHistory;
import org.vae4j.VaeConfig;
import org.vae4j.VaeTrainer;
import org.vae4j.console.CommandLines;
import org.vae4j.console.OutputFiles;
import org.vae4j.console.RunOptions;
import org.vae4j.plot.TrainingCurves;
import org.vae4j.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Plots a training run's learning curves from its {@link TrainingHistory}: trains the reference VAE with the test
 * set as validation set and writes {@code curves.png}, three panels over the epochs (train and test): the lower
 * bound (ELBO), its reconstruction term E[log p(x|z)] and its KL term. The ELBO rises quickly and then slowly; the
 * KL term rises while the model learns to use its latent code; the test curve lies above the training curve early
 * on because the training figures are averaged while the parameters are still changing. The run report
 * {@code report.html} shows the same curves with sample grids and reconstructions.
 */
@Command(name = "plot-training-curves", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Trains the reference VAE and plots the lower bound, reconstruction and KL per epoch.")
public final class PlotTrainingCurves implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(PlotTrainingCurves.class);

    @Mixin
    RunOptions options = new RunOptions(20);

    @Override
    public Integer call() throws Exception {
        Path out = options.start("curves");
        RunOptions.Data data = options.load();
        VaeConfig config = options.config().build();
        RunReport report = OutputFiles.report(out, "Training curves on MNIST: " + out.getFileName(), data.test(),
                options.seed(), 5);
        TrainingHistory history = new VaeTrainer(config).withListeners(report).fit(data.train(), data.test())
                .history();
        Path file = out.resolve("curves.png");
        TrainingCurves.write(history, config.objective(), file);
        OutputFiles.wrote(file);
        for (EpochRecord r : history.epochs()) {
            log.info(String.format(Locale.ROOT, "epoch %2d: train ELBO %8.2f, test ELBO %8.2f (test log p(x|z) %8.2f,"
                    + " KL %6.2f)", r.epoch(), r.train().elbo(), r.validation().elbo(), r.validation().logLikelihood(),
                    r.validation().kl()));
        }
        log.info("Run report (the same curves, with samples and reconstructions): {}", report.file().toUri());
        return 0;
    }

    /**
     * Runs the example.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        CommandLines.run(new PlotTrainingCurves(), args);
    }
}
