package dev.livedigits.server.live;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

    @Test
    @DisplayName("a frame inside a larger array (a WebSocket message's own bytes) travels as just its side x side bytes")
    void frameAtAnOffset() {
        byte[] message = new byte[5 + 28 * 28 + 3];
        for (int i = 0; i < message.length; i++) message[i] = (byte) i;
        Frame frame = new Frame(message, 5, 28, 7, false, false);
        Buffer wire = Buffer.buffer();
        new FrameCodec().encodeToWire(wire, frame);
        Frame back = new FrameCodec().decodeFromWire(0, wire);
        assertEquals(0, back.offset());
        assertArrayEquals(java.util.Arrays.copyOfRange(message, 5, 5 + 28 * 28), back.pixels());
        assertThrows(IllegalArgumentException.class, () -> new Frame(message, 9, 28, 7, false, false), "past the end of the array");
        assertThrows(IllegalArgumentException.class, () -> new Frame(message, 28, 7, false, false), "a whole-array frame must be side x side");
    }
}
