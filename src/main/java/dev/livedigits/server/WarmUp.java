package dev.livedigits.server;

import dev.livedigits.server.live.Frame;
import dev.livedigits.server.live.Predictor;

import java.util.function.LongConsumer;

/**
 * Warming the JIT up on synthetic strokes, in two phases around the moment the server says it is ready.
 *
 * <p>Why two: a cold JVM runs the Vector API kernels interpreted, ~25 ms a prediction, and C2 needs
 * ~1.5 s of compiling on two cores before they reach ~60 µs. Waiting for all of it before {@code /health}
 * answered made start-up ~2 s longer than it had to be. So {@link #untilReady} runs predictions of the
 * drawing page's frame (112x112, with and without activations) until they cost under {@value
 * #READY_MICROS} µs each — an answer well inside a 60 fps frame — which took 0.9–1.2 s (1.6–2.5 s for
 * the whole warm-up before); then the server deploys and answers, and {@link #finishInBackground} runs the
 * rest on a thread of its own so that C2 gets the profiles of every path (28, 112 and 280 px, activations)
 * without waiting for a first visitor. Measured (README, start-up): the first 50 frames a visitor sends
 * right after {@code /health} answers cost 0.3–0.7 ms of compute each (median), from the 100th on the
 * same as after a full warm-up.
 *
 * <p>Tried and not kept: loading the model and warming up on a thread of its own started before Vert.x,
 * to overlap them with Vert.x's start. On two cores it bought nothing — alongside the rest of the start,
 * loading took 1.0 s instead of 0.5 and warming 2.3 s instead of 1.5 (both are CPU-bound, and C2's
 * compiler threads need the same cores).
 */
final class WarmUp {
    /** A page frame answered in this much compute is ready to serve (a 60 fps stroke sends one every 16.7 ms). */
    static final long READY_MICROS = 1000;
    /** Predictions in all: what C2 has compiled every path by (measured: ~3,000 of the mix below). */
    private static final int TOTAL = 4000;
    /** Two rounds in a row under {@link #READY_MICROS}: one fast round can be luck. */
    private static final int READY_ROUNDS = 2;
    /**
     * Or this many rounds without one 10 % faster than the best so far: compiled as far as it goes for now.
     * Needed without the Vector API module, where the plain-Java kernels settle at 1.3–2 ms a page frame
     * after ~0.5 s and the 1 ms bound never came: all 4,000 predictions ran first, a 10 s start.
     */
    private static final int FLAT_ROUNDS = 24;

    private final Predictor predictor;
    /** One round: the page's frame most, with and without activations, and the other sizes a client may send. */
    private final Frame[] round;
    private int done;
    private volatile boolean stopped;

    WarmUp(ModelRegistry registry) {
        this.predictor = new Predictor(registry, new ServerMetrics(() -> ""));
        Frame small = new Frame(stroke(28), 28, 1, false, false);
        Frame page = new Frame(stroke(112), 112, 1, false, false);
        // The ?activations=1 path too, so a client that asks for them is not the one that compiles it.
        Frame pageWithActivations = new Frame(page.pixels(), 112, 1, false, true);
        Frame large = new Frame(stroke(280), 280, 1, false, false);
        this.round = new Frame[] {page, pageWithActivations, page, small, page, pageWithActivations, page, large};
    }

    /**
     * Before the server is ready: rounds until the page's frames cost under {@link #READY_MICROS} µs, or
     * stop getting faster (see {@link #FLAT_ROUNDS}), or all {@link #TOTAL} predictions are done; the
     * milliseconds it took.
     */
    long untilReady() {
        long began = System.nanoTime();
        int fastRounds = 0;
        long bestRound = Long.MAX_VALUE;
        int roundsSinceBetter = 0;
        while (done < TOTAL && fastRounds < READY_ROUNDS && roundsSinceBetter < FLAT_ROUNDS) {
            long pageNanos = 0;
            int pageFrames = 0;
            for (Frame f : round) {
                long t = System.nanoTime();
                predictor.predict(f);
                if (f.side() == 112) {
                    pageNanos += System.nanoTime() - t;
                    pageFrames++;
                }
            }
            done += round.length;
            long perFrame = pageNanos / pageFrames;
            fastRounds = perFrame <= READY_MICROS * 1000 ? fastRounds + 1 : 0;
            if (perFrame < bestRound * 9 / 10) {
                bestRound = perFrame;
                roundsSinceBetter = 0;
            } else {
                roundsSinceBetter++;
            }
        }
        return (System.nanoTime() - began) / 1_000_000;
    }

    /** The rest of the predictions on a daemon thread; {@code finished} gets the milliseconds they took. */
    void finishInBackground(LongConsumer finished) {
        Thread thread = new Thread(() -> {
            long began = System.nanoTime();
            while (done < TOTAL && !stopped) {
                for (Frame f : round) predictor.predict(f);
                done += round.length;
            }
            if (!stopped) finished.accept((System.nanoTime() - began) / 1_000_000);
        }, "live-digits-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    /** Ends the background phase after its current round (the server is stopping). */
    void stop() {
        stopped = true;
    }

    /** A thick diagonal stroke with a bar: enough ink for every code path of the normalizer. */
    private static byte[] stroke(int side) {
        byte[] px = new byte[side * side];
        int width = Math.max(2, side / 10);
        for (int y = side / 6; y < side * 5 / 6; y++) {
            int x = side / 3 + (y - side / 6) / 3;
            for (int dx = 0; dx < width; dx++) px[y * side + Math.min(side - 1, x + dx)] = (byte) 255;
        }
        for (int x = side / 4; x < side * 3 / 4; x++) {
            for (int dy = 0; dy < width; dy++) px[(side / 6 + dy) * side + x] = (byte) 200;
        }
        return px;
    }
}
