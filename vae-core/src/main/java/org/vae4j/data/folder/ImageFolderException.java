package org.vae4j.data.folder;

import java.nio.file.Path;
import java.util.Objects;
import org.vae4j.data.InvalidDataException;

/**
 * Thrown by {@link ImageFolder#read} when a folder of images cannot be made into a dataset: the root does not exist
 * or is not a folder, it holds no class folders, a class folder holds no images, a file in a class folder is not an
 * image or cannot be read or decoded, or images differ in size and no resize was asked for.
 *
 * <p>The message starts with the offending file or folder ({@link #file()}); for images of mixed sizes it names
 * both files and both sizes. {@link #dataset()} is {@code "image folder <root>"}; {@link #example()} is the index
 * of the offending image in dataset order, or -1 when the problem is not one image's.
 */
public class ImageFolderException extends InvalidDataException {
    private static final long serialVersionUID = 1L;

    /** The offending file or folder. */
    private final transient Path file;

    /**
     * @param root    the image folder's root, for {@link #dataset()}
     * @param file    the offending file or folder, not null; its path starts the message
     * @param example the index of the offending image in dataset order, or -1
     * @param detail  what is wrong, without the file name (it is prepended)
     * @param cause   the underlying exception, or null
     */
    public ImageFolderException(Path root, Path file, long example, String detail, Throwable cause) {
        super("image folder " + root, example, Objects.requireNonNull(file, "file") + ": " + detail);
        this.file = file;
        if (cause != null) {
            initCause(cause);
        }
    }

    /** @return the offending file or folder, as the reader saw it (under the root as given) */
    public Path file() {
        return file;
    }
}
