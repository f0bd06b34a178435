package org.vae4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.vae4j.exec.HostArrays;
import org.vae4j.exec.ThreadTeam;

/**
 * The optimizer's own Adam and SGD loops (over native memory) against ND4J's updaters, which they replace for plain
 * arrays, and against Adam's closed-form first step; the state layout stays ND4J's.
 */
class OptimizerTest {

    private static INDArray random(DataType type, SplittableRandom r, long... shape) {
        INDArray a = Nd4j.create(type, shape);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, r.nextGaussian());
        }
        return a;
    }

    /** A graph with a weight [3, 4] and a bias [4], and the optimizer over it. */
    private static SameDiff graph(DataType type, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        SameDiff sd = SameDiff.create();
        sd.var("w", random(type, r, 3, 4));
        sd.var("b", random(type, r, 4));
        return sd;
    }

    @Test
    void adamMatchesNd4jsAdamUpdaterOverSeveralStepsInFloatAndDouble() {
        for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            IUpdater updater = new Adam(0.01, 0.9, 0.999, 1e-8);
            SameDiff ours = graph(type, 1);
            SameDiff theirs = graph(type, 1);
            Optimizer optimizer = Optimizer.create(ours, updater, null);
            Map<String, GradientUpdater<?>> reference = new HashMap<>();
            Map<String, INDArray> referenceState = new HashMap<>();
            for (String p : List.of("w", "b")) {
                INDArray s = Nd4j.zeros(type, 1, updater.stateSize(theirs.getArrForVarName(p).length()));
                referenceState.put(p, s);
                reference.put(p, updater.instantiate(s, true));
            }
            SplittableRandom r = new SplittableRandom(2);
            for (int it = 0; it < 5; it++) {
                INDArray gw = random(type, r, 3, 4);
                INDArray gb = random(type, r, 4);
                for (String p : List.of("w", "b")) {
                    INDArray g = (p.equals("w") ? gw : gb).dup();
                    reference.get(p).applyUpdater(g, it, 0);
                    theirs.getArrForVarName(p).subi(g);
                }
                optimizer.apply(ours, Map.of("w", gw, "b", gb), it, 0);
            }
            double tolerance = type == DataType.FLOAT ? 1e-6 : 1e-13;
            for (String p : List.of("w", "b")) {
                assertArrayEquals(theirs.getArrForVarName(p).data().asDouble(),
                        ours.getArrForVarName(p).data().asDouble(), tolerance, type + " parameter " + p);
                assertArrayEquals(referenceState.get(p).data().asDouble(),
                        optimizer.state().get(p).data().asDouble(), tolerance, type + " state (m, v) of " + p);
            }
        }
    }

    /**
     * Split among a team of 3 threads, an update whose parts cross parameter boundaries (w [300, 250] = 75,000
     * values, b [7] and c [1, 9,000]) ends with the same parameters and state, bit for bit, as on one thread: Adam and
     * SGD, float and double, on the scalar loops and (when the module is there) on the Vector API.
     */
    @Test
    void anUpdateSplitAmongThreadsEqualsTheOneThreadUpdateBitForBit() {
        try (ThreadTeam team = new ThreadTeam(3)) {
            for (boolean scalar : List.of(true, false)) {
                for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE)) {
                    for (IUpdater updater : List.of(new Adam(0.01, 0.9, 0.999, 1e-8), new Sgd(0.1))) {
                        splitUpdate(team, scalar, type, updater);
                    }
                }
            }
        }
    }

    private static void splitUpdate(ThreadTeam team, boolean scalar, DataType type, IUpdater updater) {
        SameDiff one = SameDiff.create();
        SameDiff three = SameDiff.create();
        for (SameDiff sd : List.of(one, three)) {
            SplittableRandom r = new SplittableRandom(3);
            sd.var("w", random(type, r, 300, 250));
            sd.var("b", random(type, r, 7));
            sd.var("c", random(type, r, 1, 9000));
        }
        Optimizer single = Optimizer.create(one, updater, null);
        Optimizer split = Optimizer.create(three, updater, null);
        if (scalar) {
            single = single.scalar();
            split = split.scalar();
        }
        split = split.on(team);
        assertTrue(300 * 250 + 7 + 9000 >= ThreadTeam.MIN_SPLIT, "the update must be large enough to split");
        SplittableRandom r = new SplittableRandom(4);
        for (int it = 0; it < 3; it++) {
            Map<String, INDArray> g = Map.of("w", random(type, r, 300, 250), "b", random(type, r, 7), "c",
                    random(type, r, 1, 9000));
            single.apply(one, Map.of("w", g.get("w").dup(), "b", g.get("b").dup(), "c", g.get("c").dup()),
                    it, 0);
            split.apply(three, g, it, 0);
        }
        for (String p : List.of("w", "b", "c")) {
            String what = type + " " + updater.getClass().getSimpleName() + " " + p;
            assertArrayEquals(one.getArrForVarName(p).data().asDouble(),
                    three.getArrForVarName(p).data().asDouble(), 0.0, what);
            assertFalse(one.getArrForVarName(p).equals(graphStart(type, p)), what + " was updated");
            if (updater instanceof Adam) {
                assertArrayEquals(single.state().get(p).data().asDouble(),
                        split.state().get(p).data().asDouble(), 0.0, what + " state");
            }
        }
    }

    /**
     * The Vector API's Adam and SGD ({@link VectorizedRules}, the default when the module is there, as in these tests)
     * give the scalar loops' bits: parameters of sizes that are and are not whole vectors, gradients of 0 (whose
     * moments decay into the subnormal range and must be stored as 0 in the vector lanes too), float and double.
     */
    @Test
    void theVectorApiUpdateEqualsTheScalarLoopBitForBit() {
        assertTrue(HostArrays.VECTOR_API, "the tests' java command line adds jdk.incubator.vector (the parent pom)");
        for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            double minNormal = type == DataType.FLOAT ? Float.MIN_NORMAL : Double.MIN_NORMAL;
            for (IUpdater updater : List.of(new Adam(0.01, 0.9, 0.999, 1e-8), new Sgd(0.1))) {
                Map<String, SameDiff> graphs = new HashMap<>();
                Map<String, Optimizer> optimizers = new HashMap<>();
                for (String path : List.of("vector", "scalar")) {
                    SplittableRandom r = new SplittableRandom(5);
                    SameDiff sd = SameDiff.create();
                    sd.var("w", random(type, r, 40, 25));
                    sd.var("b", random(type, r, 37));
                    Map<String, INDArray> saved = null;
                    if (updater instanceof Adam) {
                        // every third m just above the smallest normal number, every fifth v too: with a gradient of
                        // 0 there they fall below it in the first step
                        saved = new HashMap<>();
                        for (String p : List.of("w", "b")) {
                            long n = sd.getArrForVarName(p).length();
                            INDArray state = Nd4j.create(type, 1, 2 * n);
                            for (long i = 0; i < n; i++) {
                                state.putScalar(i, i % 3 == 0 ? 1.05 * minNormal : 0.01 * r.nextGaussian());
                                state.putScalar(n + i, i % 5 == 0 ? 1.0005 * minNormal : 1e-4 * (1 + r.nextDouble()));
                            }
                            saved.put(p, state);
                        }
                    }
                    Optimizer optimizer = Optimizer.create(sd, updater, saved);
                    graphs.put(path, sd);
                    optimizers.put(path, path.equals("vector") ? optimizer : optimizer.scalar());
                }
                SplittableRandom r = new SplittableRandom(6);
                for (int it = 0; it < 3; it++) {
                    Map<String, INDArray> g = Map.of("w", random(type, r, 40, 25), "b", random(type, r, 37));
                    for (INDArray gradient : g.values()) {
                        for (long i = 0; i < gradient.length(); i += 3) {
                            gradient.putScalar(i, 0.0);
                        }
                    }
                    for (String path : List.of("vector", "scalar")) {
                        optimizers.get(path).apply(graphs.get(path),
                                Map.of("w", g.get("w").dup(), "b", g.get("b").dup()), it, 0);
                    }
                }
                for (String p : List.of("w", "b")) {
                    String what = type + " " + updater.getClass().getSimpleName() + " " + p;
                    assertArrayEquals(graphs.get("scalar").getArrForVarName(p).data().asDouble(),
                            graphs.get("vector").getArrForVarName(p).data().asDouble(), 0.0, what);
                    if (updater instanceof Adam) {
                        double[] vector = optimizers.get("vector").state().get(p).data().asDouble();
                        assertArrayEquals(optimizers.get("scalar").state().get(p).data().asDouble(), vector, 0.0,
                                what + " state");
                        assertEquals(0.0, vector[0], what + ": m[0] was subnormal after the first step");
                        assertEquals(0.0, vector[(int) (vector.length / 2)], what + ": v[0] too");
                    }
                }
            }
        }
    }

    /** The starting value of parameter p in {@link #anUpdateSplitAmongThreadsEqualsTheOneThreadUpdateBitForBit}. */
    private static INDArray graphStart(DataType type, String p) {
        SplittableRandom r = new SplittableRandom(3);
        INDArray w = random(type, r, 300, 250);
        INDArray b = random(type, r, 7);
        INDArray c = random(type, r, 1, 9000);
        return p.equals("w") ? w : p.equals("b") ? b : c;
    }

    @Test
    void adamsFirstStepIsTheLearningRateTimesTheGradientsSignAndItsStateIsMThenV() {
        double lr = 0.01;
        SameDiff sd = graph(DataType.DOUBLE, 3);
        INDArray before = sd.getArrForVarName("w").dup();
        Optimizer optimizer = Optimizer.create(sd, new Adam(lr, 0.9, 0.999, 1e-8), null);
        INDArray g = random(DataType.DOUBLE, new SplittableRandom(4), 3, 4);
        optimizer.apply(sd, Map.of("w", g.dup()), 0, 0);
        // t = 1: m = 0.1 g, v = 0.001 g^2, step = lr sqrt(0.001) / 0.1 * m / (sqrt(v) + eps) = lr g / (|g| + eps')
        double[] w0 = before.data().asDouble();
        double[] w1 = sd.getArrForVarName("w").data().asDouble();
        double[] gs = g.data().asDouble();
        double[] s = optimizer.state().get("w").data().asDouble();
        assertEquals(24, s.length);
        for (int i = 0; i < 12; i++) {
            double eps = 1e-8 / Math.sqrt(0.001);
            assertEquals(w0[i] - lr * gs[i] / (Math.abs(gs[i]) + eps), w1[i], 1e-15);
            assertEquals(0.1 * gs[i], s[i], 1e-15, "m first");
            assertEquals(0.001 * gs[i] * gs[i], s[12 + i], 1e-15, "v second");
        }
        // a parameter without a gradient is left alone, and its state too
        assertArrayEquals(new double[8], optimizer.state().get("b").data().asDouble());
    }

    /**
     * Moments that would become subnormal are stored as 0 (subnormal arithmetic made epochs of a trained model twice
     * as long); normal ones are untouched, and the parameters move as Adam's rule says, in float and double.
     */
    @Test
    void adamStoresSubnormalMomentsAsZero() {
        for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            double minNormal = type == DataType.FLOAT ? Float.MIN_NORMAL : Double.MIN_NORMAL;
            SameDiff sd = SameDiff.create();
            sd.var("w", Nd4j.create(type, 4).assign(Nd4j.createFromArray(1.0, 2.0, 3.0, 4.0)));
            // m then v: element 0 decays below the smallest normal number (m * 0.9, v * 0.999), element 1 stays
            // normal, element 2's gradient squared is subnormal, element 3 is an ordinary update
            double tinyGradient = type == DataType.FLOAT ? 1e-20 : 1e-160;
            double[] initial = {1.05 * minNormal, 20 * minNormal, 0, 0.5, 1.0005 * minNormal, 20 * minNormal, 0, 0.25};
            INDArray state = Nd4j.create(type, 1, 8); // plain, as the host loop needs
            for (int i = 0; i < 8; i++) {
                state.putScalar(i, initial[i]);
            }
            Optimizer optimizer = Optimizer.create(sd, new Adam(0.01, 0.9, 0.999, 1e-8), Map.of("w", state));
            INDArray g = Nd4j.create(type, 4);
            g.putScalar(2, tinyGradient);
            g.putScalar(3, 1.0);
            optimizer.apply(sd, Map.of("w", g), 10, 0);
            double[] s = optimizer.state().get("w").data().asDouble();
            assertEquals(0.0, s[0], "m below the smallest normal number is stored as 0");
            assertEquals(0.0, s[4], "v below the smallest normal number is stored as 0");
            assertEquals(0.9 * 20 * minNormal, s[1], 1e-6 * minNormal * 20, "a normal m is kept");
            assertEquals(0.999 * 20 * minNormal, s[5], 1e-6 * minNormal * 20, "a normal v is kept");
            assertEquals(0.0, s[6], "a subnormal squared gradient leaves v at 0");
            assertEquals(0.1 * tinyGradient, s[2], 1e-6 * tinyGradient, "m of a tiny gradient is still normal");
            assertEquals(0.9 * 0.5 + 0.1, s[3], 1e-6);
            assertEquals(0.999 * 0.25 + 0.001, s[7], 1e-6);
            for (int i = 0; i < 4; i++) {
                assertTrue(s[i] == 0 || Math.abs(s[i]) >= minNormal, "m[" + i + "] = " + s[i]);
                assertTrue(s[4 + i] == 0 || s[4 + i] >= minNormal, "v[" + i + "] = " + s[4 + i]);
            }
            double[] w = sd.getArrForVarName("w").data().asDouble();
            assertEquals(1.0, w[0], 0.0, "m = 0 leaves the weight unchanged");
            double stepSize = 0.01 * Math.sqrt(1 - Math.pow(0.999, 11)) / (1 - Math.pow(0.9, 11));
            assertEquals(4.0 - stepSize * s[3] / (Math.sqrt(s[7]) + 1e-8), w[3], 1e-6);
        }
    }

    @Test
    void sgdMatchesTheRuleAndOtherUpdatersStillGoThroughNd4j() {
        SameDiff sd = graph(DataType.FLOAT, 5);
        INDArray before = sd.getArrForVarName("w").dup();
        INDArray g = random(DataType.FLOAT, new SplittableRandom(6), 3, 4);
        Optimizer.create(sd, new Sgd(0.5), null).apply(sd, Map.of("w", g.dup()), 0, 0);
        assertArrayEquals(before.sub(g.mul(0.5)).data().asFloat(), sd.getArrForVarName("w").data().asFloat(), 1e-7f);

        // Nesterov momentum has no host loop: ND4J's updater, with its state in the optimizer's arrays
        SameDiff nesterov = graph(DataType.FLOAT, 5);
        Optimizer optimizer = Optimizer.create(nesterov, new Nesterovs(0.1, 0.9), null);
        optimizer.apply(nesterov, Map.of("w", g.dup()), 0, 0);
        assertFalse(optimizer.state().get("w").equals(Nd4j.zeros(DataType.FLOAT, 1, 12)), "momentum was kept");
        assertTrue(nesterov.getArrForVarName("w").neq(before).any(), "parameter moved");
    }

    @Test
    void aGradientViewTakesTheNd4jPathWithTheSameResult() {
        IUpdater updater = new Adam(0.01);
        SameDiff plain = graph(DataType.FLOAT, 7);
        SameDiff viewed = graph(DataType.FLOAT, 7);
        Optimizer a = Optimizer.create(plain, updater, null);
        Optimizer b = Optimizer.create(viewed, updater, null);
        INDArray g = random(DataType.FLOAT, new SplittableRandom(8), 3, 8);
        INDArray gView = g.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 6)); // [3, 4], strided
        assertFalse(HostArrays.isPlain(gView));
        a.apply(plain, Map.of("w", gView.dup()), 0, 0);
        b.apply(viewed, Map.of("w", gView), 0, 0);
        assertArrayEquals(plain.getArrForVarName("w").data().asFloat(), viewed.getArrForVarName("w").data().asFloat(),
                1e-6f);
    }

    @Test
    void hostSumsAndFinitenessChecksMatchNd4j() {
        INDArray a = random(DataType.FLOAT, new SplittableRandom(9), 129); // odd: the last float is checked alone
        a.putScalar(5, Float.MAX_VALUE);
        a.putScalar(6, -Float.MIN_VALUE);
        assertEquals(a.sumNumber().doubleValue(), HostArrays.sum(a), 1e-4 * Float.MAX_VALUE);
        assertTrue(HostArrays.allFinite(a));
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            for (int at : new int[] {76, 77, 128}) { // lower and upper half of a pair, and the odd one
                INDArray b = a.dup();
                b.putScalar(at, bad);
                assertFalse(HostArrays.allFinite(b), "finds " + bad + " at " + at);
            }
        }
        INDArray d = random(DataType.DOUBLE, new SplittableRandom(9), 5, 7);
        assertEquals(d.sumNumber().doubleValue(), HostArrays.sum(d), 1e-12);
        d.putScalar(1, 2, Double.NaN);
        assertFalse(HostArrays.allFinite(d));
    }
}
