/**
 * Anomaly detection with a trained VAE: {@link org.vae4j.anomaly.AnomalyScorer} (a score per example: -log p(x)
 * by importance sampling, or the negative reconstruction log-likelihood), {@link org.vae4j.anomaly.AnomalyThreshold}
 * (the score above which an example is flagged, e.g. a quantile of the training scores),
 * {@link org.vae4j.anomaly.AnomalyMetrics} (ROC AUC and average precision against labels) and
 * {@link org.vae4j.anomaly.PcaBaseline} (the PCA reconstruction error to compare with).
 */
package org.vae4j.anomaly;
