/**
 * The networks of a VAE: the {@link org.vae4j.nn.Encoder} q(z|x) and the {@link org.vae4j.nn.Decoder} that maps z
 * to the likelihood's parameters, as small interfaces that add their parameters and ops to a SameDiff graph, with
 * multilayer-perceptron implementations ({@link org.vae4j.nn.MlpEncoder}, {@link org.vae4j.nn.MlpDecoder}) built
 * from {@link org.vae4j.nn.Dense} layers. Write your own encoder or decoder against the interfaces.
 */
package org.vae4j.nn;
