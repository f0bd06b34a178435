/**
 * Benchmarks that print their figures: {@link org.vae4j.examples.benchmark.TrainingBenchmark} times training and
 * evaluation of the reference VAE; {@code bench/compare-libtorch.sh} runs it alternately with the libtorch anchor.
 */
package org.vae4j.examples.benchmark;
