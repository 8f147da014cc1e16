package dev.livedigits.cli.bench;

/**
 * When the clients start sending and which part of the run counts, on the {@link System#nanoTime} clock.
 * A frame counts if it was sent inside {@code [measureFrom, measureUntil)}; the warm-up before it does not.
 */
record LoadWindow(long start, long measureFrom, long measureUntil) {

    static LoadWindow startingAt(long start, int warmupSeconds, int seconds) {
        long from = start + warmupSeconds * 1_000_000_000L;
        return new LoadWindow(start, from, from + seconds * 1_000_000_000L);
    }

    boolean measures(long nanos) {
        return nanos >= measureFrom && nanos < measureUntil;
    }
}
