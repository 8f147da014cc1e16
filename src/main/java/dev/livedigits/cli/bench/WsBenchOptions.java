package dev.livedigits.cli.bench;

import dev.livedigits.cli.Options;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The options of {@code bench ws}, checked. Every bound keeps the run finite and its memory small.
 *
 * @param fps frames per second per client, or {@link #SATURATING} (one frame in flight per client)
 * @param url the server's WebSocket URL, or null to start the server in this JVM
 * @param echo also run the same load against an echo server, the baseline the ratio is taken against
 * @param reconnect a client whose connection closes or fails connects again (with a bounded backoff)
 *     instead of counting the close as an error, e.g. while a node behind a load balancer goes away
 */
record WsBenchOptions(int clients, int fps, int seconds, int size, int warmupSeconds, URI url, boolean echo,
                      boolean reconnect) {
    static final int SATURATING = 0;
    static final int MAX_CLIENTS = 1000;
    static final int MAX_FPS = 1000;
    static final int MAX_SECONDS = 3600;
    static final int MIN_SIZE = 28;
    static final int MAX_SIZE = 512;
    static final int DEFAULT_WARMUP_SECONDS = 2;

    static final String USAGE = "bench ws --clients N --fps F|max --seconds S --size 28|112|280"
            + " [--url ws://host:port/ws] [--warmup-seconds W] [--no-echo] [--reconnect]";

    /** Without reconnecting, as before {@code --reconnect} existed. */
    WsBenchOptions(int clients, int fps, int seconds, int size, int warmupSeconds, URI url, boolean echo) {
        this(clients, fps, seconds, size, warmupSeconds, url, echo, false);
    }

    boolean saturating() {
        return fps == SATURATING;
    }

    String fpsLabel() {
        return saturating() ? "max" : Integer.toString(fps);
    }

    /** Parses {@code args[from..]}; {@code --name value} or {@code --name=value}. */
    static WsBenchOptions parse(String[] args, int from) {
        Integer clients = null;
        Integer fps = null;
        Integer seconds = null;
        Integer size = null;
        int warmup = DEFAULT_WARMUP_SECONDS;
        URI url = null;
        boolean echo = true;
        boolean reconnect = false;
        for (Map.Entry<String, String> option
                : Options.tokenize("bench ws", args, from, Set.of("no-echo", "reconnect")).entrySet()) {
            String name = option.getKey();
            String value = option.getValue();
            switch (name) {
                case "clients" -> clients = integer(name, value, 1, MAX_CLIENTS);
                case "fps" -> fps = value.equalsIgnoreCase("max") ? SATURATING : integer(name, value, 0, MAX_FPS);
                case "seconds" -> seconds = integer(name, value, 1, MAX_SECONDS);
                case "size" -> size = integer(name, value, MIN_SIZE, MAX_SIZE);
                case "warmup-seconds" -> warmup = integer(name, value, 0, MAX_SECONDS);
                case "url" -> url = wsUrl(value);
                case "no-echo" -> echo = !Boolean.parseBoolean(value);
                case "reconnect" -> reconnect = Boolean.parseBoolean(value);
                default -> throw new IllegalArgumentException("bench ws: unknown option --" + name + "; usage: " + USAGE);
            }
        }
        return new WsBenchOptions(required("clients", clients), required("fps", fps), required("seconds", seconds),
                required("size", size), warmup, url, echo, reconnect);
    }

    private static int required(String name, Integer value) {
        if (value == null) {
            throw new IllegalArgumentException("bench ws: --" + name + " is required; usage: " + USAGE);
        }
        return value;
    }

    private static int integer(String name, String value, int min, int max) {
        String range = "fps".equals(name) ? "1.." + max + " or max (= 0)" : min + ".." + max;
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the expected range
        }
        throw new IllegalArgumentException(String.format(Locale.ROOT,
                "bench ws: --%s must be an integer in %s, got '%s'", name, range, value));
    }

    private static URI wsUrl(String value) {
        try {
            URI uri = new URI(value);
            if ("ws".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException("bench ws: --url must look like ws://host:port/ws, got '" + value + "'");
    }
}
