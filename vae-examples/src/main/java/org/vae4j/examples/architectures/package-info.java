/**
 * Examples of model architectures: a convolutional VAE beside the MLP reference
 * ({@link org.vae4j.examples.architectures.ConvolutionalMnist}) and a conditional VAE that draws digits of a chosen
 * class ({@link org.vae4j.examples.architectures.ConditionalMnist}). A user-defined encoder, written as a user of
 * the library would, is in {@code com.example.custom}.
 */
package org.vae4j.examples.architectures;
