package dev.livedigits.cli.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

/**
 * The echo baseline's server side of one connection: every binary frame is answered at once with the
 * smallest reply shaped like a prediction, numbered per connection as the real server numbers them.
 * What the real server adds on top of this is the cost of predicting.
 */
final class EchoConnection {
    private final ServerWebSocket ws;
    private long seq;

    private EchoConnection(ServerWebSocket ws) {
        this.ws = ws;
    }

    static void attach(ServerWebSocket ws) {
        EchoConnection connection = new EchoConnection(ws);
        ws.binaryMessageHandler(connection::onFrame);
    }

    private void onFrame(Buffer frame) {
        ws.writeTextMessage("{\"type\":\"prediction\",\"seq\":" + ++seq + "}");
    }
}
