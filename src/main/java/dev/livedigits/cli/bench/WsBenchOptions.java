package dev.livedigits.cli.bench;

import java.net.URI;

/**
 * The options of {@code bench ws}, checked. Every bound keeps the run finite and its memory small.
 *
 * @param fps frames per second per client, or {@link #SATURATING} (one frame in flight per client)
 * @param url the server's WebSocket URL, or null to start the server in this JVM
 * @param echo also run the same load against an echo server, the baseline the ratio is taken against
 * @param reconnect a client whose connection closes or fails connects again (with a bounded backoff)
 *     instead of counting the close as an error, e.g. while a node behind a load balancer goes away
 * @param flood extra clients sending {@link #FLOOD_SIZE}² frames back-to-back; when positive the regular clients are
 *     measured twice, without and then with them
 */
record WsBenchOptions(int clients, int fps, int seconds, int size, int warmupSeconds, URI url, boolean echo,
                      boolean reconnect, int flood) {
    static final int SATURATING = 0;
    static final int MAX_CLIENTS = 1000;
    static final int MAX_FPS = 1000;
    static final int MAX_SECONDS = 3600;
    static final int MIN_SIZE = 28;
    static final int MAX_SIZE = 512;
    static final int DEFAULT_WARMUP_SECONDS = 2;
    static final int MAX_FLOOD = 100;
    /** The largest canvas the page sends: what a flooding client sends. */
    static final int FLOOD_SIZE = 280;

    /** Without reconnecting, as before {@code --reconnect} existed. */
    WsBenchOptions(int clients, int fps, int seconds, int size, int warmupSeconds, URI url, boolean echo) {
        this(clients, fps, seconds, size, warmupSeconds, url, echo, false);
    }

    /** Without flooding clients. */
    WsBenchOptions(int clients, int fps, int seconds, int size, int warmupSeconds, URI url, boolean echo, boolean reconnect) {
        this(clients, fps, seconds, size, warmupSeconds, url, echo, reconnect, 0);
    }

    boolean saturating() {
        return fps == SATURATING;
    }

    String fpsLabel() {
        return saturating() ? "max" : Integer.toString(fps);
    }
}
