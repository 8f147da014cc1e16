package dev.livedigits.server;

import dev.livedigits.model.ModelDirectory;
import dev.livedigits.model.SavedModel;
import dev.livedigits.nn.Architecture;
import dev.livedigits.server.live.Frame;
import dev.livedigits.server.live.Predictor;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Warming the JIT up before the first frame: a few thousand predictions on synthetic strokes of every
 * frame size, so the first real frame is answered by compiled code (the Vector API is very slow until C2
 * has compiled it: measured, the first 250 predictions take ~0.7 s, then ~60 µs each).
 *
 * <p>{@link #begin} does it, with the model loaded from disk, on a thread of its own started before
 * Vert.x: loading (~0.5 s, mostly cold JSON and hashing code) and warming (~1.4 s) then overlap with
 * creating Vert.x, its metrics and the cluster join, instead of following them (the README's start-up
 * row has the before and after). The server adopts the model it loaded and skips its own
 * warm-up when the architecture it ends up serving is the one that was warmed (the compiled code is per
 * layer type and size, not per version).
 */
public final class WarmUp {
    /** Nothing started early: the server loads and warms as part of its start (tests, {@code bench ws}). */
    public static final WarmUp NONE = new WarmUp(CompletableFuture.completedFuture(null));

    /** The model loaded and verified early, and how long loading and warming took. */
    public record Done(SavedModel model, long loadMillis, long warmMillis) {
        Architecture architecture() {
            return model.network().architecture();
        }
    }

    private final CompletableFuture<Done> done;

    private WarmUp(CompletableFuture<Done> done) {
        this.done = done;
    }

    /**
     * Loads the active version in {@code weightsDir} and warms up on it, on a daemon thread. A directory
     * without a usable model (a cluster node that starts empty) is not an error here: {@link #outcome}
     * is then empty, and the server loads (or is sent) its model and warms up as before.
     */
    public static WarmUp begin(Path weightsDir) {
        CompletableFuture<Done> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                long began = System.nanoTime();
                ModelRegistry registry = new ModelRegistry(new ModelDirectory(weightsDir));
                SavedModel model = registry.loadActive();
                long loaded = (System.nanoTime() - began) / 1_000_000;
                done.complete(new Done(model, loaded, run(registry)));
            } catch (Exception | Error e) {
                done.completeExceptionally(e);
            }
        }, "livedigits-warm-up");
        thread.setDaemon(true);
        thread.start();
        return new WarmUp(done);
    }

    /** Blocks until the early load and warm-up ended; empty if none was started or it found no model. */
    Optional<Done> outcome() throws InterruptedException {
        try {
            return Optional.ofNullable(done.get());
        } catch (ExecutionException e) {
            return Optional.empty();
        }
    }

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
