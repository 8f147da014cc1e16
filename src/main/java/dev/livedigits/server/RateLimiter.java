package dev.livedigits.server;

/**
 * A token bucket: {@code capacity} actions at once, refilled at one per {@code refillMillis}.
 * Per connection and confined to its event loop, so no synchronization.
 */
public final class RateLimiter {
    private final int capacity;
    private final long refillNanos;
    private double tokens;
    private long last;

    public RateLimiter(int capacity, long refillMillis) {
        this.capacity = capacity;
        this.refillNanos = refillMillis * 1_000_000L;
        this.tokens = capacity;
        this.last = System.nanoTime();
    }

    public boolean tryAcquire() {
        long now = System.nanoTime();
        tokens = Math.min(capacity, tokens + (double) (now - last) / refillNanos);
        last = now;
        if (tokens < 1) return false;
        tokens -= 1;
        return true;
    }
}
