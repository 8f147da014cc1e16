package dev.livedigits.server;

/**
 * A token bucket: {@code capacity} actions at once, refilled at a steady rate.
 *
 * <p>Thread-safe: one instance may be shared across event loops (the HTTP label limit is per client
 * address, and requests from one address arrive on every HTTP event loop). The methods are
 * synchronized rather than lock-free because each call is a few arithmetic operations and the lock is
 * almost never contended; on one event loop it costs an uncontended monitor enter.
 */
public final class RateLimiter {
    /** Labels become training data: a burst of 5, then one every 2 s (per connection, per address over HTTP). */
    public static final String LABELS_EXCEEDED = "too many labels: at most 5 at once, then one every 2 seconds";

    private final int capacity;
    private final double refillNanos;
    private double tokens;
    private long last;

    private RateLimiter(int capacity, double refillNanos) {
        if (capacity < 1 || !(refillNanos > 0)) throw new IllegalArgumentException("capacity >= 1 and a positive refill time");
        this.capacity = capacity;
        this.refillNanos = refillNanos;
        this.tokens = capacity;
        this.last = System.nanoTime();
    }

    /** {@code burst} at once, then {@code perSecond} a second. */
    public static RateLimiter perSecond(int perSecond, int burst) {
        return new RateLimiter(burst, 1e9 / perSecond);
    }

    /** The label limit; its refusal message is {@link #LABELS_EXCEEDED}. */
    public static RateLimiter forLabels() {
        return new RateLimiter(5, 2e9);
    }

    /** Takes a token if there is one. */
    public synchronized boolean tryAcquire() {
        refill();
        if (tokens < 1) return false;
        tokens -= 1;
        return true;
    }

    /**
     * Takes {@code cost} tokens for work the caller has already done: with fewer left the bucket goes into debt, by
     * at most one bucketful, which the refill pays back first. Returns the nanoseconds until a token is available
     * (0 if one is now): one lock and one clock read, for a per-frame caller.
     */
    public synchronized long spend(int cost) {
        refill();
        tokens = Math.max(-capacity, tokens - cost);
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) * refillNanos);
    }

    /** Nanoseconds until a token is available (0 if one is now). */
    public long nanosUntilAvailable() {
        return nanosUntilAvailable(1);
    }

    /** Nanoseconds until {@code n} tokens (at most the capacity) are available (0 if they are now). */
    public synchronized long nanosUntilAvailable(int n) {
        refill();
        double wanted = Math.min(n, capacity);
        return tokens >= wanted ? 0 : (long) Math.ceil((wanted - tokens) * refillNanos);
    }

    private void refill() {
        long now = System.nanoTime();
        tokens = Math.min(capacity, tokens + (now - last) / refillNanos);
        last = now;
    }
}
