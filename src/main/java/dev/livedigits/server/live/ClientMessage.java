package dev.livedigits.server.live;

/** A text message from a client, once parsed and validated (contract §1). */
public sealed interface ClientMessage {
    /** A frame: {@code side × side} bytes, 0 = background. */
    record FrameMessage(byte[] pixels, int side) implements ClientMessage {}

    /** "The last frame was this digit." */
    record LabelMessage(int digit) implements ClientMessage {}
}
