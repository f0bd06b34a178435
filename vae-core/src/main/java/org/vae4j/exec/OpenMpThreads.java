package org.vae4j.exec;

import java.util.function.Supplier;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * OpenMP's thread count of the calling thread, which bounds the oneDNN build's matrix products and convolutions run
 * from it (OpenMP keeps one count per thread; ND4J's {@code Environment} counts do not reach oneDNN).
 */
public final class OpenMpThreads {
    private OpenMpThreads() {
    }

    /**
     * Sets the calling thread's OpenMP count for the rest of its life (for worker threads).
     *
     * @param threads OpenMP threads, {@code >= 1}
     */
    public static void set(int threads) {
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
    }

    /**
     * Runs work with the calling thread's OpenMP count set to {@code threads}, and restores the previous count.
     *
     * @param threads OpenMP threads, {@code >= 1}
     * @param work the work
     * @param <T> its result type
     * @return its result
     */
    public static <T> T with(int threads, Supplier<T> work) {
        int before = NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
        set(threads);
        try {
            return work.get();
        } finally {
            set(before);
        }
    }
}
