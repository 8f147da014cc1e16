package dev.livedigits.cli.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * One benchmark connection, as a verticle so that its timers and its WebSocket handlers run on the
 * same event loop and its state needs no locks.
 *
 * <p>Paced ({@code fps > 0}): a periodic timer sends the frames that are due by the schedule
 * {@code phase + k/fps}, so the rate is exact even though timers tick in whole milliseconds; clients
 * are phase-shifted over one period so they do not all send in the same millisecond. Saturating
 * ({@code fps == 0}): one frame in flight, the next one sent when the reply arrives.
 *
 * <p>The server numbers a connection's frames 1, 2, 3, … and may skip stale ones (latest wins): a
 * reply for {@code n} means every earlier unanswered frame was dropped. So only the send times of
 * the unanswered frames are needed, kept in a ring indexed by seq.
 *
 * <p>Reconnecting ({@code --reconnect}): when the connection closes or fails before the end of the
 * run, the frames in flight on it count as lost, no frames are sent until a new connection is made
 * (tried after 100 ms, then with the delay doubled up to 1 s, until the end of the run), and the new
 * connection numbers its frames from 1 again. The client counts its reconnections and the longest
 * time it was without a connection.
 */
final class LoadClient extends VerticleBase {
    static final int MAX_IN_FLIGHT = 64;
    /** More slots than frames that can be in flight, so a send time is never overwritten while it can be answered. */
    private static final int RING = 128;
    /** A paced client that fell further behind than this drops the missed slots instead of bursting. */
    private static final int MAX_CATCH_UP = 4;
    private static final long WATCHDOG_MS = 50;
    static final long FIRST_RECONNECT_DELAY_MS = 100;
    static final long MAX_RECONNECT_DELAY_MS = 1_000;

    private final WebSocketClient client;
    private final WebSocketConnectOptions target;
    private final BenchFrames frames;
    private final int fps;
    private final int index;
    private final int clients;
    private final boolean reconnect;
    private final long[] sendTimes = new long[RING];
    private final LoadTally tally = new LoadTally();
    private final Promise<Void> drained = Promise.promise();

    private WebSocket ws;
    private LoadWindow window;
    private long phase;
    private long slots;
    private long lastSent;
    private long lastAnswered;
    private int nextFrame;
    private long timerId = -1;
    private boolean finished;
    /** Saturating: the first frame has been sent (so a new connection must restart the one-in-flight loop). */
    private boolean started;
    /** When the connection was lost ({@link System#nanoTime}), or -1 while connected. */
    private long disconnectedSince = -1;

    LoadClient(WebSocketClient client, WebSocketConnectOptions target, BenchFrames frames, int fps, int index, int clients,
               boolean reconnect) {
        this.client = client;
        this.target = target;
        this.frames = frames;
        this.fps = fps;
        this.index = index;
        this.clients = clients;
        this.reconnect = reconnect;
        this.nextFrame = (int) ((long) index * frames.count() / clients);
    }

    @Override
    public Future<?> start() {
        return client.connect(target).onSuccess(this::attach);
    }

    /** Handlers of a connection act only while it is the current one (a closed one's late events are ignored). */
    private void attach(WebSocket socket) {
        ws = socket;
        socket.textMessageHandler(text -> {
            if (socket == ws) {
                onReply(text);
            }
        });
        socket.closeHandler(v -> {
            if (socket == ws) {
                onClosed();
            }
        });
        if (reconnect) {
            socket.exceptionHandler(e -> { }); // a reset connection: its close handler follows and reconnects
        }
    }

    @Override
    public Future<?> stop() {
        return ws == null || ws.isClosed() ? Future.succeededFuture() : ws.close();
    }

    /** Starts sending at {@code window.start()}; callable from any thread. */
    void begin(LoadWindow window) {
        context.runOnContext(v -> schedule(window));
    }

    /** Completes once the measured window is over and every frame sent has been answered (or the connection closed). */
    Future<Void> drained() {
        return drained.future();
    }

    /** Stops sending, counts what is still unanswered and hands over the tally; callable from any thread. */
    Future<LoadTally> finish() {
        Promise<LoadTally> result = Promise.promise();
        context.runOnContext(v -> {
            finished = true;
            vertx.cancelTimer(timerId);
            if (disconnectedSince >= 0 && window != null) {
                // Still without a connection at the end: that stretch counts up to the end of the run.
                tally.maxDisconnectedNanos = Math.max(tally.maxDisconnectedNanos,
                        Math.min(System.nanoTime(), window.measureUntil()) - disconnectedSince);
            }
            if (window != null) {
                for (long seq = lastAnswered + 1; seq <= lastSent; seq++) {
                    if (window.measures(sentAt(seq))) {
                        tally.unanswered++;
                    }
                }
            }
            result.complete(tally);
        });
        return result.future();
    }

    private void schedule(LoadWindow window) {
        this.window = window;
        long now = System.nanoTime();
        if (fps == WsBenchOptions.SATURATING) {
            long delay = millisUntil(window.start(), now);
            vertx.setTimer(delay, id -> {
                started = true;
                send();
            });
            timerId = vertx.setPeriodic(delay, WATCHDOG_MS, id -> checkDrained(System.nanoTime()));
        } else {
            phase = window.start() + 1_000_000_000L / fps * index / clients;
            timerId = vertx.setPeriodic(millisUntil(phase, now), Math.max(1, 1000 / fps), id -> tick());
        }
    }

    private void tick() {
        long now = System.nanoTime();
        if (now >= window.measureUntil()) {
            checkDrained(now);
            return;
        }
        long due = now < phase ? 0 : (now - phase) * fps / 1_000_000_000L + 1;
        if (due - slots > MAX_CATCH_UP) {
            if (window.measures(now)) {
                tally.lateSends += due - MAX_CATCH_UP - slots;
            }
            slots = due - MAX_CATCH_UP;
        }
        while (slots < due) {
            slots++;
            if (lastSent - lastAnswered >= MAX_IN_FLIGHT) {
                if (window.measures(now)) {
                    tally.skippedSends++;
                }
            } else {
                send();
            }
        }
    }

    private void send() {
        if (finished || ws == null || ws.isClosed()) {
            return; // with --reconnect: not sent while there is no connection
        }
        long now = System.nanoTime();
        if (now >= window.measureUntil()) {
            checkDrained(now);
            return;
        }
        long seq = ++lastSent;
        sendTimes[(int) (seq & (RING - 1))] = now;
        if (window.measures(now)) {
            tally.sent++;
        }
        ws.writeBinaryMessage(frames.get(nextFrame));
        nextFrame = nextFrame + 1 == frames.count() ? 0 : nextFrame + 1;
    }

    private void onReply(String text) {
        long now = System.nanoTime();
        if (finished || window == null) {
            return;
        }
        Reply.Kind kind = Reply.kind(text);
        if (kind == Reply.Kind.OTHER) {
            return; // e.g. a model-change push: not an answer to a frame
        }
        long seq = Reply.seq(text);
        if (seq <= lastAnswered || seq > lastSent) {
            if (now >= window.measureFrom()) {
                tally.badReplies++;
            }
            return;
        }
        for (long skipped = lastAnswered + 1; skipped < seq; skipped++) {
            if (window.measures(sentAt(skipped))) {
                tally.stale++;
            }
        }
        long sentAt = sentAt(seq);
        if (window.measures(sentAt)) {
            if (kind == Reply.Kind.PREDICTION) {
                tally.predictions++;
                tally.recordRtt(now - sentAt);
            } else {
                tally.errorReplies++;
            }
        }
        lastAnswered = seq;
        if (fps == WsBenchOptions.SATURATING) {
            send();
        } else {
            checkDrained(now);
        }
    }

    private void onClosed() {
        if (reconnect) {
            onDropped();
            return;
        }
        if (!finished) {
            if (window == null || System.nanoTime() < window.measureUntil() || lastSent != lastAnswered) {
                tally.closedEarly++;
            }
            drained.tryComplete();
        }
    }

    /** {@code --reconnect}: the connection closed: its frames in flight are lost; connect again unless the run is over. */
    private void onDropped() {
        long now = System.nanoTime();
        ws = null;
        if (finished) {
            return;
        }
        for (long seq = lastAnswered + 1; seq <= lastSent; seq++) {
            if (window != null && window.measures(sentAt(seq))) {
                tally.lost++;
            }
        }
        // The next connection's frames are numbered from 1 again.
        lastSent = 0;
        lastAnswered = 0;
        disconnectedSince = now;
        if (window != null && now >= window.measureUntil()) {
            drained.tryComplete();
        } else {
            vertx.setTimer(FIRST_RECONNECT_DELAY_MS, id -> reconnect(FIRST_RECONNECT_DELAY_MS));
        }
    }

    private void reconnect(long delayMs) {
        if (finished || window != null && System.nanoTime() >= window.measureUntil()) {
            drained.tryComplete();
            return;
        }
        client.connect(target).onComplete(result -> {
            if (result.failed()) {
                long next = Math.min(MAX_RECONNECT_DELAY_MS, 2 * delayMs);
                vertx.setTimer(next, id -> reconnect(next));
                return;
            }
            WebSocket socket = result.result();
            if (finished) {
                socket.close();
                return;
            }
            long now = System.nanoTime();
            tally.reconnects++;
            tally.maxDisconnectedNanos = Math.max(tally.maxDisconnectedNanos, now - disconnectedSince);
            disconnectedSince = -1;
            attach(socket);
            if (fps == WsBenchOptions.SATURATING && started) {
                send(); // the one-in-flight loop stopped with the old connection
            }
        });
    }

    private void checkDrained(long now) {
        if (now >= window.measureUntil() && lastSent == lastAnswered) {
            drained.tryComplete();
        }
    }

    private long sentAt(long seq) {
        return sendTimes[(int) (seq & (RING - 1))];
    }

    private static long millisUntil(long nanos, long now) {
        return Math.max(1, (nanos - now + 999_999) / 1_000_000);
    }
}
