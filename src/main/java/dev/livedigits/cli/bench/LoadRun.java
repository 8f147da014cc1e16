package dev.livedigits.cli.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * One load phase against one server: its own Vert.x instance (so the clients' event loops are not the
 * server's), N connected {@link LoadClient}s, the warm-up and measured window, a bounded drain, then
 * everything closed. With flooders, they run through the warm-up and the measured window on a Vert.x
 * instance of their own, so that their busy event loops do not delay the measured clients' own.
 */
final class LoadRun {
    /** The largest frame the contract allows (512 × 512), sent as one WebSocket frame. */
    static final int MAX_FRAME_BYTES = 512 * 512;
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    /** Lets every client schedule its first send before the start. */
    private static final long START_DELAY_NANOS = 200_000_000L;
    private static final long DRAIN_MS = 5_000;
    private static final long CLOSE_MS = 10_000;

    private final Vertx vertx;
    /** Kept in a field: a WebSocketClient that is garbage collected closes its connections. */
    private final WebSocketClient client;

    private LoadRun(int clients) {
        int loops = Math.max(1, Math.min(clients, Runtime.getRuntime().availableProcessors()));
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
        client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(MAX_FRAME_BYTES)
                .setMaxMessageSize(MAX_FRAME_BYTES)
                .setMaxConnections(Math.max(clients, WebSocketClientOptions.DEFAULT_MAX_CONNECTIONS))
                .setConnectTimeout(CONNECT_TIMEOUT_MS));
    }

    /** What the measured window saw: the regular clients', and the flooders' (zero without). */
    record Phase(LoadTally clients, FloodClient.Tally flooders) {}

    /** Runs the load of {@code options} (without flooders) against {@code url} and returns what the measured window saw. */
    static LoadTally run(URI url, WsBenchOptions options, BenchFrames frames) {
        return run(url, options, frames, 0, null).clients();
    }

    /** As {@link #run(URI, WsBenchOptions, BenchFrames)}, with {@code flooders} more clients sending {@code floodFrames} back-to-back. */
    static Phase run(URI url, WsBenchOptions options, BenchFrames frames, int flooders, BenchFrames floodFrames) {
        LoadRun run = new LoadRun(options.clients());
        LoadRun flood = flooders > 0 ? new LoadRun(flooders) : null;
        try {
            return run.measure(url, options, frames, flood, flooders, floodFrames);
        } finally {
            run.close();
            if (flood != null) flood.close();
        }
    }

    private Phase measure(URI url, WsBenchOptions options, BenchFrames frames, LoadRun flood, int flooders, BenchFrames floodFrames) {
        WebSocketConnectOptions target = connectOptions(url);
        List<LoadClient> clients = new ArrayList<>();
        List<Future<String>> connected = new ArrayList<>();
        for (int i = 0; i < options.clients(); i++) {
            LoadClient c = new LoadClient(client, target, frames, options.fps(), i, options.clients(), options.reconnect());
            clients.add(c);
            connected.add(vertx.deployVerticle(c));
        }
        Blocking.await(Future.all(connected), 2L * CONNECT_TIMEOUT_MS,
                "connecting " + options.clients() + " clients to " + url);
        List<FloodClient> floods = flood == null ? List.of() : flood.connectFlooders(target, flooders, floodFrames, url);

        LoadWindow window = LoadWindow.startingAt(System.nanoTime() + START_DELAY_NANOS,
                options.warmupSeconds(), options.seconds());
        floods.forEach(f -> f.begin(window));
        clients.forEach(c -> c.begin(window));
        Blocking.sleepUntil(window.measureUntil());
        FloodClient.Tally flooded = new FloodClient.Tally(0, 0, 0);
        for (FloodClient.Tally t : Blocking.await(Future.all(floods.stream().map(FloodClient::finish).toList()),
                CLOSE_MS, "stopping the flooders").<FloodClient.Tally>list()) {
            flooded = flooded.plus(t);
        }
        // Not draining in time is a result (counted as unanswered), not a failure.
        Blocking.awaitUpTo(Future.join(clients.stream().map(LoadClient::drained).toList()), DRAIN_MS);

        List<LoadTally> tallies = Blocking.await(Future.all(clients.stream().map(LoadClient::finish).toList()),
                CLOSE_MS, "collecting the clients' figures").list();
        LoadTally total = new LoadTally();
        tallies.forEach(total::add);
        return new Phase(total, flooded);
    }

    private List<FloodClient> connectFlooders(WebSocketConnectOptions target, int count, BenchFrames floodFrames, URI url) {
        List<FloodClient> floods = new ArrayList<>();
        List<Future<String>> connected = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            FloodClient f = new FloodClient(client, target, floodFrames, i);
            floods.add(f);
            connected.add(vertx.deployVerticle(f));
        }
        Blocking.await(Future.all(connected), 2L * CONNECT_TIMEOUT_MS, "connecting " + count + " flooders to " + url);
        return floods;
    }

    static WebSocketConnectOptions connectOptions(URI url) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String query = url.getRawQuery() == null ? "" : "?" + url.getRawQuery();
        return new WebSocketConnectOptions()
                .setHost(url.getHost())
                .setPort(url.getPort() < 0 ? 80 : url.getPort())
                .setURI(path + query);
    }

    /** Undeploys the clients (closing their connections) and the Vert.x instance, within a bound. */
    private void close() {
        Blocking.awaitUpTo(client.close(), CLOSE_MS);
        Blocking.awaitUpTo(vertx.close(), CLOSE_MS);
    }
}
