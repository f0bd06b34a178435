package org.vae4j.train;

import java.util.SplittableRandom;

/**
 * The random generators of a training run, all derived from the configuration's seed: one for parameter
 * initialization, and per epoch one for the shuffle and one for the reparameterization noise eps.
 *
 * <p>From {@code root = new SplittableRandom(seed)}, the first three {@code split()}s are the bases of the
 * initialization, shuffle and noise streams; epoch {@code e}'s shuffle (noise) generator is the {@code e}-th
 * {@code split()} of the shuffle (noise) base. Each epoch's generators therefore depend on nothing but the seed and
 * the epoch number, so that a run resumed after epoch {@code k} draws exactly what an uninterrupted run draws in
 * epochs {@code k + 1, k + 2, ...}, with no generator state to save.
 */
public final class RandomStreams {
    private final long seed;

    public RandomStreams(long seed) {
        this.seed = seed;
    }

    /** @return a new generator for the initial parameter values */
    public SplittableRandom initialization() {
        return base(0);
    }

    /**
     * @param epoch the epoch, from 1
     * @return a new generator for that epoch's shuffle
     */
    public SplittableRandom shuffle(int epoch) {
        return nthSplit(base(1), epoch);
    }

    /**
     * @param epoch the epoch, from 1
     * @return a new generator for that epoch's eps draws
     */
    public SplittableRandom noise(int epoch) {
        return nthSplit(base(2), epoch);
    }

    /**
     * @param epoch the epoch, from 1
     * @return a new generator for that epoch's dynamic binarization draws
     */
    public SplittableRandom binarization(int epoch) {
        return nthSplit(base(3), epoch);
    }

    /** @return a new generator for data-dependent initialization (a VampPrior's pseudo-inputs) */
    public SplittableRandom dataInitialization() {
        return base(4);
    }

    private SplittableRandom base(int index) {
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom base = root.split();
        for (int i = 0; i < index; i++) {
            base = root.split();
        }
        return base;
    }

    private static SplittableRandom nthSplit(SplittableRandom base, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("epoch must be >= 1, got " + n);
        }
        SplittableRandom r = base.split();
        for (int i = 1; i < n; i++) {
            r = base.split();
        }
        return r;
    }
}
