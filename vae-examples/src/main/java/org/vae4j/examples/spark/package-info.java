/** Training and scoring on an Apache Spark cluster ({@link org.vae4j.spark.SparkVaeTrainer}). */
package org.vae4j.examples.spark;
