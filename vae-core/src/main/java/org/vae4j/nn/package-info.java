/**
 * The networks of a VAE: the {@link org.vae4j.nn.Encoder} q(z|x) (or q(z|x, y)), whose output is a
 * {@link org.vae4j.nn.DiagonalGaussianVariables} (with the reparameterized sample and its log-density), extended to a
 * full covariance by a Cholesky factor ({@link org.vae4j.nn.CholeskyGaussianVariables},
 * {@link org.vae4j.nn.PosteriorFamily}), and the
 * {@link org.vae4j.nn.Decoder} that maps z (or [z, y]) to the likelihood's parameters, as small interfaces that add
 * their parameters and ops to a SameDiff graph; multilayer-perceptron implementations
 * ({@link org.vae4j.nn.MlpEncoder}, {@link org.vae4j.nn.MlpDecoder}) and convolutional ones for C x H x W images
 * ({@link org.vae4j.nn.ConvEncoder}, {@link org.vae4j.nn.ConvDecoder}); and the layer blocks they are built from,
 * each defining its parameters once under documented names in the caller's name scope and stating its input and
 * output shapes: {@link org.vae4j.nn.Dense}, {@link org.vae4j.nn.Conv2d}, {@link org.vae4j.nn.ConvTranspose2d}
 * (settings in {@link org.vae4j.nn.ConvLayer}), {@link org.vae4j.nn.LayerNorm}, {@link org.vae4j.nn.Reshape} and
 * {@link org.vae4j.nn.Activation} (weight and bias suffixes in {@link org.vae4j.nn.ParameterNames}). Write your own
 * encoder or decoder against the interfaces with these blocks.
 */
package org.vae4j.nn;
