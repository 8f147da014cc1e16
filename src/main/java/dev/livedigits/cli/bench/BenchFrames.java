package dev.livedigits.cli.bench;

import dev.livedigits.data.LabeledImages;
import io.vertx.core.buffer.Buffer;

/**
 * The frames the clients send: real MNIST digits scaled up to the requested side, prepared once
 * before the run so that sending costs no pixel work.
 *
 * <p>Nearest-neighbour upscaling keeps the hard edges a canvas of that size would have; side 28 is
 * the image as it is. The buffers are shared by every client: writing a Vert.x buffer to a WebSocket
 * only slices it, never changes it.
 */
final class BenchFrames {
    static final int DEFAULT_COUNT = 1000;
    /** 1000 frames of 280 × 280 fit (78 MB); larger sides cycle through fewer digits. */
    static final long MAX_BYTES = 128L << 20;

    private final int side;
    private final Buffer[] frames;

    private BenchFrames(int side, Buffer[] frames) {
        this.side = side;
        this.frames = frames;
    }

    /** How many distinct frames of side {@code side} to prepare: {@link #DEFAULT_COUNT}, or fewer to stay within {@link #MAX_BYTES}. */
    static int countFor(int side) {
        return (int) Math.min(DEFAULT_COUNT, MAX_BYTES / ((long) side * side));
    }

    /** The first {@code count} images of {@code images} (all if fewer), each {@code side × side} bytes. */
    static BenchFrames of(LabeledImages images, int count, int side) {
        int n = Math.min(count, images.count());
        if (n == 0) {
            throw new IllegalArgumentException("no images to send");
        }
        Buffer[] frames = new Buffer[n];
        for (int i = 0; i < n; i++) {
            frames[i] = Buffer.buffer(upscale(images.pixels(), images.offset(i), images.side(), side));
        }
        return new BenchFrames(side, frames);
    }

    /** Nearest neighbour: output pixel (x, y) takes source pixel (x·from/to, y·from/to). */
    static byte[] upscale(byte[] pixels, int offset, int from, int to) {
        byte[] out = new byte[to * to];
        for (int y = 0; y < to; y++) {
            int row = offset + (y * from / to) * from;
            for (int x = 0; x < to; x++) {
                out[y * to + x] = pixels[row + x * from / to];
            }
        }
        return out;
    }

    int side() {
        return side;
    }

    int count() {
        return frames.length;
    }

    Buffer get(int i) {
        return frames[i];
    }
}
