package dev.livedigits.server;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LivePredictionTest {
    @TempDir
    Path dir;
    ServerFixture fixture;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        fixture = new ServerFixture(vertx, dir);
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    @DisplayName("real MNIST test digits streamed as 28, 112 and 280 px binary frames get the right digit, seq counting up")
    void streamsDigitsAtEverySize(Vertx vertx) throws Exception {
        try (TestClient c = new TestClient(vertx, fixture.port())) {
            long seq = 0;
            int checked = 0;
            for (int i = 0; checked < 12; i++) {
                int label = ServerFixture.TEST_SET.label(i);
                float[] local = ServerFixture.expected(fixture.base, ServerFixture.digit(i, 28), 28);
                if (dev.livedigits.nn.Softmax.argmax(local, 10) != label) continue; // one of the 0.7% it gets wrong
                for (int side : new int[] {28, 112, 280}) {
                    c.sendBinary(ServerFixture.digit(i, side));
                    JsonObject r = c.next("prediction");
                    assertEquals(++seq, r.getLong("seq"));
                    assertFalse(r.getBoolean("empty"));
                    assertEquals(label, r.getInteger("digit"), "digit " + i + " at " + side + " px");
                    assertEquals(ServerFixture.BASE, r.getString("model"));
                    float[] p = ServerFixture.probabilities(c.lastRaw);
                    assertEquals(10, p.length);
                    double sum = 0;
                    for (float v : p) sum += v;
                    assertEquals(1.0, sum, 1e-4);
                    assertEquals(p[label], r.getFloat("confidence"));
                    assertTrue(r.getLong("inferenceMicros") >= 0);
                }
                checked++;
            }
        }
    }

    @Test
    @DisplayName("JSON and binary frames of the same image give exactly the same probabilities")
    void jsonAndBinaryAgree(Vertx vertx) throws Exception {
        try (TestClient c = new TestClient(vertx, fixture.port())) {
            for (int side : new int[] {28, 112}) {
                byte[] frame = ServerFixture.digit(3, side);
                c.sendBinary(frame);
                c.next("prediction");
                float[] binary = ServerFixture.probabilities(c.lastRaw);
                c.sendText(side == 28 ? "{\"pixels\":" + ServerFixture.json(frame, 28).split("\"pixels\":")[1] : ServerFixture.json(frame, side));
                c.next("prediction");
                float[] json = ServerFixture.probabilities(c.lastRaw);
                assertArrayEquals(binary, json);
                assertArrayEquals(ServerFixture.expected(fixture.base, frame, side), binary);
            }
        }
    }

    @Test
    @DisplayName("a frame sent as several WebSocket fragments (binary, and JSON text) is answered exactly like the same frame in one")
    void fragmentedMessages(Vertx vertx) throws Exception {
        try (TestClient c = new TestClient(vertx, fixture.port())) {
            byte[] frame = ServerFixture.digit(5, 112);
            int third = frame.length / 3;
            c.ws.writeFrame(io.vertx.core.http.WebSocketFrame.binaryFrame(Buffer.buffer(java.util.Arrays.copyOfRange(frame, 0, third)), false));
            c.ws.writeFrame(io.vertx.core.http.WebSocketFrame.continuationFrame(Buffer.buffer(java.util.Arrays.copyOfRange(frame, third, 2 * third)), false));
            c.ws.writeFrame(io.vertx.core.http.WebSocketFrame.continuationFrame(Buffer.buffer(java.util.Arrays.copyOfRange(frame, 2 * third, frame.length)), true));
            assertEquals(1, c.next("prediction").getLong("seq"));
            assertArrayEquals(ServerFixture.expected(fixture.base, frame, 112), ServerFixture.probabilities(c.lastRaw));

            String json = ServerFixture.json(frame, 112);
            int half = json.length() / 2;
            c.ws.writeFrame(io.vertx.core.http.WebSocketFrame.textFrame(json.substring(0, half), false));
            c.ws.writeFrame(io.vertx.core.http.WebSocketFrame.continuationFrame(Buffer.buffer(json.substring(half)), true));
            assertEquals(2, c.next("prediction").getLong("seq"));
            assertArrayEquals(ServerFixture.expected(fixture.base, frame, 112), ServerFixture.probabilities(c.lastRaw));
        }
    }

    @Test
    @DisplayName("?input=1 adds the 784 normalized bytes the model saw; an empty frame says empty and has no digit")
    void inputAndEmpty(Vertx vertx) throws Exception {
        try (TestClient c = new TestClient(vertx, fixture.port(), "/ws?input=1")) {
            byte[] frame = ServerFixture.digit(0, 112);
            c.sendBinary(frame);
            JsonObject r = c.next("prediction");
            byte[] input = Base64.getDecoder().decode(r.getString("input"));
            byte[] expected = new byte[784];
            new dev.livedigits.data.Normalizer().toMnist(frame, 0, 112, expected, 0);
            assertArrayEquals(expected, input);

            byte[] faint = new byte[28 * 28];
            faint[400] = 63;
            c.sendBinary(faint);
            JsonObject empty = c.next("prediction");
            assertTrue(empty.getBoolean("empty"));
            assertFalse(empty.containsKey("digit"));
            assertEquals(2, empty.getLong("seq"));
            faint[400] = 64;
            c.sendBinary(faint);
            assertFalse(c.next("prediction").getBoolean("empty"), "a pixel of 64 is ink");
        }
    }

    @Test
    @DisplayName("every kind of bad input gets its error code, and the next good frame on the same connection is answered")
    void everyErrorThenGoodFrame(Vertx vertx) throws Exception {
        String good28 = ServerFixture.json(ServerFixture.digit(1, 28), 28);
        StringBuilder short783 = new StringBuilder("{\"pixels\":[0");
        for (int i = 1; i < 783; i++) short783.append(",0");
        short783.append("]}");
        String nan = good28.replaceFirst("\\[0\\.0,", "[NaN,");
        String text = good28.replaceFirst("\\[0\\.0,", "[\"dark\",");
        String above = good28.replaceFirst("\\[0\\.0,", "[1.5,");
        String negative = good28.replaceFirst("\\[0\\.0,", "[-0.1,");
        String huge = "{\"pixels\":[" + "0,".repeat(1_100_000) + "0]}";
        Object[][] cases = {
                {new byte[1000], "bad_frame_size", true},
                {new byte[27 * 27], "bad_frame_size", true},
                {new byte[513 * 513], "bad_frame_size", true},
                {"{\"pixels\": [0, 0", "bad_json", true},
                {"[1,2,3]", "bad_json", true},
                {short783.toString(), "bad_pixel_count", true},
                {nan, "bad_pixel_value", true},
                {text, "bad_pixel_value", true},
                {above, "bad_pixel_value", true},
                {negative, "bad_pixel_value", true},
                {"{\"type\":\"frame\",\"size\":600,\"pixels\":[]}", "bad_size", true},
                {"{\"type\":\"dance\"}", "unknown_type", false},
                {"{\"hello\":1}", "unknown_type", false},
                {huge, "message_too_large", true},
                {"{\"type\":\"label\",\"digit\":12}", "bad_label", false},
        };
        try (TestClient c = new TestClient(vertx, fixture.port())) {
            long seq = 0;
            for (Object[] bad : cases) {
                if (bad[0] instanceof byte[] b) c.sendBinary(b);
                else c.sendText((String) bad[0]);
                boolean countsAsFrame = (Boolean) bad[2];
                if (countsAsFrame) seq++;
                JsonObject e = c.next();
                assertEquals("error", e.getString("type"), e.encode());
                assertEquals(bad[1], e.getString("code"), e.encode());
                assertFalse(e.getString("message").isBlank());
                if (countsAsFrame) assertEquals(seq, e.getLong("seq"), e.encode());
                else assertFalse(e.containsKey("seq"), e.encode());

                c.sendBinary(ServerFixture.digit(1, 28));
                JsonObject ok = c.next();
                assertEquals("prediction", ok.getString("type"), "answered after " + bad[1]);
                assertEquals(++seq, ok.getLong("seq"));
            }
            assertTrue(fixture.server.metrics().errors("bad_frame_size") >= 3);
        }
    }

    @Test
    @DisplayName("a hot swap pushes a model message to every open connection")
    void swapPushesToEveryone(Vertx vertx) throws Exception {
        TestClient[] clients = new TestClient[3];
        for (int i = 0; i < clients.length; i++) clients[i] = new TestClient(vertx, fixture.port());
        try {
            vertx.executeBlocking(() -> fixture.server.registry().activate(ServerFixture.ALT)).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
            for (TestClient c : clients) {
                JsonObject m = c.next("model");
                assertEquals(ServerFixture.ALT, m.getString("model"));
                assertEquals(0.99, m.getDouble("accuracy"), 1e-9);
                c.sendBinary(ServerFixture.digit(5, 28));
                assertEquals(ServerFixture.ALT, c.next("prediction").getString("model"));
            }
        } finally {
            for (TestClient c : clients) c.close();
        }
    }

    @Test
    @DisplayName("stopping the server sends open connections a close frame (1001, going away)")
    void gracefulStop(Vertx vertx) throws Exception {
        TestClient c = new TestClient(vertx, fixture.port());
        c.sendBinary(ServerFixture.digit(2, 28));
        c.next("prediction");
        fixture.server.stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (c.closeStatus == null && System.nanoTime() < deadline) Thread.sleep(20);
        assertEquals((short) 1001, c.closeStatus);
        c.close();
    }
}
