package dev.livedigits.server;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The caps on open WebSockets (per address and in total) and the idle timeout. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientLimitsTest {
    @TempDir
    Path dir;

    /** Every 127.x.y.z address is this machine's loopback: a client bound to 127.0.0.2 is "another address". */
    private static WebSocket connect(WebSocketClient client, int port) throws Exception {
        return client.connect(port, "127.0.0.1", "/ws").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static UpgradeRejectedException refused(WebSocketClient client, int port) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> connect(client, port));
        return assertInstanceOf(UpgradeRejectedException.class, e.getCause());
    }

    @Test
    @DisplayName("over the per-address or the total cap the upgrade is answered 429 with a message; closing one makes room")
    void caps(Vertx vertx) throws Exception {
        try (ServerFixture f = new ServerFixture(vertx, dir, Map.of("MAX_CONNECTIONS", "3", "MAX_CONNECTIONS_PER_ADDRESS", "2"))) {
            WebSocketClient one = vertx.createWebSocketClient(new WebSocketClientOptions().setLocalAddress("127.0.0.1"));
            WebSocketClient two = vertx.createWebSocketClient(new WebSocketClientOptions().setLocalAddress("127.0.0.2"));
            WebSocketClient three = vertx.createWebSocketClient(new WebSocketClientOptions().setLocalAddress("127.0.0.3"));
            List<WebSocket> open = new ArrayList<>();
            open.add(connect(one, f.port()));
            open.add(connect(one, f.port()));
            UpgradeRejectedException perAddress = refused(one, f.port());
            assertEquals(429, perAddress.getStatus());
            JsonObject body = new JsonObject(perAddress.getBody());
            assertEquals("too_many_connections", body.getString("code"));
            assertTrue(body.getString("message").contains("127.0.0.1 has its maximum of 2"), body.encode());

            open.add(connect(two, f.port()));
            UpgradeRejectedException total = refused(three, f.port());
            assertEquals(429, total.getStatus());
            assertTrue(new JsonObject(total.getBody()).getString("message").contains("maximum of 3 open connections"), total.getBody().toString());
            assertEquals(2, f.server.metrics().errors("too_many_connections"));

            // A closed connection gives its place back, to its address and to the total.
            open.remove(0).close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            WebSocket again = null;
            for (int attempt = 0; attempt < 50 && again == null; attempt++) {
                try {
                    again = connect(one, f.port());
                } catch (ExecutionException e) {
                    Thread.sleep(100); // the server sees the close a moment after the client does
                }
            }
            assertTrue(again != null, "a connection from 127.0.0.1 is admitted again");
            open.add(again);
            for (WebSocket ws : open) ws.close();
            one.close();
            two.close();
            three.close();
        }
    }

    @Test
    @DisplayName("a WebSocket with no frames and no pings for WS_IDLE_SECONDS is closed with a reason; one that pings stays open")
    void idle(Vertx vertx) throws Exception {
        try (ServerFixture f = new ServerFixture(vertx, dir, Map.of("WS_IDLE_SECONDS", "5"));
             TestClient silent = new TestClient(vertx, f.port());
             TestClient pinging = new TestClient(vertx, f.port())) {
            long began = System.nanoTime();
            // Bounded: the idle check runs every 1.25 s, so the silent one goes between 5 and 6.25 s.
            while (silent.closeStatus == null && System.nanoTime() - began < TimeUnit.SECONDS.toNanos(20)) {
                pinging.ws.writePing(Buffer.buffer("still here"));
                Thread.sleep(500);
            }
            double seconds = (System.nanoTime() - began) / 1e9;
            assertEquals((short) 1000, silent.closeStatus, "closed after " + seconds + " s");
            assertTrue(silent.closeReason.startsWith("idle: no frames or pings for 5 s"), silent.closeReason);
            assertTrue(seconds >= 4.9, "not before its idle time: " + seconds + " s");
            assertNull(pinging.closeStatus);
            pinging.sendBinary(ServerFixture.digit(3, 28));
            assertEquals(1, pinging.next("prediction").getLong("seq"));
        }
    }
}
