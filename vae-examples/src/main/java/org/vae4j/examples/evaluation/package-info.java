/**
 * Measuring a model the way papers do: {@link org.vae4j.examples.evaluation.MnistLogLikelihood} trains the standard
 * MLP on dynamically binarized MNIST (as a VAE or an IWAE) and reports the test negative log-likelihood estimated by
 * importance sampling (Burda et al. 2016); {@link org.vae4j.examples.evaluation.EvaluateModel} prints the same figures
 * for any saved model.
 */
package org.vae4j.examples.evaluation;
