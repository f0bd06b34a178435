/**
 * What the example mains share: the MNIST options mixin {@link org.vae4j.examples.common.MnistOptions} and
 * {@link org.vae4j.examples.common.Examples} (running a command with one-line errors, writing image grids).
 */
package org.vae4j.examples.common;
