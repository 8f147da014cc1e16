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
 * everything closed.
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

    /** Runs the load of {@code options} against {@code url} and returns what the measured window saw. */
    static LoadTally run(URI url, WsBenchOptions options, BenchFrames frames) {
        LoadRun run = new LoadRun(options.clients());
        try {
            return run.measure(url, options, frames);
        } finally {
            run.close();
        }
    }

    private LoadTally measure(URI url, WsBenchOptions options, BenchFrames frames) {
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

        LoadWindow window = LoadWindow.startingAt(System.nanoTime() + START_DELAY_NANOS,
                options.warmupSeconds(), options.seconds());
        clients.forEach(c -> c.begin(window));
        Blocking.sleepUntil(window.measureUntil());
        // Not draining in time is a result (counted as unanswered), not a failure.
        Blocking.awaitUpTo(Future.join(clients.stream().map(LoadClient::drained).toList()), DRAIN_MS);

        List<LoadTally> tallies = Blocking.await(Future.all(clients.stream().map(LoadClient::finish).toList()),
                CLOSE_MS, "collecting the clients' figures").list();
        LoadTally total = new LoadTally();
        tallies.forEach(total::add);
        return total;
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
