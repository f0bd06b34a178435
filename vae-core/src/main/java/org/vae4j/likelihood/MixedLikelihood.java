package org.vae4j.likelihood;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.data.InvalidDataException;
import org.vae4j.data.table.FeatureGroup;
import org.vae4j.data.table.TablePreprocessing;
import org.vae4j.nn.GraphContext;

/**
 * A likelihood for table rows of mixed types, one term per group of features (Nazabal et al. 2020, "Handling
 * incomplete heterogeneous data using VAEs", section 3.1, eq. 3: p(x|z) = prod_d p(x_d|z)):
 * <ul>
 *   <li>{@link Kind#GAUSSIAN}, a continuous feature: log N(x; mu, sigma^2) = -1/2 [log(2 pi) + log sigma^2
 *       + (x - mu)^2 / sigma^2], with mean mu <b>and</b> variance sigma^2 = exp(s) + {@code minVariance} from the
 *       decoder, per feature and per example (not one variance shared by all examples);</li>
 *   <li>{@link Kind#BERNOULLI}, a binary feature in [0, 1] with logit l: x l - log(1 + exp(l)) (as
 *       {@link BernoulliLikelihood});</li>
 *   <li>{@link Kind#CATEGORICAL}, a one-hot group of k features with logits l_1..l_k:
 *       sum_j x_j l_j - log sum_j exp(l_j), the log of the softmax probability of the category.</li>
 * </ul>
 *
 * <p>The decoder outputs {@link #parameterSize(int) inputSize + G} values per example, G the number of Gaussian
 * features: first one value per feature, in feature order (the Gaussian mean, the Bernoulli logit, the categorical
 * logits), then the G log-variance outputs s of the Gaussian features, in feature order. The mean E[x|z]
 * ({@code Distribution.mean}) is mu, sigmoid(l) and softmax(l) respectively.
 *
 * <p>{@code minVariance} keeps sigma^2 away from 0, where the density of a feature the decoder fits exactly would grow
 * without bound (the log-likelihood of a continuous feature is at most -1/2 log(2 pi minVariance)). The log-variance
 * is computed as log(exp(s) + minVariance), which does not overflow for very negative s.
 *
 * <p>{@link #termNames()} and {@code logProbabilityTerms} give log p(x|z) summed over the features of each kind
 * ("continuous", "binary", "categorical"; those present).
 *
 * @param groups the feature groups, covering {@code [0, inputSize)} in order without gaps
 * @param minVariance the smallest variance of a Gaussian feature, {@code >= 0} (in the units of the data:
 *     standardized columns have variance 1)
 */
public record MixedLikelihood(List<Group> groups, double minVariance) implements Likelihood {

    /** The default {@code minVariance}: a standard deviation of 0.1 of a standardized column at least. */
    public static final double DEFAULT_MIN_VARIANCE = 0.01;

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    /** The distribution of a group of features. */
    public enum Kind {
        /** One continuous feature, Gaussian with a per-example mean and variance. */
        GAUSSIAN("continuous"),
        /** One binary feature, Bernoulli. */
        BERNOULLI("binary"),
        /** A one-hot group of features, categorical (softmax). */
        CATEGORICAL("categorical");

        private final String term;

        Kind(String term) {
            this.term = term;
        }

        /** @return the name of this kind's term of log p(x|z) */
        public String term() {
            return term;
        }
    }

    /**
     * A group of features scored together.
     *
     * @param name names the group (a CSV column)
     * @param kind its distribution
     * @param offset its first feature
     * @param width its number of features: 1 for GAUSSIAN and BERNOULLI, the categories of CATEGORICAL ({@code >= 1})
     */
    public record Group(String name, Kind kind, int offset, int width) {
        /** @throws IllegalArgumentException naming the group if a field is out of range */
        public Group {
            Objects.requireNonNull(name, "Group.name");
            Objects.requireNonNull(kind, "Group.kind of " + name);
            if (offset < 0 || width < 1 || (kind != Kind.CATEGORICAL && width != 1)) {
                throw new IllegalArgumentException("MixedLikelihood group '" + name + "' (" + kind + "): offset "
                        + offset + " must be >= 0 and width " + width + (kind == Kind.CATEGORICAL ? " >= 1" : " 1"));
            }
        }
    }

    /**
     * @throws IllegalArgumentException if there are no groups, they leave a gap or overlap, or {@code minVariance}
     *     is negative or not finite
     */
    public MixedLikelihood {
        groups = List.copyOf(groups);
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("MixedLikelihood needs at least one group");
        }
        int next = 0;
        for (Group g : groups) {
            if (g.offset() != next) {
                throw new IllegalArgumentException("MixedLikelihood group '" + g.name() + "' starts at feature "
                        + g.offset() + " but the groups before it end at " + next + ": groups must follow each other"
                        + " without gaps");
            }
            next += g.width();
        }
        if (!(minVariance >= 0) || Double.isInfinite(minVariance)) {
            throw new IllegalArgumentException("MixedLikelihood.minVariance must be finite and >= 0, got "
                    + minVariance);
        }
    }

    /**
     * The likelihood of a CSV table's features: numeric columns Gaussian, binary columns Bernoulli, categorical
     * columns categorical; {@link #DEFAULT_MIN_VARIANCE}.
     *
     * @param preprocessing the table's preprocessing
     * @return the likelihood
     */
    public static MixedLikelihood of(TablePreprocessing preprocessing) {
        List<Group> groups = new ArrayList<>();
        for (FeatureGroup g : preprocessing.groups()) {
            Kind kind = switch (g.type()) {
                case NUMERIC -> Kind.GAUSSIAN;
                case BINARY -> Kind.BERNOULLI;
                case CATEGORICAL -> Kind.CATEGORICAL;
            };
            groups.add(new Group(g.column(), kind, g.offset(), g.width()));
        }
        return new MixedLikelihood(groups, DEFAULT_MIN_VARIANCE);
    }

    /** @return the number of features, the end of the last group */
    private int width() {
        Group last = groups.get(groups.size() - 1);
        return last.offset() + last.width();
    }

    private int gaussians() {
        return (int) groups.stream().filter(g -> g.kind() == Kind.GAUSSIAN).count();
    }

    /**
     * @return {@code inputSize} plus one log-variance per Gaussian feature
     * @throws IllegalArgumentException if the groups do not cover exactly {@code inputSize} features
     */
    @Override
    public int parameterSize(int inputSize) {
        if (inputSize != width()) {
            throw new IllegalArgumentException("MixedLikelihood groups cover " + width() + " features but the input"
                    + " has " + inputSize);
        }
        return inputSize + gaussians();
    }

    @Override
    public List<String> termNames() {
        List<String> names = new ArrayList<>();
        for (Kind k : Kind.values()) {
            if (groups.stream().anyMatch(g -> g.kind() == k)) {
                names.add(k.term());
            }
        }
        return names;
    }

    @Override
    public Distribution define(GraphContext ctx, int inputSize) {
        SameDiff sd = ctx.sd();
        int width = parameterSize(inputSize);
        return new Distribution() {
            @Override
            public SDVariable logProbability(SDVariable x, SDVariable params) {
                SDVariable total = null;
                for (SDVariable term : logProbabilityTerms(x, params).values()) {
                    total = total == null ? term : total.add(term);
                }
                return total;
            }

            @Override
            public Map<String, SDVariable> logProbabilityTerms(SDVariable x, SDVariable params) {
                // per kind, the log-density of each of its features [batch, w], summed over them at the end
                Map<Kind, List<SDVariable>> perFeature = new LinkedHashMap<>();
                Map<Kind, Integer> widths = new LinkedHashMap<>();
                int variance = inputSize;
                for (Group g : groups) {
                    SDVariable xg = columns(x, g.offset(), g.width());
                    SDVariable lg = columns(params, g.offset(), g.width());
                    SDVariable term = switch (g.kind()) {
                        case GAUSSIAN -> gaussian(xg, lg, columns(params, variance++, 1));
                        case BERNOULLI -> bernoulli(xg, lg);
                        case CATEGORICAL -> categorical(xg, lg, g.width());
                    };
                    perFeature.computeIfAbsent(g.kind(), k -> new ArrayList<>()).add(term);
                    widths.merge(g.kind(), g.width(), Integer::sum);
                }
                Map<String, SDVariable> terms = new LinkedHashMap<>();
                for (Kind k : Kind.values()) {
                    List<SDVariable> parts = perFeature.get(k);
                    if (parts != null) {
                        SDVariable all = parts.size() == 1 ? parts.get(0)
                                : sd.concat(1, parts.toArray(new SDVariable[0]));
                        terms.put(k.term(), rowSum(all, widths.get(k)));
                    }
                }
                return terms;
            }

            @Override
            public SDVariable mean(SDVariable params) {
                List<SDVariable> parts = new ArrayList<>();
                for (Group g : groups) {
                    SDVariable lg = columns(params, g.offset(), g.width());
                    parts.add(switch (g.kind()) {
                        case GAUSSIAN -> lg;
                        case BERNOULLI -> sd.nn().sigmoid(lg);
                        case CATEGORICAL -> sd.nn().softmax(lg, 1);
                    });
                }
                return parts.size() == 1 ? sd.identity(parts.get(0)) : sd.concat(1, parts.toArray(new SDVariable[0]));
            }

            @Override
            public SDVariable sample(SDVariable params, SDVariable uniform, SDVariable normal) {
                List<SDVariable> parts = new ArrayList<>();
                int variance = inputSize;
                for (Group g : groups) {
                    SDVariable lg = columns(params, g.offset(), g.width());
                    SDVariable ug = columns(uniform, g.offset(), g.width());
                    parts.add(switch (g.kind()) {
                        case GAUSSIAN -> lg.add(sd.math().sqrt(sd.math().exp(columns(params, variance++, 1))
                                .add(minVariance)).mul(columns(normal, g.offset(), 1)));
                        case BERNOULLI -> sd.lt(ug, sd.nn().sigmoid(lg)).castTo(ctx.dataType());
                        case CATEGORICAL -> sd.oneHot(sd.argmax(lg.sub(sd.math().log(sd.math().log(ug).neg())), 1),
                                g.width(), -1, 1.0, 0.0, ctx.dataType());
                    });
                }
                return parts.size() == 1 ? sd.identity(parts.get(0)) : sd.concat(1, parts.toArray(new SDVariable[0]));
            }

            /** Features {@code [from, from + n)}: {@code [batch, n]}. */
            private SDVariable columns(SDVariable a, int from, int n) {
                return a.get(SDIndex.all(), SDIndex.interval(from, from + n));
            }

            /**
             * The sum over the features of {@code [batch, width]}, {@code [batch]}. One column is reshaped, not
             * summed: SameDiff 1.0.0-M2.1 fails (a NullPointerException in BaseReduceOp) reducing a sliced column
             * over its dimension of size 1.
             */
            private SDVariable rowSum(SDVariable v, int width) {
                return width == 1 ? v.reshape(-1) : v.sum(1);
            }

            /** log N(x; mu, exp(s) + minVariance), {@code [batch, 1]}. */
            private SDVariable gaussian(SDVariable x, SDVariable mu, SDVariable s) {
                SDVariable logVariance = minVariance == 0 ? s : sd.math().log(sd.math().exp(s).add(minVariance));
                SDVariable squared = sd.math().square(x.sub(mu));
                return squared.mul(sd.math().exp(logVariance.neg())).add(logVariance).add(LOG_2PI).mul(-0.5);
            }

            /** x l - log(1 + exp(l)) in the stable form of {@link BernoulliLikelihood}, {@code [batch, 1]}. */
            private SDVariable bernoulli(SDVariable x, SDVariable logits) {
                return sd.nn().relu(logits, 0.0).sub(logits.mul(x)).add(sd.nn().softplus(sd.math().abs(logits).neg()))
                        .neg();
            }

            /** x_j (l_j - logsumexp(l)) with the maximum subtracted first, {@code [batch, width]}. */
            private SDVariable categorical(SDVariable x, SDVariable logits, int width) {
                if (width == 1) { // one category: probability 1
                    return x.mul(0.0);
                }
                SDVariable max = logits.max(true, 1);
                SDVariable logSumExp = sd.math().log(sd.math().exp(logits.sub(max)).sum(true, 1)).add(max);
                return x.mul(logits.sub(logSumExp));
            }

            @Override
            public String toString() {
                return "MixedLikelihood[" + groups.size() + " groups, " + width + " parameters]";
            }
        };
    }

    /** @throws InvalidDataException naming the first offending example, feature and group if a value is NaN or
     *     infinite, or a binary or categorical feature is outside [0, 1] */
    @Override
    public void checkData(INDArray x, String what) {
        Likelihood.checkRange(x, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, what, "mixed");
        for (Group g : groups) {
            if (g.kind() != Kind.GAUSSIAN) {
                INDArray part = x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                        org.nd4j.linalg.indexing.NDArrayIndex.interval(g.offset(), g.offset() + g.width()))
                        .dup('c'); // a copy: ND4J M2.1's get(interval) of a view at an offset can come back empty
                try {
                    Likelihood.checkRange(part, 0.0, 1.0, what, g.kind().term() + " (group '" + g.name() + "')");
                } catch (InvalidDataException e) {
                    throw new InvalidDataException(what, e.example(), e.getMessage() + " (feature numbers count from"
                            + " the group's first feature, " + g.offset() + ")");
                }
            }
        }
    }
}
