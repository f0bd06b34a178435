package org.vae4j.data.folder;

/**
 * Resizes images held as float planes, each axis on its own (separable): area averaging where an axis shrinks,
 * bilinear interpolation where it grows.
 *
 * <p><b>Shrinking</b> (output {@code n} &lt; input {@code m} along an axis): output pixel {@code i} is the mean of
 * the input over the interval {@code [i*m/n, (i+1)*m/n)}, input pixels partly inside it weighted by the part
 * inside (a box filter, the area average of {@code java.awt.image.AreaAveragingScaleFilter}). It keeps the mean of
 * the image and cannot alias: a 2x shrink of a one-pixel checkerboard is 0.5 everywhere, a 3x shrink of stripes one
 * pixel on and two off is 1/3 everywhere.
 *
 * <p><b>Growing</b> ({@code n > m}): bilinear interpolation at the output pixel's centre mapped into the input,
 * {@code x = (i + 0.5) * m / n - 0.5}, clamped to {@code [0, m - 1]} (pixel centres aligned, as PIL and OpenCV do;
 * edge pixels repeat).
 *
 * <p>Why not {@code Graphics2D.drawImage} with bilinear interpolation, even with progressive halving: Java2D's
 * bilinear reads only the 2x2 input pixels around each output pixel's centre, so when shrinking by a factor that is
 * not a power of two some input pixels get no weight. Shrinking the 3-periodic stripes above from 96 to 32 pixels,
 * which should give 1/3 everywhere, gave values from 0.125 to 0.502 with progressive halving and 0 everywhere in one
 * step; and each step rounds to 8 bits. This resampler works in floats, once per axis. (The JDK's
 * {@code Image.getScaledInstance(.., SCALE_AREA_AVERAGING)} averages correctly, but on 8-bit pixels converted by the
 * image's colour model, and it replicates pixels when growing.)
 */
final class Resampler {
    private Resampler() {
    }

    /**
     * @param src      {@code channels} planes of {@code h0 x w0}, channel-first, row-major
     * @param channels the number of planes
     * @return {@code channels} planes of {@code h x w}, channel-first, row-major (a new array; {@code src} itself
     *     if the size is unchanged)
     */
    static float[] resize(float[] src, int channels, int h0, int w0, int h, int w) {
        if (h == h0 && w == w0) {
            return src;
        }
        Axis across = Axis.of(w0, w);
        Axis down = Axis.of(h0, h);
        float[] out = new float[channels * h * w];
        float[] rows = new float[h0 * w];
        for (int c = 0; c < channels; c++) {
            int in = c * h0 * w0;
            for (int y = 0; y < h0; y++) {
                for (int x = 0; x < w; x++) {
                    rows[y * w + x] = across.apply(src, in + y * w0, 1, x);
                }
            }
            int o = c * h * w;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[o + y * w + x] = down.apply(rows, x, w, y);
                }
            }
        }
        return out;
    }

    /** For each output index along one axis, the input indices and their weights (summing to 1). */
    private record Axis(int[] first, float[][] weights) {

        static Axis of(int m, int n) {
            int[] first = new int[n];
            float[][] weights = new float[n][];
            double scale = (double) m / n;
            for (int i = 0; i < n; i++) {
                if (n <= m) { // area average over [i*scale, (i+1)*scale)
                    double lo = i * scale;
                    double hi = (i + 1) * scale;
                    int j0 = (int) Math.floor(lo);
                    int j1 = Math.min(m, (int) Math.ceil(hi));
                    float[] w = new float[j1 - j0];
                    for (int j = j0; j < j1; j++) {
                        w[j - j0] = (float) ((Math.min(j + 1, hi) - Math.max(j, lo)) / scale);
                    }
                    first[i] = j0;
                    weights[i] = w;
                } else { // bilinear at the centre, clamped
                    double x = Math.min(m - 1, Math.max(0, (i + 0.5) * scale - 0.5));
                    int j0 = Math.min((int) Math.floor(x), m - 1);
                    float f = (float) (x - j0);
                    first[i] = j0;
                    weights[i] = j0 + 1 < m ? new float[] {1 - f, f} : new float[] {1};
                }
            }
            return new Axis(first, weights);
        }

        /** @return the weighted sum for output index {@code i} of the input read at {@code base + j * stride} */
        float apply(float[] src, int base, int stride, int i) {
            float[] w = weights[i];
            int j = base + first[i] * stride;
            float sum = 0;
            for (float wk : w) {
                sum += wk * src[j];
                j += stride;
            }
            return sum;
        }
    }
}
