/**
 * Charts drawn with XChart and written as PNG through {@link org.vae4j.image.ImageGrid#writePng}:
 * {@link org.vae4j.plot.TrainingCurves} (the lower bound, reconstruction term and KL per epoch, train and
 * validation) and {@link org.vae4j.plot.LatentScatter} (a 2-D view of an embedding coloured by label).
 */
package org.vae4j.plot;
