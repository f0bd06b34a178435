package org.vae4j.nn;

/**
 * The suffixes of the weight and bias names of the affine layer blocks ({@link Dense}, {@link Conv2d},
 * {@link ConvTranspose2d}): a block named {@code name} in the scope {@code encoder} has the parameters
 * {@code encoder/name/W} and {@code encoder/name/b}. Model files store parameters by these names, so they are
 * part of the file format.
 */
public final class ParameterNames {
    /** Suffix of a weight matrix's or kernel's name. */
    public static final String WEIGHTS = "W";
    /** Suffix of a bias's name. */
    public static final String BIAS = "b";

    private ParameterNames() {
    }
}
