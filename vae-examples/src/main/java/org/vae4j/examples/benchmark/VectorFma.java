package org.vae4j.examples.benchmark;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link CoreScaling}'s float workload on the JDK's Vector API: fused multiply-adds on 8 independent accumulators of
 * the processor's widest float vectors, in registers. Loaded only when {@code jdk.incubator.vector} is present.
 */
final class VectorFma {
    /** Vector fused multiply-adds per unit of work. */
    static final int FMA_PER_UNIT = 8 * 1024;

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private VectorFma() {
    }

    /** @return floats per vector */
    static int lanes() {
        return SPECIES.length();
    }

    /**
     * Runs {@code units * 1024} steps of 8 vector fused multiply-adds.
     *
     * @param units units of work
     * @return the accumulators' sum, so that no step is skipped
     */
    static double run(long units) {
        FloatVector m = FloatVector.broadcast(SPECIES, 0.999f);
        FloatVector s = FloatVector.broadcast(SPECIES, 0.001f);
        FloatVector a = FloatVector.broadcast(SPECIES, 1f);
        FloatVector b = FloatVector.broadcast(SPECIES, 1.1f);
        FloatVector c = FloatVector.broadcast(SPECIES, 1.2f);
        FloatVector d = FloatVector.broadcast(SPECIES, 1.3f);
        FloatVector e = FloatVector.broadcast(SPECIES, 1.4f);
        FloatVector f = FloatVector.broadcast(SPECIES, 1.5f);
        FloatVector g = FloatVector.broadcast(SPECIES, 1.6f);
        FloatVector h = FloatVector.broadcast(SPECIES, 1.7f);
        for (long step = 0; step < units * 1024; step++) {
            a = a.fma(m, s);
            b = b.fma(m, s);
            c = c.fma(m, s);
            d = d.fma(m, s);
            e = e.fma(m, s);
            f = f.fma(m, s);
            g = g.fma(m, s);
            h = h.fma(m, s);
        }
        return a.add(b).add(c).add(d).add(e).add(f).add(g).add(h).reduceLanes(VectorOperators.ADD);
    }
}
