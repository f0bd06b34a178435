/** Generative adversarial networks on MNIST: {@link org.vae4j.examples.gan.MnistGan}, the same as {@code vae4j gan}. */
package org.vae4j.examples.gan;
