package dev.livedigits.server;

import dev.livedigits.server.live.Frame;
import dev.livedigits.server.live.Predictor;


/**
 * Warming the JIT up before the first frame: a few thousand predictions on synthetic strokes of every
 * frame size, so the first real frame is answered by compiled code (the Vector API is very slow until C2
 * has compiled it: measured, the first 250 predictions take ~0.7 s, then ~60 µs each).
 *
 * <p>Tried and not kept: loading the model and warming up on a thread of its own started before Vert.x,
 * to overlap them with Vert.x's start. On two cores it bought nothing — alongside the rest of the start,
 * loading took 1.0 s instead of 0.5 and warming 2.3 s instead of 1.5 (both are CPU-bound, and C2's
 * compiler threads need the same cores), so launch → {@code /health} stayed at 3.4–4.0 s.
 */
public final class WarmUp {
    private WarmUp() {}

    /** Warms the JIT up on {@code registry}'s current model; the milliseconds it took. */
    static long run(ModelRegistry registry) {
        long began = System.nanoTime();
        Predictor predictor = new Predictor(registry, new ServerMetrics(() -> ""));
        int[] sides = {28, 112, 280};
        Frame[] frames = new Frame[sides.length];
        for (int i = 0; i < sides.length; i++) frames[i] = new Frame(stroke(sides[i]), sides[i], 1, false, false);
        // The ?activations=1 path too, so a client that asks for them is not the one that compiles it.
        Frame withActivations = new Frame(frames[0].pixels(), 28, 1, false, true);
        for (int rep = 0; rep < 4000; rep++) {
            Frame f = rep % 8 == 7 ? frames[1 + (rep / 8) % 2] : rep % 8 == 3 ? withActivations : frames[0];
            predictor.predict(f);
        }
        return (System.nanoTime() - began) / 1_000_000;
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
