package dev.livedigits.cli.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the real server's {@code /ws} while it does not exist: about {@link #WORK_NANOS} of
 * busy work per answered frame on the event loop, replies shaped like the contract's prediction, and
 * latest wins: frames that arrive while one is waiting to be served replace it, so only the newest
 * pending frame of a connection is answered.
 *
 * <p>For the reconnecting client it can also drop connections: each after a number of frames (the
 * last one unanswered), or all at once followed by an outage during which handshakes are refused.
 */
final class FakePredictionServer implements AutoCloseable {
    static final long WORK_NANOS = 50_000;

    private final int closeAfterFrames;
    private final Set<ServerWebSocket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger frames = new AtomicInteger();
    private volatile boolean refusing;
    private volatile long refusingUntil;
    private final LocalWsServer server;

    FakePredictionServer() {
        this(0);
    }

    /** @param closeAfterFrames if positive, each connection is closed when that many frames have arrived on it (the last one unanswered) */
    FakePredictionServer(int closeAfterFrames) {
        this.closeAfterFrames = closeAfterFrames;
        server = LocalWsServer.start(this::admitting, ws -> Connection.attach(this, ws));
    }

    /** Closes every open connection and refuses handshakes (503) for the next {@code millis}. */
    void outage(long millis) {
        refusingUntil = System.nanoTime() + millis * 1_000_000L;
        refusing = true;
        open.forEach(ServerWebSocket::close);
    }

    /** WebSocket connections accepted so far. */
    int accepted() {
        return accepted.get();
    }

    /** Frames received so far, over all connections. */
    int frames() {
        return frames.get();
    }

    private boolean admitting() {
        if (refusing && System.nanoTime() - refusingUntil < 0) {
            return false;
        }
        refusing = false;
        return true;
    }

    String url() {
        return server.url().toString();
    }

    @Override
    public void close() {
        server.close();
    }

    private static final class Connection {
        private final FakePredictionServer server;
        private final ServerWebSocket ws;
        private final Context context = Vertx.currentContext();
        private long received;
        private long pending;
        private Buffer pendingFrame;

        private Connection(FakePredictionServer server, ServerWebSocket ws) {
            this.server = server;
            this.ws = ws;
        }

        static void attach(FakePredictionServer server, ServerWebSocket ws) {
            Connection connection = new Connection(server, ws);
            server.accepted.incrementAndGet();
            server.open.add(ws);
            ws.closeHandler(v -> server.open.remove(ws));
            ws.binaryMessageHandler(connection::onFrame);
        }

        private void onFrame(Buffer frame) {
            long seq = ++received;
            server.frames.incrementAndGet();
            if (server.closeAfterFrames > 0 && seq >= server.closeAfterFrames) {
                if (seq == server.closeAfterFrames) {
                    ws.close();
                }
                return;
            }
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
            if (ws.isClosed()) {
                return;
            }
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
