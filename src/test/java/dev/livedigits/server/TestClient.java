package dev.livedigits.server;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real Vert.x WebSocket client for tests, with a blocking inbox the test thread reads from. */
final class TestClient implements AutoCloseable {
    final BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
    /** The raw text of the message {@link #next} returned last (exact float digits). */
    String lastRaw;
    final WebSocketClient client;
    final WebSocket ws;
    volatile Short closeStatus;
    volatile String closeReason;

    TestClient(Vertx vertx, int port, String uri) throws Exception {
        client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxMessageSize(8 * 1024 * 1024).setMaxFrameSize(8 * 1024 * 1024));
        ws = client.connect(port, "127.0.0.1", uri).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        ws.textMessageHandler(inbox::add);
        ws.closeHandler(v -> {
            closeReason = ws.closeReason();
            closeStatus = ws.closeStatusCode();
        });
    }

    TestClient(Vertx vertx, int port) throws Exception {
        this(vertx, port, "/ws");
    }

    void sendBinary(byte[] frame) {
        ws.writeBinaryMessage(Buffer.buffer(frame));
    }

    void sendText(String text) {
        ws.writeTextMessage(text);
    }

    JsonObject next() throws InterruptedException {
        String m = inbox.poll(20, TimeUnit.SECONDS);
        if (m == null) throw new AssertionError("no message within 20 s");
        lastRaw = m;
        return new JsonObject(m);
    }

    /** The next message of a type, skipping others (e.g. model pushes). */
    JsonObject next(String type) throws InterruptedException {
        while (true) {
            JsonObject m = next();
            if (type.equals(m.getString("type"))) return m;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            ws.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // already closed by the server
        }
        client.close();
    }
}
