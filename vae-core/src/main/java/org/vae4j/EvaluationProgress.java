package org.vae4j;

/**
 * Receives the progress of the importance-sampled estimate in {@link Vae#evaluate(org.vae4j.data.ImageDataset, int,
 * long, EvaluationProgress)}, which for k = 5000 on 10,000 MNIST images runs for many minutes: after every batch of
 * (example, sample) pairs, how many examples are done and their mean estimate so far. It is called on the evaluating
 * thread between batches, so it should return quickly (draw a bar, log a line).
 */
@FunctionalInterface
public interface EvaluationProgress {
    /** Ignores every update. */
    EvaluationProgress NONE = (done, total, meanLogLikelihood) -> { };

    /**
     * @param done examples whose estimate is complete, {@code 0 < done <= total}, non-decreasing from call to call
     * @param total examples to estimate
     * @param meanLogLikelihood the mean estimate of log p(x) over the first {@code done} examples, nats per example
     */
    void update(int done, int total, double meanLogLikelihood);
}
