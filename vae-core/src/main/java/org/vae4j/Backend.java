package org.vae4j;

import org.nd4j.linalg.factory.Nd4j;

/** Process-wide settings of the ND4J native backend that vae4j runs on. */
public final class Backend {
    private Backend() {
    }

    /**
     * Sets how many threads ND4J's native ops and its BLAS (OpenBLAS) may use, for the whole process. The same as
     * starting the JVM with {@code OMP_NUM_THREADS=threads}.
     *
     * <p>On the 2-core development machine, one thread trained the reference MNIST model about twice as fast as
     * two: at its matrix sizes ([128, 784] x [784, 512]) OpenBLAS's threading costs more than it gains
     * (single-precision GEMM measured 43 GFLOP/s on one thread, 18-26 on two). Large matrices gain from more
     * threads; measure for your model.
     *
     * @param threads threads, {@code >= 1}
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }
}
