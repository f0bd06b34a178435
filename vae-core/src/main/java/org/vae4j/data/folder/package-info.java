/**
 * Image datasets read from folders of PNG, JPEG, GIF or BMP files, one sub-folder per class:
 * {@link org.vae4j.data.folder.ImageFolder} (decoded by {@code javax.imageio}, converted to grayscale or RGB,
 * optionally resized), with {@link org.vae4j.data.folder.ImageFolderException}s that name the offending file.
 */
package org.vae4j.data.folder;
