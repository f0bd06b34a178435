package org.vae4j;

/**
 * What one training iteration (one mini-batch update) measured.
 *
 * @param epoch the epoch's number, from 1
 * @param iteration the number of parameter updates so far, including this one
 * @param batchSize examples in the mini-batch
 * @param elbo mean ELBO of the batch before the update, nats per example
 * @param loss the loss that was minimized (the graph's {@code loss} output; for the ELBO objective, mean of
 *     beta * KL - log p(x|z)), nats per example
 */
public record IterationRecord(int epoch, long iteration, int batchSize, double elbo, double loss) {
}
