/**
 * The report of a training run in the browser: {@link org.vae4j.report.RunReport}, a
 * {@link org.vae4j.TrainingListener} that rewrites one self-contained HTML page ({@code report.html}, images
 * embedded, no scripts, no network) after every epoch, with the configuration, the learning curves, sample grids,
 * reconstructions and the figures a program adds; and {@link org.vae4j.report.GanRunReport}, its counterpart for a GAN
 * ({@link org.vae4j.gan.GanListener}: both losses per epoch, warnings, grids from fixed noise), on the same frame.
 *
 * <p>It has three parts:
 * <ul>
 *   <li>the listener, {@code RunReport}: the run's state (configuration, history, the PNG bytes of sample grids,
 *       reconstructions and added figures), the image files beside the page, and the atomic rewrite of the page;</li>
 *   <li>the page, {@code ReportPage} (package-private): the HTML drawn from a {@code ReportSnapshot}, an immutable
 *       copy of the listener's state, with {@code Html} as its builder; it keeps no state and writes no file.
 *       {@code Html} also holds what both reports' pages share: the frame (head, header, table of contents, footer)
 *       and the configuration table;</li>
 *   <li>the style sheet, the classpath resource {@code org/vae4j/report/report.css}: read once and inlined into
 *       every page, which so stays a single file. vae-core's resources are Maven-filtered, so it must not contain
 *       <code>$&#123;</code>.</li>
 * </ul>
 */
package org.vae4j.report;
