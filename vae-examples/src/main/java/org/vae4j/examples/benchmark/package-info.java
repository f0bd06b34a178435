/**
 * Benchmarks that print their figures: {@link org.vae4j.examples.benchmark.TrainingBenchmark} times training and
 * evaluation of the reference VAE, and {@code bench/compare-libtorch.sh} runs it alternately with the libtorch anchor;
 * {@link org.vae4j.examples.benchmark.CheckpointMemory} prints the resident memory epoch by epoch while checkpoints
 * are written.
 */
package org.vae4j.examples.benchmark;
