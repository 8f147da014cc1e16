package dev.livedigits.nn;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A reusable barrier for the training threads, crossed twice per mini-batch (a thousand times a
 * second). Waiters spin briefly — the threads usually arrive within microseconds of each other —
 * and then park, so a thread whose partner was descheduled on a busy machine gives its core away
 * instead of burning it. If one thread fails it breaks the barrier and every waiter is released
 * with an exception rather than left hanging.
 */
final class StepBarrier {
    private static final int SPINS = 2000;

    private final int parties;
    private final AtomicInteger arrived = new AtomicInteger();
    private final AtomicReferenceArray<Thread> parked;
    private volatile int generation;
    private volatile boolean broken;

    /** Thrown to the threads that were waiting when a partner failed: a consequence, not the cause. */
    static final class BrokenException extends IllegalStateException {
        BrokenException() { super("another training thread failed"); }
    }

    StepBarrier(int parties) {
        this.parties = parties;
        this.parked = new AtomicReferenceArray<>(parties);
    }

    void await(int party) {
        if (parties == 1) return;
        int gen = generation;
        if (arrived.incrementAndGet() == parties) {
            arrived.set(0);
            generation = gen + 1;
            wakeAll();
            return;
        }
        for (int spin = 0; spin < SPINS; spin++) {
            if (generation != gen) return;
            if (broken) throw new BrokenException();
            Thread.onSpinWait();
        }
        parked.set(party, Thread.currentThread());
        try {
            while (generation == gen) {
                if (broken) throw new BrokenException();
                LockSupport.park(this);
            }
        } finally {
            parked.set(party, null);
        }
    }

    void breakBarrier() {
        broken = true;
        wakeAll();
    }

    private void wakeAll() {
        for (int i = 0; i < parties; i++) {
            Thread t = parked.get(i);
            if (t != null) LockSupport.unpark(t);
        }
    }
}
