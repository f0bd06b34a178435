package org.vae4j.data.folder;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * The pixels of a decoded image as float planes in {@code [0, 1]}, grayscale or RGB, channel-first.
 *
 * <p>A grayscale image (one colour component, not a palette) is read from its raster: sample {@code s} of a
 * {@code b}-bit image is {@code s / (2^b - 1)}, so 8-bit grey 128 is {@code 128/255}. (Not through
 * {@code BufferedImage.getRGB}, which converts the linear grey of {@code TYPE_BYTE_GRAY} to sRGB: 128 becomes
 * 188.) For RGB it is repeated in the three channels. Any other image (RGB, palette, with or without alpha) is
 * read as 8-bit sRGB by its colour model ({@code getRGB}), each channel {@code v / 255}; for grayscale its luma
 * {@code (0.299 R + 0.587 G + 0.114 B) / 255} (ITU-R BT.601, the conversion of PIL's {@code convert("L")} that
 * torchvision uses). Alpha is dropped, as by PIL's {@code convert("RGB")}.
 */
final class Pixels {
    private Pixels() {
    }

    /**
     * @param image    the decoded image
     * @param channels 1 (grayscale) or 3 (RGB)
     * @return {@code channels * height * width} values in {@code [0, 1]}, channel-first, rows one after another
     */
    static float[] planes(BufferedImage image, int channels) {
        int w = image.getWidth();
        int h = image.getHeight();
        int n = w * h;
        float[] out = new float[channels * n];
        ColorModel cm = image.getColorModel();
        if (!(cm instanceof IndexColorModel) && cm.getNumColorComponents() == 1) {
            Raster raster = image.getRaster();
            float[] grey = raster.getSamples(raster.getMinX(), raster.getMinY(), w, h, 0, (float[]) null);
            int type = raster.getDataBuffer().getDataType();
            double max = type == DataBuffer.TYPE_FLOAT || type == DataBuffer.TYPE_DOUBLE ? 1
                    : (1L << cm.getComponentSize(0)) - 1;
            for (int i = 0; i < n; i++) {
                float v = (float) Math.min(1, Math.max(0, grey[i] / max));
                for (int c = 0; c < channels; c++) {
                    out[c * n + i] = v;
                }
            }
            return out;
        }
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < n; i++) {
            int r = argb[i] >> 16 & 0xFF;
            int g = argb[i] >> 8 & 0xFF;
            int b = argb[i] & 0xFF;
            if (channels == 1) {
                out[i] = (float) ((0.299 * r + 0.587 * g + 0.114 * b) / 255);
            } else {
                out[i] = r / 255f;
                out[n + i] = g / 255f;
                out[2 * n + i] = b / 255f;
            }
        }
        return out;
    }
}
