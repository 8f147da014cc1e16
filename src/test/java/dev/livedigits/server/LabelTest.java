package dev.livedigits.server;

import dev.livedigits.data.LabeledImages;
import dev.livedigits.data.Normalizer;
import dev.livedigits.data.SampleStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LabelTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("a label stores the last frame's normalized input durably, counts per digit, survives a restart, and is rate-limited")
    void labelsAreStored(Vertx vertx) throws Exception {
        byte[] frame = ServerFixture.digit(0, 112);
        try (ServerFixture fixture = new ServerFixture(vertx, dir); TestClient c = new TestClient(vertx, fixture.port())) {
            c.sendText("{\"type\":\"label\",\"digit\":7}");
            assertEquals("no_frame", c.next("error").getString("code"));
            c.sendBinary(new byte[28 * 28]);
            c.next("prediction");
            c.sendText("{\"type\":\"label\",\"digit\":7}");
            assertEquals("no_frame", c.next("error").getString("code"), "an empty frame has nothing to label");

            c.sendBinary(frame);
            c.next("prediction");
            c.sendText("{\"type\":\"label\",\"digit\":7}");
            JsonObject stored = c.next("labelled");
            assertEquals(7, stored.getInteger("digit"));
            assertEquals(1, stored.getLong("samples"));
            c.sendText("{\"type\":\"label\",\"digit\":7}");
            assertEquals(2, c.next("labelled").getLong("samples"));
            // The burst allowance is 5 (two no_frame attempts and two labels used 4 of them).
            c.sendText("{\"type\":\"label\",\"digit\":7}");
            assertEquals(3, c.next("labelled").getLong("samples"));
            c.sendText("{\"type\":\"label\",\"digit\":7}");
            assertEquals("rate_limited", c.next("error").getString("code"));
            c.sendBinary(frame);
            assertEquals(3, c.next("prediction").getLong("seq"), "labels do not count as frames");
        }
        try (SampleStore store = SampleStore.open(dir.resolve("data").resolve("samples"))) {
            LabeledImages samples = store.samples();
            assertEquals(3, samples.count());
            byte[] expected = new byte[784];
            new Normalizer().toMnist(frame, 0, 112, expected, 0);
            assertArrayEquals(expected, Arrays.copyOf(samples.pixels(), 784));
        }
        try (ServerFixture restarted = new ServerFixture(vertx, dir); TestClient c = new TestClient(vertx, restarted.port())) {
            c.sendBinary(frame);
            c.next("prediction");
            c.sendText("{\"type\":\"label\",\"digit\":7}");
            assertEquals(4, c.next("labelled").getLong("samples"), "counts continue after a restart");
        }
    }
}
