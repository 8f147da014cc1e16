package dev.livedigits.cli.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * A bare WebSocket server at {@code ws://127.0.0.1:<free port>/ws} in its own Vert.x instance: the echo
 * baseline's server, and the tests' stand-in for the real one. One listener per core sharing one port,
 * so connections are spread over the event loops as a multi-instance server would spread them.
 */
final class LocalWsServer implements AutoCloseable {
    static final String HOST = "127.0.0.1";
    static final String PATH = "/ws";
    /**
     * Port 0 gives every verticle instance its own random port; Vert.x 5 shares one random port among
     * the instances that listen on the same negative number.
     */
    private static final int SHARED_RANDOM_PORT = -1;
    private static final long START_MS = 10_000;
    private static final long CLOSE_MS = 10_000;

    private final Vertx vertx;
    private final int port;

    private LocalWsServer(Vertx vertx, int port) {
        this.vertx = vertx;
        this.port = port;
    }

    /** Starts listening; {@code connections} is called once per accepted WebSocket, on that connection's event loop. */
    static LocalWsServer start(Handler<ServerWebSocket> connections) {
        return start(() -> true, connections);
    }

    /**
     * As {@link #start(Handler)}, but while {@code admitting} says false (asked on each handshake, on an
     * event loop) handshakes are refused with 503, as a load balancer without a live node refuses them.
     */
    static LocalWsServer start(BooleanSupplier admitting, Handler<ServerWebSocket> connections) {
        Vertx vertx = Vertx.vertx();
        try {
            List<Listener> listeners = new CopyOnWriteArrayList<>();
            Blocking.await(vertx.deployVerticle(() -> {
                Listener listener = new Listener(admitting, connections);
                listeners.add(listener);
                return listener;
            }, new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors())),
                    START_MS, "starting a local WebSocket server");
            int port = listeners.get(0).server.actualPort();
            if (port <= 0 || listeners.stream().anyMatch(l -> l.server.actualPort() != port)) {
                throw new IllegalStateException("bench ws: the local WebSocket server's listeners did not share one port");
            }
            return new LocalWsServer(vertx, port);
        } catch (RuntimeException e) {
            Blocking.awaitUpTo(vertx.close(), CLOSE_MS);
            throw e;
        }
    }

    URI url() {
        return URI.create("ws://" + HOST + ":" + port + PATH);
    }

    @Override
    public void close() {
        Blocking.awaitUpTo(vertx.close(), CLOSE_MS);
    }

    private static final class Listener extends VerticleBase {
        private final BooleanSupplier admitting;
        private final Handler<ServerWebSocket> connections;
        private HttpServer server;

        Listener(BooleanSupplier admitting, Handler<ServerWebSocket> connections) {
            this.admitting = admitting;
            this.connections = connections;
        }

        @Override
        public Future<?> start() {
            server = vertx.createHttpServer(new HttpServerOptions()
                            .setMaxWebSocketFrameSize(LoadRun.MAX_FRAME_BYTES)
                            .setMaxWebSocketMessageSize(LoadRun.MAX_FRAME_BYTES))
                    .webSocketHandshakeHandler(hs -> {
                        if (!PATH.equals(hs.path())) {
                            hs.reject(404);
                        } else if (admitting.getAsBoolean()) {
                            hs.accept();
                        } else {
                            hs.reject(503);
                        }
                    })
                    .webSocketHandler(connections);
            return server.listen(SHARED_RANDOM_PORT, HOST);
        }
    }
}
