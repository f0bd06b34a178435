package org.vae4j.console;

import java.io.IOException;
import java.nio.file.Path;
import org.vae4j.data.mnist.Mnist;
import picocli.CommandLine.Option;

/**
 * Where MNIST is, as a picocli mixin: the folder {@code --mnist-dir}, else the one {@link Mnist#locate(Path)} finds
 * (the {@code vae4j.mnist.dir} property, {@code VAE4J_MNIST_DIR}, the cache under the home folder, else a download
 * into it). {@link RunOptions} and the images of the {@code vae4j} model commands take it.
 */
public final class MnistDir {

    @Option(names = "--mnist-dir", paramLabel = "DIR", description = "Folder holding the four MNIST IDX files"
            + " (default: $VAE4J_MNIST_DIR, else the cache under your home folder, else a download into it).")
    Path dir;

    /**
     * @return the folder holding the four MNIST IDX files
     * @throws IOException if MNIST cannot be found or downloaded (a folder given with {@code --mnist-dir} that
     *     lacks a file is named as named by that flag)
     */
    public Path locate() throws IOException {
        return Mnist.locator().directory(dir, "--mnist-dir").locate();
    }
}
