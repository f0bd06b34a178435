/**
 * What the example mains share: the options mixin {@link org.vae4j.examples.common.ExampleOptions} and
 * {@link org.vae4j.examples.common.Examples} (running a command with one-line errors, writing image grids).
 */
package org.vae4j.examples.common;
