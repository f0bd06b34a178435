/**
 * Training and scoring on an Apache Spark cluster: {@link org.vae4j.spark.SparkVaeTrainer} (synchronous
 * data-parallel steps, the optimizer on the driver) and {@link org.vae4j.spark.SparkScoring} (per-example scores
 * written as CSV by the executors). Spark is a {@code provided} dependency: applications that use this package run
 * it with {@code spark-submit} or put {@code spark-core_2.12} on their class path; nothing else in vae4j imports it.
 */
package org.vae4j.spark;
