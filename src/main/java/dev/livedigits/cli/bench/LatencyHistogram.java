package dev.livedigits.cli.bench;

/**
 * Round-trip times in a fixed set of buckets, so memory stays the same however long the run.
 *
 * <p>Microsecond resolution: exact below 512 µs, then 256 buckets per power of two (at most 0.4 %
 * relative error), up to {@link #MAX_MICROS} (10 s); longer times land in the last bucket and are
 * counted as {@link #overflows()}. The maximum is kept exactly. The layout is HdrHistogram's idea
 * with two significant binary digits fewer, small enough to keep one per client.
 *
 * <p>Not thread-safe: each client records into its own, and {@link #add} merges them at the end.
 */
final class LatencyHistogram {
    static final long MAX_MICROS = 10_000_000L;

    private static final int SUB_BUCKET_BITS = 8;
    private static final int HALF = 1 << SUB_BUCKET_BITS;        // buckets per power of two
    private static final int LINEAR = HALF << 1;                  // below this, one bucket per µs

    private final long[] counts = new long[bucketOf(MAX_MICROS) + 1];
    private long total;
    private long maxNanos;
    private long overflows;

    void recordNanos(long nanos) {
        long micros = Math.max(0, nanos) / 1000;
        if (micros > MAX_MICROS) {
            overflows++;
            micros = MAX_MICROS;
        }
        counts[bucketOf(micros)]++;
        total++;
        maxNanos = Math.max(maxNanos, nanos);
    }

    void add(LatencyHistogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        overflows += other.overflows;
        maxNanos = Math.max(maxNanos, other.maxNanos);
    }

    long count() {
        return total;
    }

    long overflows() {
        return overflows;
    }

    double maxMillis() {
        return maxNanos / 1e6;
    }

    /**
     * The smallest recorded value (to bucket precision, never above the maximum) that at least
     * {@code fraction} of the values do not exceed; 0 when empty.
     */
    double percentileMillis(double fraction) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(fraction * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(highestMicrosIn(i) / 1e3, maxMillis());
            }
        }
        return maxMillis();
    }

    static int bucketOf(long micros) {
        if (micros < LINEAR) {
            return (int) micros;
        }
        int shift = 63 - Long.numberOfLeadingZeros(micros) - SUB_BUCKET_BITS;
        return LINEAR + (shift - 1) * HALF + (int) ((micros >>> shift) - HALF);
    }

    static long highestMicrosIn(int bucket) {
        if (bucket < LINEAR) {
            return bucket;
        }
        int k = bucket - LINEAR;
        int shift = k / HALF + 1;
        long subBucket = k % HALF + HALF;
        return ((subBucket + 1) << shift) - 1;
    }
}
