/**
 * The Breast Cancer Wisconsin (Diagnostic) dataset, WDBC: {@link org.vae4j.data.wdbc.Wdbc#csv()} finds or obtains
 * it (named folder, cache, UCI and scikit-learn mirrors, Debian package {@code python3-sklearn}), every file
 * SHA-256-checked, and returns a cleaned CSV with a {@code diagnosis} column ({@code benign}/{@code malignant}).
 */
package org.vae4j.data.wdbc;
