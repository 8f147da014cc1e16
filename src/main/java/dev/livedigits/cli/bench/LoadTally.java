package dev.livedigits.cli.bench;

import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What happened to the frames sent inside the measured window, for one client or (after {@link #add})
 * for all. Every measured frame ends up in exactly one of: a prediction, an error reply, stale (the
 * server answered a later frame of the connection instead: latest wins), or unanswered at the end.
 *
 * <p>Not thread-safe: a client fills its own on its event loop and hands it over when it finishes.
 */
final class LoadTally {
    long sent;
    long predictions;
    long errorReplies;
    /** Replies that match no outstanding frame (unknown or repeated seq, an error without seq). */
    long badReplies;
    /** Connections the server closed before the end. */
    long closedEarly;
    long stale;
    /** Paced sends not made because the client already had {@link LoadClient#MAX_IN_FLIGHT} unanswered frames. */
    long skippedSends;
    /** Paced sends dropped because the client's own timer fell behind (the load generator was the bottleneck). */
    long lateSends;
    long unanswered;
    /**
     * With {@code --reconnect}: measured frames that were in flight on a connection that closed
     * (never answered, not errors). Then {@code sent = replies + stale + unanswered + lost}.
     */
    long lost;
    /** With {@code --reconnect}: connections made again after one closed or failed (the whole run, warm-up included). */
    long reconnects;
    /** With {@code --reconnect}: the longest time one client was without a connection, up to the end of the run. */
    long maxDisconnectedNanos;
    /**
     * Round-trip times in nanoseconds. Pre-sized (1 µs to 10 s, two significant digits: within 1 %, about 20 KB a
     * client, so 1000 clients fit in 20 MB) so that recording never allocates or resizes while thousands of replies
     * a second arrive.
     */
    final Histogram rtt = new Histogram(LOWEST_RTT_NANOS, MAX_RTT_NANOS, 2);
    /** The exact longest round trip (the histogram keeps values only to its precision). */
    long maxRttNanos;
    /** Round trips longer than {@link #MAX_RTT_NANOS}, recorded as that. */
    long rttOverflows;

    static final long LOWEST_RTT_NANOS = 1_000;
    static final long MAX_RTT_NANOS = 10_000_000_000L;

    void recordRtt(long nanos) {
        long value = Math.max(LOWEST_RTT_NANOS, nanos);
        if (value > MAX_RTT_NANOS) {
            rttOverflows++;
            value = MAX_RTT_NANOS;
        }
        rtt.recordValue(value);
        maxRttNanos = Math.max(maxRttNanos, nanos);
    }

    /** The {@code percentile} (0..100) round trip in ms, never above the exact maximum; 0 when nothing was recorded. */
    double rttMillis(double percentile) {
        return rtt.getTotalCount() == 0 ? 0 : Math.min(rtt.getValueAtPercentile(percentile), maxRttNanos) / 1e6;
    }

    double maxRttMillis() {
        return maxRttNanos / 1e6;
    }

    void add(LoadTally other) {
        sent += other.sent;
        predictions += other.predictions;
        errorReplies += other.errorReplies;
        badReplies += other.badReplies;
        closedEarly += other.closedEarly;
        stale += other.stale;
        skippedSends += other.skippedSends;
        lateSends += other.lateSends;
        unanswered += other.unanswered;
        lost += other.lost;
        reconnects += other.reconnects;
        maxDisconnectedNanos = Math.max(maxDisconnectedNanos, other.maxDisconnectedNanos);
        rtt.add(other.rtt);
        maxRttNanos = Math.max(maxRttNanos, other.maxRttNanos);
        rttOverflows += other.rttOverflows;
    }

    long replies() {
        return predictions + errorReplies;
    }

    long errors() {
        return errorReplies + badReplies + closedEarly;
    }

    double predictionsPerSecond(int seconds) {
        return (double) predictions / seconds;
    }

    /**
     * The figures as ordered {@code key → value}, each key prefixed with {@code prefix};
     * {@code rateKey} names the predictions-per-second figure.
     */
    Map<String, String> figures(String prefix, String rateKey, int seconds) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put(prefix + "sent", Long.toString(sent));
        f.put(prefix + "replies", Long.toString(replies()));
        f.put(prefix + rateKey, decimal(predictionsPerSecond(seconds), 1));
        f.put(prefix + "p50_ms", decimal(rttMillis(50), 3));
        f.put(prefix + "p99_ms", decimal(rttMillis(99), 3));
        f.put(prefix + "max_ms", decimal(maxRttMillis(), 3));
        f.put(prefix + "stale", Long.toString(stale));
        f.put(prefix + "errors", Long.toString(errors()));
        f.put(prefix + "skipped_sends", Long.toString(skippedSends));
        f.put(prefix + "late_sends", Long.toString(lateSends));
        f.put(prefix + "unanswered", Long.toString(unanswered));
        return f;
    }

    long maxDisconnectedMillis() {
        return Math.round(maxDisconnectedNanos / 1e6);
    }

    /** The {@code --reconnect} figures, appended after all the others: {@code reconnects}, {@code max_disconnected_ms}, {@code lost}. */
    Map<String, String> reconnectFigures() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("reconnects", Long.toString(reconnects));
        f.put("max_disconnected_ms", Long.toString(maxDisconnectedMillis()));
        f.put("lost", Long.toString(lost));
        return f;
    }

    /** The {@code --reconnect} figures for people, e.g. {@code ; reconnects 10 (longest 1210 ms without a connection), lost 12}. */
    String describeReconnects() {
        return String.format(Locale.ROOT, "; reconnects %d (longest %d ms without a connection), lost %d",
                reconnects, maxDisconnectedMillis(), lost);
    }

    /** One sentence for people, e.g. {@code 1500 sent, 1498 predictions = 299.6/s, rtt p50 0.8 ms …}. */
    String describe(String replyNoun, int seconds) {
        return String.format(Locale.ROOT,
                "%d sent, %d %s = %.1f/s, rtt p50 %.3f ms p99 %.3f ms max %.3f ms; stale %d, errors %d"
                        + " (%d error replies, %d unmatched, %d closed early), skipped sends %d, late sends %d, unanswered %d%s",
                sent, predictions, replyNoun, predictionsPerSecond(seconds), rttMillis(50), rttMillis(99),
                maxRttMillis(), stale, errors(), errorReplies, badReplies, closedEarly, skippedSends, lateSends, unanswered,
                rttOverflows > 0 ? ", " + rttOverflows + " round trips over 10 s" : "");
    }

    static String decimal(double value, int places) {
        return String.format(Locale.ROOT, "%." + places + "f", value);
    }
}
