/**
 * File output shared by the image, CSV and plot writers: {@link org.vae4j.io.AtomicFiles} writes through a temporary
 * file and a rename, so an interrupted run never leaves a truncated PNG or CSV behind.
 */
package org.vae4j.io;
