package dev.livedigits.server.live;

import dev.livedigits.server.Addresses;
import dev.livedigits.server.LabelSink;
import dev.livedigits.server.RateLimiter;
import dev.livedigits.server.ServerConfig;
import dev.livedigits.server.ServerMetrics;

import dev.livedigits.data.Normalizer;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.buffer.BufferInternal;
import io.netty.buffer.ByteBuf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code /ws} connection, confined to its event loop (no locks).
 *
 * <p><b>Latest wins:</b> at most one frame of this connection is being computed and at most one
 * waits; a newer frame replaces the waiting one (counted as stale). A client that floods frames
 * therefore occupies at most one inference worker at a time and queues nothing, so it cannot slow
 * other clients down. <b>Slow readers:</b> when the socket's write queue is full no new inference
 * is started; the newest frame waits until the queue drains.
 *
 * <p><b>Frame budget:</b> every data frame (a message sent in fragments pays per fragment) takes a token per
 * started {@value ServerConfig.ClientLimits#BUDGET_UNIT_BYTES} bytes of a bucket ({@code WS_MAX_FPS} a second,
 * {@code WS_BURST} at once). When none is left the socket is paused: Vert.x stops delivering its
 * messages, and once its small inbound queue is full it stops reading the TCP socket, so the client's
 * own sends block (TCP backpressure). A timer resumes reading when a tenth of a second's tokens are
 * back. Reading, not
 * discarding: a flooder costs its budget's worth of reading and parsing and no more, and the last frame
 * it sent is still read and answered (latest wins keeps only the newest of what was read).
 *
 * <p><b>Idle:</b> any frame from the client, pings included, counts as activity; the HTTP verticle
 * closes a session idle for {@code WS_IDLE_SECONDS}.
 */
public final class LiveSession {
    private static final Logger LOG = LoggerFactory.getLogger(LiveSession.class);

    private final ServerWebSocket ws;
    private final Vertx vertx;
    private final EventBus bus;
    private final DeliveryOptions delivery;
    private final ReplyExtras extras;
    private final ServerMetrics metrics;
    private final LabelSink labels;
    private final Runnable onClosed;

    private long seq;
    private boolean inFlight;
    private Frame waiting;
    private boolean closed;
    private Promise<Void> closing;
    /** The newest frame received, which a following {@code label} refers to. */
    private Frame lastFrame;
    private Normalizer labelNormalizer;
    private final RateLimiter labelLimit = RateLimiter.forLabels();
    private final RateLimiter frameBudget;
    private final int resumeTokens;
    private boolean paused;
    private long lastActivityNanos = System.nanoTime();

    public LiveSession(ServerWebSocket ws, Vertx vertx, long timeoutMillis, ReplyExtras extras, ServerMetrics metrics,
                LabelSink labels, ServerConfig.ClientLimits limits, Runnable onClosed) {
        this.ws = ws;
        this.vertx = vertx;
        this.bus = vertx.eventBus();
        this.frameBudget = RateLimiter.perSecond(limits.maxFps(), limits.burst());
        // About 10 pauses a second at most (see spendBudget), and never more tokens than the burst.
        this.resumeTokens = Math.max(1, Math.min(limits.burst(), limits.maxFps() / 10));
        this.delivery = new DeliveryOptions().setSendTimeout(timeoutMillis).setLocalOnly(true);
        this.extras = extras;
        this.metrics = metrics;
        this.labels = labels;
        this.onClosed = onClosed;
    }

    public void start() {
        metrics.connectionOpened();
        MessageAssembler messages = new MessageAssembler(ServerConfig.MAX_MESSAGE_BYTES, new MessageAssembler.Messages() {
            @Override
            public void binary(Buffer message) {
                onBinary(message);
            }

            @Override
            public void text(String message) {
                onText(message);
            }

            @Override
            public void tooLarge(long bytes) {
                ws.close((short) 1009, "message too big: over " + bytes + " bytes, at most " + ServerConfig.MAX_MESSAGE_BYTES);
            }
        });
        // Frames, not Vert.x's message handlers: see MessageAssembler (one copy of every message fewer).
        ws.frameHandler(f -> {
            // Every frame, control frames included (a ping is how an idle but live client says so).
            lastActivityNanos = System.nanoTime();
            int bytes = messages.frame(f);
            if (bytes >= 0) spendBudget(ServerConfig.ClientLimits.budgetCost(bytes));
        });
        ws.exceptionHandler(e -> { /* closes follow; the close handler accounts for them */ });
        ws.closeHandler(v -> {
            closed = true;
            metrics.connectionClosed();
            onClosed.run();
            if (closing != null) closing.tryComplete();
        });
    }

    /** After a data frame was handled: take its cost, and stop reading when no token is left. */
    private void spendBudget(int cost) {
        // A message delivered just before a pause took effect finds no token; it was read, so it is served all the same.
        long untilNext = frameBudget.spend(cost);
        if (paused || closed || untilNext == 0) return;
        paused = true;
        ws.pause();
        // Resume when a tenth of a second's tokens are back, not each one: every pause-resume cycle
        // costs a round of socket reads, and one cycle per frame cost more than the frames. Measured
        // with one client flooding 280x280 frames at the default budget, server CPU: 0.19 core with a
        // cycle per frame, 0.09 with 20 cycles a second, 0.05 with 10 (0.95 core unbudgeted).
        long waitNanos = frameBudget.nanosUntilAvailable(resumeTokens);
        vertx.setTimer(Math.max(1, (waitNanos + 999_999) / 1_000_000), id -> {
            paused = false;
            if (!closed) ws.resume();
        });
    }

    /** Closes the connection (1000, with the reason) if it sent nothing, not even a ping, for {@code idleNanos}. */
    public void closeIfIdle(long nowNanos, long idleNanos) {
        if (closed || closing != null || nowNanos - lastActivityNanos < idleNanos) return;
        ws.close((short) 1000, "idle: no frames or pings for " + idleNanos / 1_000_000_000L + " s");
    }

    private void onBinary(Buffer message) {
        long n = ++seq;
        metrics.frameReceived();
        int side = Normalizer.sideOf(message.length());
        if (side < 0) {
            error(new ProtocolError(ProtocolError.BAD_FRAME_SIZE, "frame has " + message.length()
                    + " bytes: not a square of side 28..512"), n);
            return;
        }
        // The message's own bytes where Vert.x put them (a heap buffer of this message alone): no copy.
        ByteBuf bytes = ((BufferInternal) message).getByteBuf();
        if (bytes.hasArray()) submit(extras.frame(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), side, n));
        else submit(extras.frame(message.getBytes(), side, n));
    }

    private void onText(String text) {
        ClientMessage parsed;
        try {
            parsed = FrameParser.parse(text);
        } catch (ProtocolError e) {
            // A message that tried to be a frame still counts as one, so the client's seq stays in step.
            boolean frameLike = !e.code().equals(ProtocolError.UNKNOWN_TYPE) && !e.code().equals(ProtocolError.BAD_LABEL);
            long n = frameLike ? ++seq : 0;
            if (frameLike) metrics.frameReceived();
            error(e, n);
            return;
        }
        if (parsed instanceof ClientMessage.FrameMessage f) {
            long n = ++seq;
            metrics.frameReceived();
            submit(extras.frame(f.pixels(), f.side(), n));
        } else if (parsed instanceof ClientMessage.LabelMessage l) {
            label(l.digit());
        }
    }

    private void label(int digit) {
        if (!labelLimit.tryAcquire()) {
            error(new ProtocolError(ProtocolError.RATE_LIMITED, RateLimiter.LABELS_EXCEEDED), 0);
            return;
        }
        if (lastFrame == null) {
            error(new ProtocolError(ProtocolError.NO_FRAME, "label needs a frame first: draw, then label"), 0);
            return;
        }
        if (labelNormalizer == null) labelNormalizer = new Normalizer();
        byte[] input = new byte[Normalizer.OUT_SIZE];
        if (!labelNormalizer.toMnist(lastFrame.pixels(), lastFrame.offset(), lastFrame.side(), input, 0)) {
            error(new ProtocolError(ProtocolError.NO_FRAME, "the last frame was empty: nothing to label"), 0);
            return;
        }
        labels.store(input, digit).onComplete(ar -> {
            if (closed) return;
            if (ar.succeeded()) {
                write("{\"type\":\"labelled\",\"digit\":" + digit + ",\"samples\":" + ar.result() + "}");
            } else if (ar.cause() instanceof ProtocolError pe) {
                error(pe, 0);
            } else {
                error(new ProtocolError(ProtocolError.INTERNAL, "could not store the label: " + ar.cause().getMessage()), 0);
            }
        });
    }

    private void submit(Frame frame) {
        lastFrame = frame;
        if (gone()) return;
        if (!inFlight && !ws.writeQueueFull()) {
            dispatch(frame);
        } else {
            if (waiting != null) metrics.frameDroppedStale();
            waiting = frame;
            if (!inFlight) awaitDrain();
        }
    }

    private void dispatch(Frame frame) {
        inFlight = true;
        bus.<String>request(Addresses.PREDICT, frame, delivery).onComplete(ar -> answered(frame, ar));
    }

    private void answered(Frame frame, AsyncResult<Message<String>> ar) {
        inFlight = false;
        if (gone()) {
            waiting = null;
            return;
        }
        if (ar.succeeded()) {
            write(ar.result().body());
        } else {
            // Not the client's fault, so worth a log line (client mistakes only count in /metrics).
            LOG.warn("inference failed for a frame of side " + frame.side() + ": " + ar.cause().getMessage());
            error(new ProtocolError(ProtocolError.OVERLOADED, "no inference worker answered in time: " + ar.cause().getMessage()), frame.seq());
        }
        if (closing != null) {
            closeNow();
            return;
        }
        if (waiting != null) {
            if (ws.writeQueueFull()) {
                awaitDrain();
            } else {
                Frame next = waiting;
                waiting = null;
                dispatch(next);
            }
        }
    }

    private void awaitDrain() {
        ws.drainHandler(v -> {
            ws.drainHandler(null);
            if (!gone() && !inFlight && waiting != null) {
                Frame next = waiting;
                waiting = null;
                dispatch(next);
            }
        });
    }

    /**
     * The socket cannot be written to any more. {@code ws.isClosed()} turns true as soon as a close frame
     * went either way, before the close handler runs; asking it {@code writeQueueFull()} then throws, which
     * a flooder closing with frames in flight made happen (an event-bus reply handler's stack trace).
     */
    private boolean gone() {
        return closed || ws.isClosed();
    }

    private void error(ProtocolError e, long frameSeq) {
        metrics.error(e.code());
        write(e.toJson(frameSeq));
    }

    public void write(String text) {
        if (!gone()) ws.writeTextMessage(text);
    }

    /** Pushes a {@code model} message (hot swap); it goes out even to a slow reader, it is rare and small. */
    public void pushModel(String text) {
        write(text);
    }

    /** Graceful close: let the frame in flight be answered, then send a close frame (1001, going away). */
    public Future<Void> close() {
        if (closed) return Future.succeededFuture();
        if (closing == null) {
            closing = Promise.promise();
            if (!inFlight) closeNow();
        }
        return closing.future();
    }

    private void closeNow() {
        waiting = null;
        ws.close((short) 1001, "server shutting down").onComplete(ar -> closing.tryComplete());
    }
}
