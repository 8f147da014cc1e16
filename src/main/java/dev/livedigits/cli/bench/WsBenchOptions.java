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
 * @param activations the measured clients ask for {@code ?activations=1} (replies of about 7 KB instead of 0.35 KB)
 * @param floodRounds with {@code flood}: how many times the calm and the flooded phase alternate (each pair as one
 *     run without rounds); the figures pool them, so a disturbance of the machine lasting seconds falls on both alike
 */
record WsBenchOptions(int clients, int fps, int seconds, int size, int warmupSeconds, URI url, boolean echo,
                      boolean reconnect, int flood, boolean activations, int floodRounds) {
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
    static final int MAX_FLOOD_ROUNDS = 10;

    /** One calm and one flooded phase, as before {@code --flood-rounds} existed. */
    WsBenchOptions(int clients, int fps, int seconds, int size, int warmupSeconds, URI url, boolean echo, boolean reconnect, int flood,
                   boolean activations) {
        this(clients, fps, seconds, size, warmupSeconds, url, echo, reconnect, flood, activations, 1);
    }

    /** Without asking for activations. */
    WsBenchOptions(int clients, int fps, int seconds, int size, int warmupSeconds, URI url, boolean echo, boolean reconnect, int flood) {
        this(clients, fps, seconds, size, warmupSeconds, url, echo, reconnect, flood, false);
    }

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

    /** {@code url} with {@code activations=1} added to its query when {@link #activations} is set. */
    URI predictUrl(URI url) {
        if (!activations) return url;
        String query = url.getRawQuery() == null ? "activations=1" : url.getRawQuery() + "&activations=1";
        return URI.create(url.getScheme() + "://" + url.getRawAuthority() + (url.getRawPath() == null ? "" : url.getRawPath()) + "?" + query);
    }

    String fpsLabel() {
        return saturating() ? "max" : Integer.toString(fps);
    }
}
