package dev.livedigits.server.live;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Carries a {@link Frame} across the local event bus by reference: frames are immutable, so
 * {@link #transform} returns the same object and the pixels are never copied or turned into JSON.
 * The wire methods exist for completeness (a clustered bus would use them).
 */
public final class FrameCodec implements MessageCodec<Frame, Frame> {
    public static final String NAME = "livedigits-frame";

    @Override
    public void encodeToWire(Buffer buffer, Frame frame) {
        buffer.appendInt(frame.side()).appendLong(frame.seq()).appendByte((byte) (frame.wantInput() ? 1 : 0)).appendBytes(frame.pixels());
    }

    @Override
    public Frame decodeFromWire(int pos, Buffer buffer) {
        int side = buffer.getInt(pos);
        long seq = buffer.getLong(pos + 4);
        boolean wantInput = buffer.getByte(pos + 12) != 0;
        byte[] pixels = buffer.getBytes(pos + 13, pos + 13 + side * side);
        return new Frame(pixels, side, seq, wantInput);
    }

    @Override
    public Frame transform(Frame frame) {
        return frame;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }
}
