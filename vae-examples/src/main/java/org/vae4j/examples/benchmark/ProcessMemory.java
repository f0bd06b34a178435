package org.vae4j.examples.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Memory figures of this process, for the benchmarks' output. */
final class ProcessMemory {
    private ProcessMemory() {
    }

    /**
     * A memory figure of this process from /proc/self/status, in MiB ({@code VmRSS} now, {@code VmHWM} the peak),
     * or -1 where there is none (not Linux).
     */
    static long mb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
