package dev.livedigits.cli.bench;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyHistogramTest {

    @Test
    @DisplayName("buckets tile 0..10 s without gaps, each value inside its own bucket")
    void bucketsAreContiguous() {
        long previousHighest = -1;
        int last = LatencyHistogram.bucketOf(LatencyHistogram.MAX_MICROS);
        for (int b = 0; b <= last; b++) {
            long highest = LatencyHistogram.highestMicrosIn(b);
            assertEquals(b, LatencyHistogram.bucketOf(previousHighest + 1), "lowest value of bucket " + b);
            assertEquals(b, LatencyHistogram.bucketOf(highest), "highest value of bucket " + b);
            assertTrue(highest - previousHighest <= Math.max(1, highest / 256), "bucket " + b + " wider than 0.4 %");
            previousHighest = highest;
        }
        assertTrue(last < 5000, "small enough to keep one per client: " + last);
    }

    @Test
    @DisplayName("percentiles of 1..10000 µs are within bucket precision, and the maximum is exact")
    void percentiles() {
        LatencyHistogram h = new LatencyHistogram();
        for (int us = 1; us <= 10_000; us++) {
            h.recordNanos(us * 1000L + 123);
        }
        assertEquals(10_000, h.count());
        assertEquals(5.0, h.percentileMillis(0.50), 5.0 / 256);
        assertEquals(9.9, h.percentileMillis(0.99), 9.9 / 256);
        assertEquals(10.000123, h.maxMillis(), 1e-9);
        assertTrue(h.percentileMillis(1.0) <= h.maxMillis());
    }

    @Test
    @DisplayName("an empty histogram reports zeros; beyond 10 s is clamped and counted")
    void emptyAndOverflow() {
        LatencyHistogram h = new LatencyHistogram();
        assertEquals(0, h.percentileMillis(0.5));
        assertEquals(0, h.maxMillis());
        h.recordNanos(60_000_000_000L);
        assertEquals(1, h.overflows());
        assertEquals(60_000, h.maxMillis(), 1e-9);
        assertTrue(h.percentileMillis(0.5) <= 10_000 * 1.004);
    }

    @Test
    @DisplayName("merging adds counts and keeps the larger maximum")
    void merge() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        a.recordNanos(1_000_000);
        b.recordNanos(3_000_000);
        b.recordNanos(3_000_000);
        a.add(b);
        assertEquals(3, a.count());
        assertEquals(3.0, a.maxMillis());
        assertEquals(3.0, a.percentileMillis(0.5), 3.0 / 256);
    }
}
