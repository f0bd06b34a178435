/**
 * Start here: {@link org.vae4j.examples.quickstart.TrainMnist} trains the reference VAE on MNIST and writes sample
 * grids, reconstructions and the model.
 */
package org.vae4j.examples.quickstart;
