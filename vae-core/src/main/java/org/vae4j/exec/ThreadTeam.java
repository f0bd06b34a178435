package org.vae4j.exec;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A fixed team of threads that run one job at a time together (as an OpenMP parallel region does): member 0 is the
 * calling thread, members 1 to {@code size - 1} are daemon threads of the team's own, started once. Training's
 * update runs several short jobs on it in a row (the parts of a batch, the combination and check of their gradients,
 * the optimizer, the next batch's gathering), so the hand-off is cheap: an idle member spins for a short while
 * before it parks, and the caller spins while it waits. Not thread-safe: one job at a time, from one thread at a time.
 */
public final class ThreadTeam implements AutoCloseable {
    /** Fewest values {@link #forEachPiece} splits among the members: fewer run on the calling thread alone. */
    public static final long MIN_SPLIT = 1 << 16;
    /** Values a member takes at a time in {@link #forEachPiece}. */
    private static final long CHUNK = 1 << 14;
    /** How long an idle thread spins before it parks, nanoseconds. */
    private static final long SPIN_NANOS = 1_000_000;

    /** The part of a job over values: values [from, to) of array {@code array} of the list. */
    @FunctionalInterface
    public interface Piece {
        /**
         * @param array the array's index in the list
         * @param from first value, {@code >= 0}
         * @param to end value (exclusive), {@code <= length}
         */
        void run(int array, int from, int to);
    }

    private final Member[] members;
    private volatile Thread caller;
    private volatile boolean closed;

    /**
     * @param size threads in the team, the caller included, {@code >= 1}
     * @throws IllegalArgumentException if {@code size < 1}
     */
    public ThreadTeam(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a team needs at least one thread, got " + size);
        }
        members = new Member[size - 1];
        for (int m = 0; m < members.length; m++) {
            members[m] = new Member(m + 1);
            members[m].thread.start();
        }
    }

    /** @return threads in the team, the caller included */
    public int size() {
        return members.length + 1;
    }

    /**
     * Runs {@code task.accept(m)} for every member m in [0, count) at once, member 0 on the calling thread, and
     * returns when all have ended.
     *
     * @param count members to run, {@code 1 <= count <= size()}
     * @param task the job, given the member's number
     * @throws IllegalArgumentException if {@code count} is out of range
     * @throws IllegalStateException if the team is closed
     * @throws RuntimeException or {@link Error}: the first a member threw (the others have ended by then)
     */
    public void run(int count, IntConsumer task) {
        if (count < 1 || count > size()) {
            throw new IllegalArgumentException("count must be in [1, " + size() + "], got " + count);
        }
        if (closed) {
            throw new IllegalStateException("the thread team is closed");
        }
        caller = Thread.currentThread();
        for (int m = 0; m < count - 1; m++) {
            members[m].start(task);
        }
        Throwable failure = null;
        try {
            task.accept(0);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (int m = 0; m < count - 1; m++) {
            Throwable t = members[m].await();
            failure = failure != null ? failure : t;
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }

    /**
     * Runs two jobs at once: {@code here} on the calling thread and {@code there} on member 1, or, in a team of one
     * thread, both on the calling thread, {@code here} first; returns when both have ended.
     *
     * @param here the calling thread's job
     * @param there the other job
     * @throws RuntimeException or {@link Error}: the first a job threw (the other has ended by then)
     */
    public void runPair(Runnable here, Runnable there) {
        if (size() == 1) {
            here.run();
            there.run();
            return;
        }
        run(2, m -> (m == 0 ? here : there).run());
    }

    /**
     * Runs {@code piece} over every value of a list of arrays, taken as one sequence in list order, the members at
     * once: each member takes the next chunk of 16,384 values until none is left (so a slower member takes fewer),
     * and runs {@code piece} on the chunk's part of each array it covers. Fewer than {@link #MIN_SPLIT} values run on
     * the calling thread alone. Which member runs a value varies; a job whose result for each value depends on that
     * value alone (an elementwise update, a test of each value) gives the same result however the values are split.
     *
     * @param arrays the arrays (any shape; their lengths count)
     * @param piece the job on values [from, to) of one array
     * @throws RuntimeException or {@link Error}: the first a member threw
     */
    public void forEachPiece(List<INDArray> arrays, Piece piece) {
        long[] ends = new long[arrays.size()];
        long total = 0;
        for (int i = 0; i < ends.length; i++) {
            total += arrays.get(i).length();
            ends[i] = total;
        }
        long all = total;
        int count = total < MIN_SPLIT ? 1 : size();
        AtomicLong next = new AtomicLong();
        run(count, m -> {
            for (long from = next.getAndAdd(CHUNK); from < all; from = next.getAndAdd(CHUNK)) {
                long to = Math.min(all, from + CHUNK);
                long start = 0;
                for (int i = 0; i < ends.length && start < to; i++) {
                    long lo = Math.max(from, start);
                    long hi = Math.min(to, ends[i]);
                    if (lo < hi) {
                        piece.run(i, (int) (lo - start), (int) (hi - start));
                    }
                    start = ends[i];
                }
            }
        });
    }

    /** Stops the team's threads; later jobs are refused. */
    @Override
    public void close() {
        closed = true;
        for (Member m : members) {
            LockSupport.unpark(m.thread);
        }
    }

    /** Waits, spinning for {@link #SPIN_NANOS} then parking, until {@code done} holds or the team is closed. */
    private void idle(BooleanSupplier done) {
        long deadline = System.nanoTime() + SPIN_NANOS;
        while (!done.getAsBoolean() && !closed) {
            if (System.nanoTime() < deadline) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
    }

    /** One thread of the team and its hand-off: jobs given and ended are counted. */
    private final class Member implements Runnable {
        final Thread thread;
        final int number;
        volatile long given;
        volatile long ended;
        volatile IntConsumer task;
        volatile Throwable failure;

        Member(int number) {
            this.number = number;
            thread = new Thread(this, "vae4j-team-" + number);
            thread.setDaemon(true);
        }

        void start(IntConsumer job) {
            task = job;
            failure = null;
            given = given + 1;
            LockSupport.unpark(thread);
        }

        Throwable await() {
            long job = given;
            idle(() -> ended == job);
            if (ended != job) {
                throw new IllegalStateException("the thread team was closed during a job");
            }
            return failure;
        }

        @Override
        public void run() {
            long done = 0;
            while (true) {
                long seen = done;
                idle(() -> given != seen);
                if (closed) {
                    return;
                }
                done = given;
                try {
                    task.accept(number);
                } catch (Throwable t) {
                    failure = t;
                }
                ended = done;
                LockSupport.unpark(caller);
            }
        }
    }
}
