package org.vae4j.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.vae4j.VaeConfig;
import org.vae4j.nn.MlpDecoder;
import org.vae4j.nn.MlpEncoder;

/**
 * Building graphs drops SameDiff's "Added differentiated op" lines without touching what other threads print: the
 * reliability audit's case of one thread printing numbered lines while three graphs are built on other threads.
 */
class GradientOutputTest {
    private static final Pattern NUMBERED = Pattern.compile("printer line (\\d+);");

    @Test
    void anotherThreadsOutputIsNeitherLostNorMixedWithSameDiffsLines() throws Exception {
        VaeConfig config = VaeConfig.builder(30, 4).encoder(MlpEncoder.relu(16, 12, 8))
                .decoder(MlpDecoder.relu(8, 12, 16)).build();
        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int printed;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            AtomicBoolean buildersDone = new AtomicBoolean();
            CountDownLatch printing = new CountDownLatch(1);
            Future<Integer> printer = pool.submit(() -> {
                int n = 0;
                // at least 20,000 lines, and until every graph is built; each line in three pieces, as a progress
                // display would print it
                while (n < 20_000 || !buildersDone.get()) {
                    System.out.print("printer line ");
                    System.out.print(n++);
                    System.out.println(';');
                    if (n == 100) {
                        printing.countDown();
                    }
                    LockSupport.parkNanos(2_000);
                }
                return n;
            });
            printing.await();
            List<Future<?>> builders = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                long seed = t;
                builders.add(pool.submit(() -> {
                    for (int round = 0; round < 3; round++) {
                        VaeGraph.build(config, DataType.FLOAT, new SplittableRandom(seed));
                        System.out.println("builder " + seed + " built graph " + round);
                    }
                    return null;
                }));
            }
            for (Future<?> b : builders) {
                b.get(5, TimeUnit.MINUTES);
            }
            buildersDone.set(true);
            printed = printer.get(5, TimeUnit.MINUTES);
        } finally {
            System.setOut(saved);
            pool.shutdownNow();
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("Added differentiated op"), "SameDiff's lines leaked: "
                + text.lines().filter(l -> l.contains("Added differentiated op")).limit(3).toList());
        // The building threads' own lines pass. Each is one println, which may land between the pieces of a printer
        // line (as with any PrintStream); taken out, the printer's pieces must join up again.
        for (int t = 0; t < 3; t++) {
            for (int round = 0; round < 3; round++) {
                String line = "builder " + t + " built graph " + round + System.lineSeparator();
                assertTrue(text.contains(line), "the building threads' own lines pass: " + line);
                text = text.replace(line, "");
            }
        }
        Matcher m = NUMBERED.matcher(text);
        int expected = 0;
        while (m.find()) {
            assertEquals(expected, Integer.parseInt(m.group(1)), "the printing thread's lines, in order");
            expected++;
        }
        assertEquals(printed, expected, "every line the printing thread printed");
        assertTrue(printed >= 20_000);
    }
}
