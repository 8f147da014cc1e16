package dev.livedigits.cli.bench;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The round-trip figures a tally prints, recorded into HdrHistogram. */
class LoadTallyTest {

    @Test
    @DisplayName("percentiles of 1..10000 µs are within 1 % (two significant digits), and the maximum is exact")
    void percentiles() {
        LoadTally t = new LoadTally();
        for (int us = 1; us <= 10_000; us++) {
            t.recordRtt(us * 1000L + 123);
        }
        assertEquals(10_000, t.rtt.getTotalCount());
        assertEquals(5.0, t.rttMillis(50), 5.0 / 100);
        assertEquals(9.9, t.rttMillis(99), 9.9 / 100);
        assertEquals(10.000123, t.maxRttMillis(), 1e-9);
        assertTrue(t.rttMillis(100) <= t.maxRttMillis(), "a percentile never exceeds the exact maximum");
    }

    @Test
    @DisplayName("an empty tally reports zeros; a round trip beyond 10 s is recorded as 10 s, counted, and kept as the maximum")
    void emptyAndOverflow() {
        LoadTally t = new LoadTally();
        assertEquals(0, t.rttMillis(50));
        assertEquals(0, t.maxRttMillis());
        t.recordRtt(60_000_000_000L);
        assertEquals(1, t.rttOverflows);
        assertEquals(60_000, t.maxRttMillis(), 1e-9);
        assertEquals(10_000, t.rttMillis(50), 10_000 / 100);
        assertTrue(t.describe("predictions", 1).endsWith(", 1 round trips over 10 s"), t.describe("predictions", 1));
    }

    @Test
    @DisplayName("adding tallies adds the histograms and keeps the larger maximum")
    void merge() {
        LoadTally a = new LoadTally();
        LoadTally b = new LoadTally();
        a.recordRtt(1_000_000);
        b.recordRtt(3_000_000);
        b.recordRtt(3_000_000);
        a.add(b);
        assertEquals(3, a.rtt.getTotalCount());
        assertEquals(3.0, a.maxRttMillis());
        assertEquals(3.0, a.rttMillis(50), 3.0 / 100);
        assertEquals("3.000", a.figures("", "predictions_per_s", 1).get("p99_ms"));
    }
}
