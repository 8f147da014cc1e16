package dev.livedigits.cli.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * One flooding connection ({@code bench ws --flood}): sends large frames back-to-back as fast as its socket
 * takes them, never waiting for an answer, and reads the replies only to count them. "As fast as the socket
 * takes them" is Vert.x's write queue: frames are written until it is full, and writing resumes when it drains,
 * so the rate is what the server reads (TCP's flow control), not what this process can produce.
 *
 * <p>A verticle, so its handlers and its state share one event loop and need no locks.
 */
final class FloodClient extends VerticleBase {
    /** Frames written per turn of the event loop at most, so the loop's other connections still get their turn. */
    private static final int MAX_BURST = 8;

    /** What one flooder did inside the measured window. */
    record Tally(long sent, long replies, long closedEarly) {
        Tally plus(Tally other) {
            return new Tally(sent + other.sent, replies + other.replies, closedEarly + other.closedEarly);
        }
    }

    private final WebSocketClient client;
    private final WebSocketConnectOptions target;
    private final BenchFrames frames;
    private int nextFrame;
    private WebSocket ws;
    private LoadWindow window;
    private boolean stopped;
    private boolean waitingForDrain;
    private long sent;
    private long replies;
    private long closedEarly;

    FloodClient(WebSocketClient client, WebSocketConnectOptions target, BenchFrames frames, int index) {
        this.client = client;
        this.target = target;
        this.frames = frames;
        this.nextFrame = index % frames.count();
    }

    @Override
    public Future<?> start() {
        return client.connect(target).onSuccess(socket -> {
            ws = socket;
            socket.textMessageHandler(text -> {
                if (window != null && window.measures(System.nanoTime())) replies++;
            });
            socket.drainHandler(v -> {
                if (waitingForDrain) {
                    waitingForDrain = false;
                    pump();
                }
            });
            socket.closeHandler(v -> {
                if (!stopped) closedEarly++;
            });
        });
    }

    @Override
    public Future<?> stop() {
        return ws == null || ws.isClosed() ? Future.succeededFuture() : ws.close();
    }

    /** Starts flooding at {@code window.start()}; callable from any thread. */
    void begin(LoadWindow window) {
        context.runOnContext(v -> {
            this.window = window;
            long delayMs = Math.max(1, (window.start() - System.nanoTime() + 999_999) / 1_000_000);
            vertx.setTimer(delayMs, id -> pump());
        });
    }

    /** Stops flooding and hands over what was counted; callable from any thread. */
    Future<Tally> finish() {
        Promise<Tally> result = Promise.promise();
        context.runOnContext(v -> {
            stopped = true;
            result.complete(new Tally(sent, replies, closedEarly));
        });
        return result.future();
    }

    private void pump() {
        if (stopped || ws == null || ws.isClosed()) return;
        for (int burst = 0; burst < MAX_BURST && !ws.writeQueueFull(); burst++) {
            long now = System.nanoTime();
            if (now >= window.measureUntil()) {
                stopped = true;
                return;
            }
            ws.writeBinaryMessage(frames.get(nextFrame));
            nextFrame = nextFrame + 1 == frames.count() ? 0 : nextFrame + 1;
            if (window.measures(now)) sent++;
        }
        if (ws.writeQueueFull()) {
            waitingForDrain = true; // the drain handler resumes
        } else {
            context.runOnContext(v -> pump());
        }
    }
}
