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
 */
final class LoadClient extends VerticleBase {
    static final int MAX_IN_FLIGHT = 64;
    /** More slots than frames that can be in flight, so a send time is never overwritten while it can be answered. */
    private static final int RING = 128;
    /** A paced client that fell further behind than this drops the missed slots instead of bursting. */
    private static final int MAX_CATCH_UP = 4;
    private static final long WATCHDOG_MS = 50;

    private final WebSocketClient client;
    private final WebSocketConnectOptions target;
    private final BenchFrames frames;
    private final int fps;
    private final int index;
    private final int clients;
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

    LoadClient(WebSocketClient client, WebSocketConnectOptions target, BenchFrames frames, int fps, int index, int clients) {
        this.client = client;
        this.target = target;
        this.frames = frames;
        this.fps = fps;
        this.index = index;
        this.clients = clients;
        this.nextFrame = (int) ((long) index * frames.count() / clients);
    }

    @Override
    public Future<?> start() {
        return client.connect(target).onSuccess(socket -> {
            ws = socket;
            ws.textMessageHandler(this::onReply);
            ws.closeHandler(v -> onClosed());
        });
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
            vertx.setTimer(delay, id -> send());
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
        if (finished || ws.isClosed()) {
            return;
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
                tally.rtt.recordNanos(now - sentAt);
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
        if (!finished) {
            if (window == null || System.nanoTime() < window.measureUntil() || lastSent != lastAnswered) {
                tally.closedEarly++;
            }
            drained.tryComplete();
        }
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
