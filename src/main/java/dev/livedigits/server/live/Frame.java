package dev.livedigits.server.live;

/**
 * One frame on its way to an inference worker: {@code side × side} bytes, MNIST polarity.
 * Immutable by convention — the pixel array is handed over, never written again — so the event
 * bus passes the same object to the worker without a copy (see {@link FrameCodec}).
 *
 * @param seq       the connection's frame count, or 0 for the HTTP API (no {@code seq} in the reply)
 * @param wantInput whether the reply should carry the normalized 28×28 input (base64)
 * @param wantActivations whether the reply should carry the layers' activations (see {@code ActivationSnapshot})
 */
public record Frame(byte[] pixels, int side, long seq, boolean wantInput, boolean wantActivations) {
    public Frame {
        if (pixels.length != side * side) {
            throw new IllegalArgumentException("frame of side " + side + " needs " + side * side + " bytes, got " + pixels.length);
        }
    }
}
