package dev.livedigits.cli;

import dev.livedigits.server.LiveDigitsServer;
import dev.livedigits.server.ServerConfig;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code serve --check}'s visit: /health and one frame on /ws (the build also runs it on the jar, for its class-data archive). */
class StartCheckTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("a started server passes: /health is UP and a drawn 1 is predicted as 1 (a server bound to 0.0.0.0 is reached on loopback)")
    void passesOnARealServer(@TempDir Path dir) throws Exception {
        int port = freePort();
        ServerConfig d = ServerConfig.fromEnvironment();
        ServerConfig config = new ServerConfig("127.0.0.1", port, Path.of("weights"), dir, d.inferenceWorkers(), d.httpInstances(),
                "check-token", d.inferenceTimeoutMillis(), d.trainingThreads(), d.trainingPriority(), d.clients());
        LiveDigitsServer server = LiveDigitsServer.start(vertx, config).toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
        try {
            String summary = StartCheck.run(vertx, "0.0.0.0", server.port()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertTrue(summary.contains("\"status\":\"UP\""), summary);
            assertTrue(summary.contains("\"type\":\"prediction\"") && summary.contains("\"digit\":1,"), summary);
        } finally {
            server.stop().toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName("nothing listening: the check fails with the reason instead of hanging")
    void failsWithoutAServer() throws Exception {
        int port = freePort();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> StartCheck.run(vertx, "127.0.0.1", port).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().toLowerCase().contains("refused"), e.getCause().getMessage());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
