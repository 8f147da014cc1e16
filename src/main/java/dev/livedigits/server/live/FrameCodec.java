package dev.livedigits.server.live;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Carries a {@link Frame} across the local event bus by reference: frames are immutable, so
 * {@link #transform} returns the same object and the pixels are never copied or turned into JSON.
 * The wire methods exist for completeness (a clustered bus would use them); the reply's extras travel
 * as flag bits of one byte ({@link #INPUT}, {@link #ACTIVATIONS}).
 */
public final class FrameCodec implements MessageCodec<Frame, Frame> {
    public static final String NAME = "livedigits-frame";
    static final int INPUT = 1;
    static final int ACTIVATIONS = 2;

    @Override
    public void encodeToWire(Buffer buffer, Frame frame) {
        int flags = (frame.wantInput() ? INPUT : 0) | (frame.wantActivations() ? ACTIVATIONS : 0);
        buffer.appendInt(frame.side()).appendLong(frame.seq()).appendByte((byte) flags).appendBytes(frame.pixels(), frame.offset(), frame.side() * frame.side());
    }

    @Override
    public Frame decodeFromWire(int pos, Buffer buffer) {
        int side = buffer.getInt(pos);
        long seq = buffer.getLong(pos + 4);
        int flags = buffer.getByte(pos + 12);
        byte[] pixels = buffer.getBytes(pos + 13, pos + 13 + side * side);
        return new Frame(pixels, side, seq, (flags & INPUT) != 0, (flags & ACTIVATIONS) != 0);
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
