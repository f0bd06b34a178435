/**
 * The report of a training run in the browser: {@link org.vae4j.report.RunReport}, a
 * {@link org.vae4j.TrainingListener} that rewrites one self-contained HTML page ({@code report.html}, images
 * embedded, no scripts, no network) after every epoch, with the configuration, the learning curves, sample grids,
 * reconstructions and the figures a program adds.
 */
package org.vae4j.report;
