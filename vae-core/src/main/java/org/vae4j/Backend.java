package org.vae4j;

import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Process-wide settings of the ND4J native backend that vae4j runs on. */
public final class Backend {
    private static final Logger log = LoggerFactory.getLogger(Backend.class);
    /**
     * vae4j's default thread count on a machine with at least this many cores: the fastest count measured for the
     * reference model on two cores with the oneDNN build (docs/performance.md). More threads are the user's choice:
     * each importance-sampling thread holds its own copy of the model and its activations.
     */
    public static final int DEFAULT_THREADS = 2;
    /** True once the thread count was chosen: by {@link #setThreads}, or by {@link #defaultThreads}. */
    private static boolean chosen;
    /** The chosen count ({@link #threads}); 0 until chosen. */
    private static int threads;
    /** Sections running on one native thread ({@link #withOneNativeThread}) now. */
    private static int singleThreadedSections;
    /** The native counts (ND4J's, its master threads', BLAS's) to restore when the last such section ends. */
    private static int[] restore;

    private Backend() {
    }

    /**
     * Chooses vae4j's default thread count, once, when nothing else chose: two on a machine with two or more cores,
     * else one ({@link #DEFAULT_THREADS}); called when a model is trained or loaded. Leaves the count alone after
     * {@link #setThreads}, or when the system property {@code vae4j.threads} (a count, which it applies) or the
     * environment variable {@code OMP_NUM_THREADS} is set. Logs what it chose. The command line's {@code --threads}
     * goes through {@link #chooseThreads}.
     *
     * @throws IllegalArgumentException if {@code vae4j.threads} is not a whole number {@code >= 1}
     */
    public static synchronized void defaultThreads() {
        if (chosen) {
            return;
        }
        String property = System.getProperty("vae4j.threads");
        String environment = System.getenv("OMP_NUM_THREADS");
        int threads = defaultThreads(property, environment, Runtime.getRuntime().availableProcessors());
        if (threads == 0) {
            chosen = true;
            Backend.threads = Math.max(1, Nd4j.getEnvironment().maxThreads());
            log.debug("Threads: as OMP_NUM_THREADS={}", environment);
            return;
        }
        setThreads(threads);
        log.info(property != null ? "Threads: {} (system property vae4j.threads)"
                : "Threads: {}, vae4j's default on this machine (Backend.setThreads(n), --threads n,"
                        + " -Dvae4j.threads=n or OMP_NUM_THREADS=n chooses another count)", threads);
    }

    /**
     * The thread count {@link #defaultThreads()} applies.
     *
     * @param property the system property {@code vae4j.threads}, or null
     * @param environment the environment variable {@code OMP_NUM_THREADS}, or null
     * @param cores the machine's cores ({@link Runtime#availableProcessors()})
     * @return the property's count, else 0 (leave ND4J's count, which follows the variable) if the variable is set,
     *     else {@code min(DEFAULT_THREADS, cores)}
     * @throws IllegalArgumentException if the property is not a whole number {@code >= 1}
     */
    static int defaultThreads(String property, String environment, int cores) {
        if (property != null) {
            try {
                int threads = Integer.parseInt(property.strip());
                if (threads >= 1) {
                    return threads;
                }
            } catch (NumberFormatException e) {
                // refused below
            }
            throw new IllegalArgumentException("system property vae4j.threads must be a whole number >= 1, got '"
                    + property + "'");
        }
        return environment != null ? 0 : Math.max(1, Math.min(DEFAULT_THREADS, cores));
    }

    /**
     * Sets how many threads (and so cores) training and importance sampling use, and how many threads ND4J's native
     * ops and its BLAS (OpenBLAS) may use, for the whole process. {@link VaeTrainer} computes each batch in parts of
     * its rows, one per thread, each running the oneDNN build's products on its own OpenMP thread (when the
     * objective's loss is a batch mean; {@code org.vae4j.train.ParallelBatchGradient}); importance sampling splits the
     * examples among this many threads, each on one OpenMP thread; with a count of 1 both run on one core. A VAE's
     * gradient check and optimizer update are split among the same threads. Without a call (or
     * {@code OMP_NUM_THREADS}, or the system property {@code vae4j.threads}), vae4j chooses its default
     * ({@link #defaultThreads()}) at the first model it trains or loads. Other inference (encoding, decoding, the ELBO)
     * runs the oneDNN build's products on OpenMP's own count, every core unless {@code OMP_NUM_THREADS} is set.
     *
     * <p>Training is bit-exact for a given count (other counts round differently: the parts' gradients are added).
     * With ND4J's plain build, at small matrix sizes (a batch of 128 rows) OpenBLAS's threads cost more than they gain
     * (docs/performance.md). Measure for your model.
     *
     * @param threads threads, {@code >= 1}
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static synchronized void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        chosen = true;
        Backend.threads = threads;
        if (singleThreadedSections > 0) {
            restore = new int[] {threads, threads, threads}; // applied when the sections end
        } else {
            apply(threads, threads, threads);
        }
    }

    /**
     * A command line's {@code --threads}: sets the count given, or, when none was, chooses vae4j's default
     * ({@link #defaultThreads()}, logged).
     *
     * @param requested threads, {@code >= 1}, or null for vae4j's default
     * @return the count in use, {@code >= 1}
     * @throws IllegalArgumentException if {@code requested < 1}, or if {@code vae4j.threads} is not a whole number
     *     {@code >= 1}
     */
    public static synchronized int chooseThreads(Integer requested) {
        if (requested != null) {
            setThreads(requested);
        }
        return threads();
    }

    /**
     * The thread count vae4j was given: by {@link #setThreads}, {@code -Dvae4j.threads}, {@code OMP_NUM_THREADS}
     * (ND4J's count at the first model), or vae4j's default (chosen now if nothing chose yet, and logged).
     * {@link Vae#logLikelihood} and {@link Vae#evaluate} run importance sampling on this many Java threads, each
     * on one native thread (fewer for small inputs: at most one per example, and two batches of
     * {@link org.vae4j.exec.ImportanceSampling#ROWS} pairs each).
     *
     * @return threads, {@code >= 1}
     */
    public static synchronized int threads() {
        defaultThreads();
        return threads;
    }

    /**
     * Runs work with ND4J and BLAS on one native thread, for Java threads that share the cores among themselves,
     * and restores the native counts when the last such work running ends ({@link #setThreads} meanwhile takes
     * effect then). The counts are process-wide: other work running meanwhile also gets one native thread.
     *
     * @param work the work
     * @param <T> its result type
     * @return its result
     * @throws RuntimeException what the work throws, after the counts are restored (if it was the last section)
     */
    static <T> T withOneNativeThread(java.util.function.Supplier<T> work) {
        synchronized (Backend.class) {
            if (singleThreadedSections++ == 0) {
                restore = new int[] {Nd4j.getEnvironment().maxThreads(), Nd4j.getEnvironment().maxMasterThreads(),
                        Nd4j.factory().blas().getMaxThreads()};
                apply(1, 1, 1);
            }
        }
        try {
            return work.get();
        } finally {
            synchronized (Backend.class) {
                if (--singleThreadedSections == 0) {
                    apply(restore[0], restore[1], restore[2]);
                }
            }
        }
    }

    private static void apply(int nd4j, int master, int blas) {
        Nd4j.getEnvironment().setMaxThreads(nd4j);
        Nd4j.getEnvironment().setMaxMasterThreads(master);
        Nd4j.factory().blas().setMaxThreads(blas);
    }
}
