package org.vae4j.exec;

/**
 * e^x, log(1 + t), the sigmoid and softplus in float, from additions, multiplications, divisions, comparisons and
 * bit operations only: the algorithms of Cephes' {@code expf} and {@code logf} (Moshier 1992, <i>Methods and Programs
 * for Mathematical Functions</i>; their coefficients), within about an ulp of the exact value. Each step is one exact
 * IEEE operation, so {@link VectorizedLanewise}'s copy of these steps on the Vector API gives the same bits, whether
 * the JIT has compiled it or not (the Vector API's own {@code EXP} and {@code LOG1P} round differently before and
 * after compilation) and on any processor.
 */
final class FloatMath {
    /** log2(e), rounded to float. */
    static final float LOG2E = 1.44269504088896341f;
    /** 1.5 * 2^23: for |v| &lt; 2^22, v + ROUNDER rounds v to an integer; its bits minus ROUNDER's are that integer. */
    static final float ROUNDER = 12582912f;
    /** ln 2 = LN2_HIGH + LN2_LOW; n * LN2_HIGH is exact for |n| < 2^12. */
    static final float LN2_HIGH = 0.693359375f;
    static final float LN2_LOW = -2.12194440e-4f;
    /** Below EXP_MIN e^x is 0 (it rounds to 0 below about -103.97), above EXP_MAX infinite (above 88.72). */
    static final float EXP_MIN = -110f;
    static final float EXP_MAX = 89f;
    /** e^r = 1 + r + r^2 P(r) for |r| <= ln(2) / 2 (Cephes expf). */
    static final float[] EXP_P = {1.9875691500e-4f, 1.3981999507e-3f, 8.3334519073e-3f, 4.1665795894e-2f,
        1.6666665459e-1f, 5.0000001201e-1f};
    /** sqrt(2) - 1: above it, log(1 + t) = ln 2 + log(1 + (t - 1) / 2). */
    static final float SQRT2_MINUS_1 = 0.41421356f;
    /** log(1 + x) = x - x^2 / 2 + x^3 Q(x) for sqrt(1/2) - 1 <= x <= sqrt(2) - 1 (Cephes logf). */
    static final float[] LOG_Q = {7.0376836292e-2f, -1.1514610310e-1f, 1.1676998740e-1f, -1.2420140846e-1f,
        1.4249322787e-1f, -1.6668057665e-1f, 2.0000714765e-1f, -2.4999993993e-1f, 3.3333331174e-1f};

    private FloatMath() {
    }

    /**
     * e^x = 2^n e^r with n = round(x log2 e) and r = x - n ln 2; 2^n applied as two powers of two, so that results
     * down to the subnormals are right. NaN for NaN.
     *
     * @param x any float
     * @return e^x, 0 below about -103.97, infinite above about 88.72
     */
    static float exp(float x) {
        float c = x < EXP_MIN ? EXP_MIN : x > EXP_MAX ? EXP_MAX : x;
        float t = c * LOG2E + ROUNDER;
        float n = t - ROUNDER;
        int ni = Float.floatToRawIntBits(t) - Float.floatToRawIntBits(ROUNDER);
        float r = c - n * LN2_HIGH - n * LN2_LOW;
        float p = EXP_P[0];
        for (int i = 1; i < EXP_P.length; i++) {
            p = p * r + EXP_P[i];
        }
        p = p * (r * r) + r + 1f;
        int h = ni >> 1;
        return p * Float.intBitsToFloat((h + 127) << 23) * Float.intBitsToFloat((ni - h + 127) << 23);
    }

    /**
     * log(1 + t) for t in [0, 1] (as e^-|x| is): the series in t itself up to sqrt(2) - 1, so small t keep every
     * digit, else ln 2 plus the series in (t - 1) / 2.
     *
     * @param t a float in [0, 1]
     * @return log(1 + t)
     */
    static float log1pOfUnit(float t) {
        boolean high = t > SQRT2_MINUS_1;
        float x = high ? (t - 1f) * 0.5f : t;
        float e = high ? 1f : 0f;
        float z = x * x;
        float q = LOG_Q[0];
        for (int i = 1; i < LOG_Q.length; i++) {
            q = q * x + LOG_Q[i];
        }
        float y = q * x * z;
        y = y + e * LN2_LOW;
        y = y + z * -0.5f;
        return x + y + e * LN2_HIGH;
    }

    /** @return 1 / (1 + e^-x), from e^-|x| (which cannot overflow): x &lt; 0 ? e / (1 + e) : 1 / (1 + e) */
    static float sigmoid(float x) {
        float e = exp(-Math.abs(x));
        float r = 1f / (e + 1f);
        return x < 0 ? e * r : r;
    }

    /** @return log(1 + e^x) = (x &gt; 0 ? x : 0) + log(1 + e^-|x|), which neither overflows nor loses small values */
    static float softplus(float x) {
        return (x > 0 ? x : 0f) + log1pOfUnit(exp(-Math.abs(x)));
    }
}
