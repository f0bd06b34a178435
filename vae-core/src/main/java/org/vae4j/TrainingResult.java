package org.vae4j;

/**
 * What {@link VaeTrainer#fit} returns.
 *
 * @param model the trained model
 * @param history the per-epoch record of the run
 */
public record TrainingResult(Vae model, TrainingHistory history) {
}
