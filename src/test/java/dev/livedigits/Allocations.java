package dev.livedigits;

/** Measures what hot paths allocate, for the tests that keep them allocation-free. */
public final class Allocations {
    private Allocations() {}

    /** Bytes the current thread allocates while running {@code work} (HotSpot's per-thread counter). */
    public static long allocatedBytes(Runnable work) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        work.run();
        return threads.getThreadAllocatedBytes(id) - before;
    }
}
