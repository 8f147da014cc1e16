package dev.livedigits.cli;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * {@code serve --check}: what a user's first visit does, done once against the server that just started —
 * {@code GET /health}, then one drawn frame over {@code /ws} answered with a prediction. A smoke test for a
 * configuration, and the run the build records its class-data archive from (so the classes of the first
 * request and the first frame are in it too, see the README's start-up notes).
 */
final class StartCheck {
    private StartCheck() {}

    /** Succeeds with a one-line summary; fails with what went wrong. */
    static Future<String> run(Vertx vertx, String host, int port) {
        // A server bound to every interface is reachable on loopback.
        String target = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        HttpClient http = vertx.createHttpClient();
        return http.request(HttpMethod.GET, port, target, "/health")
                .compose(request -> request.send())
                .compose(response -> response.body().map(body -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("GET /health answered " + response.statusCode() + ": " + body);
                    }
                    return body.toString();
                }))
                .eventually(http::close)
                .compose(health -> oneFrame(vertx, target, port).map(reply -> "health " + health + "; a frame on /ws: " + reply));
    }

    /** Sends a 28x28 frame with a vertical bar (a "1") and yields the server's reply. */
    private static Future<String> oneFrame(Vertx vertx, String host, int port) {
        WebSocketClient client = vertx.createWebSocketClient();
        byte[] pixels = new byte[28 * 28];
        for (int y = 4; y < 24; y++) for (int x = 13; x < 16; x++) pixels[y * 28 + x] = (byte) 255;
        return client.connect(new WebSocketConnectOptions().setHost(host).setPort(port).setURI("/ws"))
                .compose(ws -> {
                    Promise<String> reply = Promise.promise();
                    ws.textMessageHandler(reply::tryComplete);
                    ws.closeHandler(v -> reply.tryFail("/ws closed before answering"));
                    ws.writeBinaryMessage(Buffer.buffer(pixels));
                    return reply.future().eventually(ws::close);
                })
                .map(text -> {
                    if (!text.contains("\"type\":\"prediction\"")) throw new IllegalStateException("/ws answered " + text);
                    return text;
                })
                .eventually(client::close);
    }
}
