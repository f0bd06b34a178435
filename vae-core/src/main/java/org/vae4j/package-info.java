/**
 * vae4j's public face: {@link org.vae4j.VaeConfig} describes a variational autoencoder (Kingma &amp; Welling 2014),
 * {@link org.vae4j.VaeTrainer} trains it on an {@link org.vae4j.data.ImageDataset} (or resumes a run) and returns a
 * {@link org.vae4j.Vae} with its {@link org.vae4j.TrainingHistory}; the model encodes, decodes, generates, scores
 * ({@link org.vae4j.Evaluation}) and saves itself ({@link org.vae4j.Vae#save}, {@link org.vae4j.Vae#load}, with
 * {@link org.vae4j.ConfigJson} for the configuration); {@link org.vae4j.TrainingListener}s such as the
 * {@link org.vae4j.Checkpointer} see a run as it goes.
 *
 * <p>The layers below, in the order data flows (config, graph, plan, trainer, model, file), each importing only those
 * before it, never this package: the model's parts ({@code nn}, {@code likelihood}, {@code prior},
 * {@code objective}, {@code schedule}, over {@code data}); {@link org.vae4j.graph} builds the SameDiff graph;
 * {@link org.vae4j.exec} compiles and runs it; {@link org.vae4j.train} is the epoch loop and the optimizer;
 * {@link org.vae4j.io} the model file. The tools above this package ({@code latent}, {@code plot},
 * {@code report}) use trained models. {@code ArchitectureTest} keeps it so.
 */
package org.vae4j;
