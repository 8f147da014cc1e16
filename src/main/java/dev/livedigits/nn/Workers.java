package dev.livedigits.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A fixed team of threads that runs one task split into {@code size()} parts; the caller runs part
 * 0 itself, so a team of one is just a method call.
 */
final class Workers implements AutoCloseable {
    private static final AtomicInteger TEAMS = new AtomicInteger();

    private final int size;
    private final ExecutorService pool;

    Workers(int size) {
        this.size = size;
        int team = TEAMS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        this.pool = size == 1 ? null : Executors.newFixedThreadPool(size - 1, r -> {
            Thread t = new Thread(r, "nn-worker-" + team + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    int size() { return size; }

    /** Runs {@code part.accept(t)} for every {@code t} in {@code 0..size-1} concurrently and waits for all. */
    void run(IntConsumer part) {
        if (pool == null) {
            part.accept(0);
            return;
        }
        List<Future<?>> futures = new ArrayList<>(size - 1);
        for (int t = 1; t < size; t++) {
            int id = t;
            futures.add(pool.submit(() -> part.accept(id)));
        }
        RuntimeException failure = null;
        try {
            part.accept(0);
        } catch (RuntimeException e) {
            failure = e;
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (failure == null) failure = new IllegalStateException("interrupted while waiting for workers", e);
            } catch (ExecutionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                // Report the thread that failed first-hand, not a partner released by the broken barrier.
                if (failure == null || failure instanceof StepBarrier.BrokenException) failure = cause;
            }
        }
        if (failure != null) throw failure;
    }

    /** Splits {@code [0, n)} into {@code size} contiguous ranges; returns part {@code t}'s start (end = start of t+1). */
    static int split(int n, int parts, int t) {
        return (int) ((long) n * t / parts);
    }

    @Override
    public void close() {
        if (pool != null) pool.shutdownNow();
    }
}
