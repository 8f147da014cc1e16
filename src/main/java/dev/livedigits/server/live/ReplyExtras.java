package dev.livedigits.server.live;

import io.vertx.core.http.HttpServerRequest;

/**
 * What a client asked to have added to every prediction reply (contract §1): {@code ?input=1} the
 * normalized 28×28 input, {@code ?activations=1} the layers' activations. Read once from the request
 * that opened the connection (or posted the frame) and stamped on each of its frames.
 */
public record ReplyExtras(boolean input, boolean activations) {
    public static final ReplyExtras NONE = new ReplyExtras(false, false);

    /** From the query of {@code request}: a parameter counts when it is exactly {@code 1}. */
    public static ReplyExtras of(HttpServerRequest request) {
        return new ReplyExtras("1".equals(request.getParam("input")), "1".equals(request.getParam("activations")));
    }

    /** A frame of this connection, carrying these extras. */
    public Frame frame(byte[] pixels, int side, long seq) {
        return new Frame(pixels, side, seq, input, activations);
    }

    /** A frame of {@code side × side} bytes from {@code offset} in {@code pixels}. */
    public Frame frame(byte[] pixels, int offset, int side, long seq) {
        return new Frame(pixels, offset, side, seq, input, activations);
    }
}
