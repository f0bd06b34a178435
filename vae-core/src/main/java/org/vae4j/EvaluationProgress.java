package org.vae4j;

/**
 * Receives the progress of the importance-sampled estimate in {@link Vae#evaluate(org.vae4j.data.ImageDataset, int,
 * long, EvaluationProgress)}, which for k = 5000 on 10,000 MNIST images runs for many minutes: after every batch of
 * (example, sample) pairs, how many examples are done and their mean estimate so far. It is called between batches,
 * one call at a time, on the evaluating thread or, when the estimate runs on several threads ({@link Backend#threads}),
 * on those; it should return quickly (draw a bar, log a line), and an exception it throws ends the evaluation.
 */
@FunctionalInterface
public interface EvaluationProgress {
    /** Ignores every update. */
    EvaluationProgress NONE = (done, total, meanLogLikelihood) -> { };

    /**
     * @param done examples whose estimate is complete, {@code 0 < done <= total}, non-decreasing from call to call
     * @param total examples to estimate
     * @param meanLogLikelihood the mean estimate of log p(x) over the {@code done} examples, nats per example (the
     *     first {@code done} on one thread; on several, whichever their blocks finished)
     */
    void update(int done, int total, double meanLogLikelihood);
}
