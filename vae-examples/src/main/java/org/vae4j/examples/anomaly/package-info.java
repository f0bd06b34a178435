/**
 * Anomaly detection: {@link org.vae4j.examples.anomaly.MnistAnomaly} holds out one MNIST digit at a time as the
 * anomaly class and compares the VAE's -log p(x), its reconstruction score and a PCA baseline by ROC AUC and PR AUC.
 */
package org.vae4j.examples.anomaly;
