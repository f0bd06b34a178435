/**
 * Data to train and score on. A {@link org.vae4j.data.Dataset} is {@code n} examples of one feature shape (a flat
 * vector, {@code ImageShape.vector(d)}, or channels x height x width, {@link org.vae4j.data.ImageShape}) with optional
 * labels, read as FLOAT rows in ranges or gathered into {@link org.vae4j.data.MiniBatches}: an
 * {@link org.vae4j.data.ImageDataset} holds its rows in memory (as an array, or as IDX bytes); a
 * {@link org.vae4j.data.FileDataset} reads them from a {@code .npy} file on disk as it goes, for data larger than
 * memory; {@link org.vae4j.data.DataSetIterators} turns a Deeplearning4j {@code DataSetIterator} into either.
 * {@link org.vae4j.data.IdxReader} reads the IDX format (plain or gzip) with strict, file-naming
 * {@link org.vae4j.data.IdxFormatException}s; {@link org.vae4j.data.mnist.Mnist} finds or obtains MNIST;
 * {@link org.vae4j.data.folder.ImageFolder} reads a folder of PNG/JPEG/GIF/BMP images, one sub-folder per class. Bad
 * data is an {@link org.vae4j.data.InvalidDataException} naming the dataset and the example.
 */
package org.vae4j.data;
