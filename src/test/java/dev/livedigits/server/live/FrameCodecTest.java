package dev.livedigits.server.live;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class FrameCodecTest {
    @Test
    @DisplayName("the wire form keeps side, seq, pixels and both reply extras, in every combination")
    void wireRoundTrip() {
        FrameCodec codec = new FrameCodec();
        byte[] pixels = new byte[28 * 28];
        for (int i = 0; i < pixels.length; i++) pixels[i] = (byte) (i * 7);
        for (boolean input : new boolean[] {false, true}) {
            for (boolean activations : new boolean[] {false, true}) {
                Buffer wire = Buffer.buffer().appendString("prefix");
                codec.encodeToWire(wire, new Frame(pixels, 28, 42, input, activations));
                Frame back = codec.decodeFromWire(6, wire);
                assertEquals(28, back.side());
                assertEquals(42, back.seq());
                assertEquals(input, back.wantInput());
                assertEquals(activations, back.wantActivations());
                assertArrayEquals(pixels, back.pixels());
            }
        }
    }
}
