package dev.livedigits.server.live;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class MessageAssemblerTest {
    private final List<Object> got = new ArrayList<>();
    private final MessageAssembler assembler = new MessageAssembler(100, new MessageAssembler.Messages() {
        @Override
        public void binary(Buffer message) {
            got.add(message);
        }

        @Override
        public void text(String message) {
            got.add(message);
        }

        @Override
        public void tooLarge(long bytes) {
            got.add("too large: " + bytes);
        }
    });

    @Test
    @DisplayName("a message in one frame is handed on as that frame's own buffer (no copy); control frames carry none")
    void wholeFrames() {
        Buffer pixels = Buffer.buffer(new byte[] {1, 2, 3, 4});
        WebSocketFrame frame = WebSocketFrame.binaryFrame(pixels, true);
        assertEquals(4, assembler.frame(frame), "the payload's size, for the frame budget");
        assertEquals(-1, assembler.frame(WebSocketFrame.pingFrame(Buffer.buffer("are you there"))), "a control frame");
        assertEquals(26, assembler.frame(WebSocketFrame.textFrame("{\"type\":\"label\",\"digit\":3}", true)));
        assertEquals(2, got.size());
        assertEquals(pixels, got.get(0));
        assertSame(((io.vertx.core.internal.buffer.BufferInternal) frame.binaryData()).getByteBuf().array(),
                ((io.vertx.core.internal.buffer.BufferInternal) got.get(0)).getByteBuf().array(), "the frame's own bytes");
        assertEquals("{\"type\":\"label\",\"digit\":3}", got.get(1));
    }

    @Test
    @DisplayName("fragments are joined in order, text decoded after joining (a character split across frames survives)")
    void fragments() {
        assembler.frame(WebSocketFrame.binaryFrame(Buffer.buffer(new byte[] {1, 2}), false));
        assembler.frame(WebSocketFrame.continuationFrame(Buffer.buffer(new byte[] {3}), false));
        assembler.frame(WebSocketFrame.continuationFrame(Buffer.buffer(new byte[] {4, 5}), true));
        byte[] text = "{\"x\":\"é\"}".getBytes(StandardCharsets.UTF_8);
        int split = 7; // inside the two bytes of é
        assembler.frame(WebSocketFrame.textFrame(new String(text, 0, 0, StandardCharsets.UTF_8), false));
        assembler.frame(WebSocketFrame.continuationFrame(Buffer.buffer(java.util.Arrays.copyOfRange(text, 0, split)), false));
        assembler.frame(WebSocketFrame.continuationFrame(Buffer.buffer(java.util.Arrays.copyOfRange(text, split, text.length)), true));
        assertEquals(List.of(Buffer.buffer(new byte[] {1, 2, 3, 4, 5}), "{\"x\":\"é\"}"), got);
    }

    @Test
    @DisplayName("a fragmented message past the bound is reported once, its remaining fragments dropped, and the next message arrives")
    void tooLarge() {
        assembler.frame(WebSocketFrame.binaryFrame(Buffer.buffer(new byte[60]), false));
        assembler.frame(WebSocketFrame.continuationFrame(Buffer.buffer(new byte[60]), false));
        assembler.frame(WebSocketFrame.continuationFrame(Buffer.buffer(new byte[60]), false));
        assembler.frame(WebSocketFrame.continuationFrame(Buffer.buffer(new byte[1]), true));
        assembler.frame(WebSocketFrame.binaryFrame(Buffer.buffer(new byte[] {9}), true));
        assertEquals(List.of("too large: 120", Buffer.buffer(new byte[] {9})), got);
    }
}
