package dev.livedigits.server.live;

/**
 * One frame on its way to an inference worker: {@code side × side} bytes from {@code offset} on, MNIST
 * polarity. Immutable by convention — the pixel array is handed over, never written again — so the event
 * bus passes the same object to the worker without a copy (see {@link FrameCodec}). The offset lets a
 * WebSocket message's own bytes be used where they arrived, without copying them out (see {@link LiveSession}).
 *
 * @param seq       the connection's frame count, or 0 for the HTTP API (no {@code seq} in the reply)
 * @param wantInput whether the reply should carry the normalized 28×28 input (base64)
 * @param wantActivations whether the reply should carry the layers' activations (see {@code ActivationSnapshot})
 */
public record Frame(byte[] pixels, int offset, int side, long seq, boolean wantInput, boolean wantActivations) {
    public Frame {
        if (offset < 0 || (long) offset + (long) side * side > pixels.length) {
            throw new IllegalArgumentException("frame of side " + side + " needs " + side * side + " bytes from " + offset
                    + ", the array has " + pixels.length);
        }
    }

    /** A frame that is the whole array. */
    public Frame(byte[] pixels, int side, long seq, boolean wantInput, boolean wantActivations) {
        this(pixels, 0, side, seq, wantInput, wantActivations);
        if (pixels.length != side * side) {
            throw new IllegalArgumentException("frame of side " + side + " needs " + side * side + " bytes, got " + pixels.length);
        }
    }
}
