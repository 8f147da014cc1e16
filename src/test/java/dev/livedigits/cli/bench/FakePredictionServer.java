package dev.livedigits.cli.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

/**
 * A stand-in for the real server's {@code /ws} while it does not exist: about {@link #WORK_NANOS} of
 * busy work per answered frame on the event loop, replies shaped like the contract's prediction, and
 * latest wins: frames that arrive while one is waiting to be served replace it, so only the newest
 * pending frame of a connection is answered.
 */
final class FakePredictionServer implements AutoCloseable {
    static final long WORK_NANOS = 50_000;

    private final LocalWsServer server = LocalWsServer.start(Connection::attach);

    String url() {
        return server.url().toString();
    }

    @Override
    public void close() {
        server.close();
    }

    private static final class Connection {
        private final ServerWebSocket ws;
        private final Context context = Vertx.currentContext();
        private long received;
        private long pending;
        private Buffer pendingFrame;

        private Connection(ServerWebSocket ws) {
            this.ws = ws;
        }

        static void attach(ServerWebSocket ws) {
            Connection connection = new Connection(ws);
            ws.binaryMessageHandler(connection::onFrame);
        }

        private void onFrame(Buffer frame) {
            long seq = ++received;
            int side = (int) Math.round(Math.sqrt(frame.length()));
            if (side * side != frame.length() || side < 28 || side > 512) {
                ws.writeTextMessage("{\"type\":\"error\",\"code\":\"bad_frame\",\"seq\":" + seq
                        + ",\"message\":\"frame has " + frame.length() + " bytes: not a square of side 28..512\"}");
                return;
            }
            boolean idle = pendingFrame == null;
            pending = seq;
            pendingFrame = frame;
            if (idle) {
                // Runs after the frames already read from the socket: those replace this one (latest wins).
                context.runOnContext(v -> serve());
            }
        }

        private void serve() {
            Buffer frame = pendingFrame;
            pendingFrame = null;
            boolean empty = true;
            for (int i = 0; i < frame.length() && empty; i++) {
                empty = (frame.getByte(i) & 0xff) < 64;
            }
            long until = System.nanoTime() + WORK_NANOS;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            ws.writeTextMessage(empty
                    ? "{\"type\":\"prediction\",\"seq\":" + pending + ",\"empty\":true,\"model\":\"fake\",\"inferenceMicros\":50}"
                    : "{\"type\":\"prediction\",\"seq\":" + pending + ",\"empty\":false,\"digit\":3,\"confidence\":0.9,"
                            + "\"probabilities\":[0.01,0.01,0.01,0.9,0.01,0.01,0.01,0.02,0.01,0.01],"
                            + "\"model\":\"fake\",\"inferenceMicros\":50}");
        }
    }
}
