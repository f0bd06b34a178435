package org.vae4j.quality;

import java.util.Objects;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;

/**
 * The Inception score of Salimans et al. 2016 ("Improved Techniques for Training GANs", section 4), here with an
 * MNIST classifier in place of the Inception network:
 *
 * <pre>IS = exp(E_x KL(p(y|x) || p(y))),  p(y) = E_x p(y|x)</pre>
 *
 * <p>with the expectations taken as means over the samples. It lies between 1 (every sample gets the same
 * prediction) and the number of classes C (confident predictions, classes equally frequent). The paper reports the
 * mean and standard deviation over 10 splits of its 50,000 samples; {@link #overSplits} computes them as the
 * paper's code does (openai/improved-gan, {@code inception_score/model.py}): p(y) is taken within each split, split
 * s holds samples {@code [floor(s n / splits), floor((s + 1) n / splits))}, and the standard deviation is NumPy's
 * {@code np.std}, divisor splits.
 *
 * @param mean the score, or the mean of the splits' scores
 * @param standardDeviation the splits' population standard deviation (divisor splits, as {@code np.std}); 0 for
 *     one split
 * @param splits the number of splits
 */
public record InceptionScore(double mean, double standardDeviation, int splits) {

    /**
     * The score of all samples together, one split.
     *
     * @param p the class probabilities p(y|x) of each sample, {@code [n][C]}, rows summing to 1 (within 1e-3)
     * @return the score, in {@code [1, C]}
     * @throws IllegalArgumentException naming the row if {@code p} is empty, rows differ in length, a value is
     *     negative or not finite, or a row does not sum to 1
     */
    public static double of(double[][] p) {
        check(p);
        return score(p, 0, p.length);
    }

    /**
     * The mean and standard deviation of the scores of {@code splits} consecutive parts of the samples, split s
     * holding samples {@code [floor(s n / splits), floor((s + 1) n / splits))}: every sample is used and the parts'
     * sizes differ by at most one, as in the paper's code.
     *
     * @param p the class probabilities p(y|x) of each sample, {@code [n][C]}
     * @param splits the number of parts, {@code 1 <= splits <= n}
     * @return the mean and standard deviation of the parts' scores
     * @throws IllegalArgumentException naming the argument if {@code splits} is out of range, or as {@link #of}
     */
    public static InceptionScore overSplits(double[][] p, int splits) {
        check(p);
        if (splits < 1 || splits > p.length) {
            throw new IllegalArgumentException("splits must be in [1, " + p.length + "] (the number of samples), got "
                    + splits);
        }
        double[] scores = new double[splits];
        for (int s = 0; s < splits; s++) {
            scores[s] = score(p, bound(s, p.length, splits), bound(s + 1, p.length, splits));
        }
        double mean = 0;
        for (double v : scores) {
            mean += v;
        }
        mean /= splits;
        double sd = splits == 1 ? 0 : new StandardDeviation(false).evaluate(scores);
        return new InceptionScore(mean, sd, splits);
    }

    /** floor(s n / splits) without int overflow. */
    private static int bound(int s, int n, int splits) {
        return (int) ((long) s * n / splits);
    }

    private static double score(double[][] p, int from, int to) {
        int classes = p[0].length;
        double[] marginal = new double[classes];
        for (int i = from; i < to; i++) {
            for (int c = 0; c < classes; c++) {
                marginal[c] += p[i][c];
            }
        }
        for (int c = 0; c < classes; c++) {
            marginal[c] /= to - from;
        }
        double kl = 0;
        for (int i = from; i < to; i++) {
            for (int c = 0; c < classes; c++) {
                double pc = p[i][c];
                if (pc > 0) { // 0 log 0 = 0; pc > 0 implies marginal[c] > 0
                    kl += pc * (Math.log(pc) - Math.log(marginal[c]));
                }
            }
        }
        return Math.exp(kl / (to - from));
    }

    private static void check(double[][] p) {
        Objects.requireNonNull(p, "p");
        if (p.length == 0 || p[0].length == 0) {
            throw new IllegalArgumentException("p must hold at least one row of class probabilities");
        }
        int classes = p[0].length;
        for (int i = 0; i < p.length; i++) {
            if (p[i].length != classes) {
                throw new IllegalArgumentException("p row " + i + " has " + p[i].length + " classes, row 0 has "
                        + classes);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                if (!(p[i][c] >= 0) || Double.isInfinite(p[i][c])) {
                    throw new IllegalArgumentException("p row " + i + " column " + c + " is not a probability: "
                            + p[i][c]);
                }
                sum += p[i][c];
            }
            if (Math.abs(sum - 1) > 1e-3) {
                throw new IllegalArgumentException("p row " + i + " sums to " + sum + ", not 1");
            }
        }
    }
}
