/**
 * Files: {@link org.vae4j.io.AtomicFiles}, the one durable atomic write (temporary file, fsync, rename) that every
 * writer of vae4j uses; {@link org.vae4j.io.Checksums}; and the model file format ({@link org.vae4j.io.ModelFile}
 * over a plain {@link org.vae4j.io.SavedModel}, with its arrays as {@link org.vae4j.io.Npy}) and its exceptions.
 * Depends on no other vae4j package.
 */
package org.vae4j.io;
