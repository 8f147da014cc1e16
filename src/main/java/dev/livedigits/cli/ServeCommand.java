package dev.livedigits.cli;

import dev.livedigits.server.LiveDigitsServer;
import dev.livedigits.server.Log;
import dev.livedigits.server.ServerConfig;
import io.vertx.core.Vertx;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code serve}: the server, configured from the environment, stopped gracefully on SIGTERM. */
final class ServeCommand {
    /** Returned by {@link #run}: the server is up and the JVM must stay alive. */
    static final int KEEP_RUNNING = -1;

    private ServeCommand() {}

    static int run(Options options) throws Exception {
        ServerConfig config = ServerConfig.fromEnvironment();
        if (options.has("port")) config = config.withPort(options.integer("port", config.port()));
        options.rejectUnknown();

        Vertx vertx = Vertx.vertx();
        LiveDigitsServer server;
        try {
            server = LiveDigitsServer.start(vertx, config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            vertx.close();
            throw new UsageException("serve: cannot start: " + e.getCause().getMessage());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Log.info("shutting down: closing connections after their last answer");
            try {
                server.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (InterruptedException | ExecutionException | TimeoutException e) {
                Log.warn("connections did not all close within 10 s: " + e);
            }
            try {
                // Called from this non-Vert.x thread, so the future does not need a live event loop.
                vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (InterruptedException | ExecutionException | TimeoutException e) {
                Log.warn("Vert.x did not close within 5 s: " + e);
            }
        }, "live-digits-shutdown"));
        return KEEP_RUNNING;
    }
}
