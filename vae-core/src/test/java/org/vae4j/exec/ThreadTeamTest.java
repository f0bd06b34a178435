package org.vae4j.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The thread team's jobs: every member once, on its own thread; every value once; failures passed on. */
class ThreadTeamTest {

    @Test
    void eachMemberRunsOnceOnItsOwnThreadTheFirstOnTheCaller() {
        try (ThreadTeam team = new ThreadTeam(3)) {
            assertEquals(3, team.size());
            for (int job = 0; job < 200; job++) { // many hand-offs in a row: none lost
                int count = 1 + job % 3;
                AtomicIntegerArray runs = new AtomicIntegerArray(3);
                Thread[] threads = new Thread[3];
                team.run(count, m -> {
                    runs.incrementAndGet(m);
                    threads[m] = Thread.currentThread();
                });
                for (int m = 0; m < 3; m++) {
                    assertEquals(m < count ? 1 : 0, runs.get(m), "member " + m + " of " + count);
                }
                assertSame(Thread.currentThread(), threads[0]);
                if (count == 3) {
                    assertEquals(3, Set.of(threads).size(), "three threads");
                }
            }
        }
    }

    @Test
    void aPairRunsOnTwoThreadsOrInOrderOnOne() {
        for (int size : new int[] {1, 2, 3}) {
            try (ThreadTeam team = new ThreadTeam(size)) {
                List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
                Thread[] threads = new Thread[2];
                team.runPair(() -> {
                    threads[0] = Thread.currentThread();
                    order.add("here");
                }, () -> {
                    threads[1] = Thread.currentThread();
                    order.add("there");
                });
                assertSame(Thread.currentThread(), threads[0]);
                assertEquals(2, order.size());
                if (size == 1) {
                    assertEquals(List.of("here", "there"), order);
                    assertSame(threads[0], threads[1]);
                } else {
                    assertNotEquals(threads[0], threads[1]);
                }
            }
        }
    }

    @Test
    void forEachPieceCoversEveryValueOfEveryArrayOnce() {
        try (ThreadTeam team = new ThreadTeam(2)) {
            for (long[] lengths : new long[][] {{7, 1, 30}, {300 * 250, 7, 9000, 1, 40_000}}) {
                List<INDArray> arrays = new ArrayList<>();
                List<AtomicIntegerArray> seen = new ArrayList<>();
                for (long n : lengths) {
                    arrays.add(Nd4j.create(DataType.FLOAT, 1, n));
                    seen.add(new AtomicIntegerArray((int) n));
                }
                Set<Thread> threads = ConcurrentHashMap.newKeySet();
                team.forEachPiece(arrays, (i, from, to) -> {
                    threads.add(Thread.currentThread());
                    for (int k = from; k < to; k++) {
                        seen.get(i).incrementAndGet(k);
                    }
                });
                for (int i = 0; i < lengths.length; i++) {
                    for (int k = 0; k < lengths[i]; k++) {
                        assertEquals(1, seen.get(i).get(k), "array " + i + " value " + k);
                    }
                }
                long total = java.util.Arrays.stream(lengths).sum();
                if (total < ThreadTeam.MIN_SPLIT) {
                    assertEquals(Set.of(Thread.currentThread()), threads, "a small job stays on the caller");
                }
            }
        }
    }

    @Test
    void aMembersFailureReachesTheCallerAndTheTeamGoesOn() {
        try (ThreadTeam team = new ThreadTeam(2)) {
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> team.run(2, m -> {
                if (m == 1) {
                    throw new IllegalStateException("member 1 failed");
                }
            }));
            assertEquals("member 1 failed", thrown.getMessage());
            AtomicIntegerArray runs = new AtomicIntegerArray(2);
            team.run(2, runs::incrementAndGet);
            assertEquals(1, runs.get(1), "the next job runs");
            assertThrows(IllegalArgumentException.class, () -> team.run(3, m -> { }));
            assertThrows(IllegalArgumentException.class, () -> team.run(0, m -> { }));
            assertThrows(IllegalArgumentException.class, () -> new ThreadTeam(0));
        }
    }

    @Test
    void aClosedTeamRefusesJobsAndItsThreadsEnd() throws InterruptedException {
        ThreadTeam team = new ThreadTeam(2);
        Thread[] worker = new Thread[1];
        team.run(2, m -> {
            if (m == 1) {
                worker[0] = Thread.currentThread();
            }
        });
        assertNotEquals(Thread.currentThread(), worker[0]);
        team.close();
        worker[0].join(10_000);
        assertTrue(!worker[0].isAlive(), "the member's thread ended");
        assertThrows(IllegalStateException.class, () -> team.run(1, m -> { }));
    }
}
