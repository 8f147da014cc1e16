package dev.livedigits.server;

import dev.livedigits.data.Normalizer;
import dev.livedigits.model.SavedModel;
import dev.livedigits.model.WeightsFile;
import dev.livedigits.nn.ActivationReference;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ?activations=1} (contract §1) on the shipped CNN, on an MLP, and its absence without the flag. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ActivationsTest {
    private static final String CNN = "base-v3";
    /** The reply budget per frame with activations. */
    private static final int MAX_REPLY_BYTES = 8 * 1024;

    @TempDir
    Path dir;
    ServerFixture fixture;
    SavedModel cnn;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        // The shipped CNN active, beside the fixture's MLP versions.
        Files.createDirectories(dir);
        Files.copy(Path.of("weights", CNN + ".json"), dir.resolve(CNN + ".json"));
        Files.writeString(dir.resolve("ACTIVE"), CNN + "\n", StandardCharsets.UTF_8);
        fixture = new ServerFixture(vertx, dir);
        cnn = WeightsFile.read(dir.resolve(CNN + ".json"));
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    @DisplayName("?activations=1 on the CNN: conv1 [16,14,14], conv2 [32,7,7], dense1 [128], each within 1 of a local forward pass; the reply under 8 KB")
    void cnnActivationsMatchForwardPass(Vertx vertx) throws Exception {
        try (TestClient c = new TestClient(vertx, fixture.port(), "/ws?activations=1")) {
            for (int i = 0; i < 5; i++) {
                byte[] frame = ServerFixture.digit(i, 112);
                c.sendBinary(frame);
                JsonObject r = c.next("prediction");
                assertEquals(CNN, r.getString("model"));
                assertFalse(r.containsKey("input"), "input only with ?input=1");
                assertTrue(c.lastRaw.getBytes(StandardCharsets.UTF_8).length <= MAX_REPLY_BYTES,
                        "reply of " + c.lastRaw.length() + " bytes");
                assertArrayEquals(ServerFixture.expected(cnn, frame, 112), ServerFixture.probabilities(c.lastRaw));

                JsonArray layers = r.getJsonArray("activations");
                assertEquals(List.of("conv1", "conv2", "dense1"), layers.stream().map(l -> ((JsonObject) l).getString("name")).toList());
                assertEquals(List.of(List.of(16, 14, 14), List.of(32, 7, 7), List.of(128)),
                        layers.stream().map(l -> ((JsonObject) l).getJsonArray("shape").getList()).toList());
                assertEquals(List.of(2, 2, 1), layers.stream().map(l -> ((JsonObject) l).getInteger("pooled")).toList());
                assertMatchesReference(cnn, normalized(frame, 112), layers);
            }
        }
    }

    @Test
    @DisplayName("?input=1&activations=1 carries both; without the flag no activations key; an empty frame carries none")
    void combinedAbsentAndEmpty(Vertx vertx) throws Exception {
        byte[] frame = ServerFixture.digit(7, 28);
        try (TestClient both = new TestClient(vertx, fixture.port(), "/ws?input=1&activations=1");
             TestClient plain = new TestClient(vertx, fixture.port(), "/ws")) {
            both.sendBinary(frame);
            JsonObject r = both.next("prediction");
            assertArrayEquals(normalized(frame, 28), Base64.getDecoder().decode(r.getString("input")));
            assertMatchesReference(cnn, normalized(frame, 28), r.getJsonArray("activations"));

            plain.sendBinary(frame);
            JsonObject p = plain.next("prediction");
            assertFalse(p.containsKey("activations"), plain.lastRaw);
            assertFalse(plain.lastRaw.contains("activations"));
            assertEquals(r.getInteger("digit"), p.getInteger("digit"));

            both.sendBinary(new byte[28 * 28]);
            JsonObject empty = both.next("prediction");
            assertTrue(empty.getBoolean("empty"));
            assertFalse(empty.containsKey("activations"), both.lastRaw);
        }
    }

    @Test
    @DisplayName("an MLP shows its last hidden layer only (dense2 [128]); POST /api/predict?activations=1 answers with them too")
    void mlpAndHttp(Vertx vertx) throws Exception {
        AdminHttp http = new AdminHttp(fixture.port());
        assertEquals(200, http.admin("POST", "/admin/models/" + ServerFixture.BASE + "/activate", null).status());
        byte[] frame = ServerFixture.digit(4, 56);
        try (TestClient c = new TestClient(vertx, fixture.port(), "/ws?activations=1")) {
            c.sendBinary(frame);
            JsonObject r = c.next("prediction");
            assertEquals(ServerFixture.BASE, r.getString("model"));
            JsonArray layers = r.getJsonArray("activations");
            assertEquals(1, layers.size());
            assertEquals("dense2", layers.getJsonObject(0).getString("name"));
            assertEquals(List.of(128), layers.getJsonObject(0).getJsonArray("shape").getList());
            assertMatchesReference(fixture.base, normalized(frame, 56), layers);
        }
        AdminHttp.Response posted = http.call("POST", "/api/predict?activations=1", ServerFixture.json(frame, 56), null);
        assertEquals(200, posted.status(), posted.body());
        assertMatchesReference(fixture.base, normalized(frame, 56), posted.json().getJsonArray("activations"));
        assertFalse(http.call("POST", "/api/predict", ServerFixture.json(frame, 56), null).body().contains("activations"));
    }

    /** Every layer's name, shape, byte count, scale and bytes (within 1) as a local forward pass gives them. */
    private static void assertMatchesReference(SavedModel model, byte[] input, JsonArray layers) {
        List<ActivationReference.View> expected = ActivationReference.of(model.network(), input);
        assertEquals(expected.size(), layers.size(), layers.encode().length() + " chars of activations");
        for (int i = 0; i < expected.size(); i++) {
            ActivationReference.View want = expected.get(i);
            JsonObject got = layers.getJsonObject(i);
            assertEquals(want.name(), got.getString("name"));
            assertEquals(List.of(want.shape()[0], want.shape().length > 1 ? want.shape()[1] : -1, want.shape().length > 1 ? want.shape()[2] : -1)
                    .subList(0, want.shape().length), got.getJsonArray("shape").getList());
            assertEquals(want.max(), got.getDouble("max"), 1e-5 * want.max(), want.name());
            byte[] data = Base64.getDecoder().decode(got.getString("data"));
            assertEquals(want.bytes().length, data.length, want.name() + " byte count");
            for (int k = 0; k < data.length; k++) {
                assertEquals(want.bytes()[k], data[k] & 0xff, 1, want.name() + " value " + k);
            }
        }
    }

    private static byte[] normalized(byte[] frame, int side) {
        byte[] input = new byte[Normalizer.OUT_SIZE];
        new Normalizer().toMnist(frame, 0, side, input, 0);
        return input;
    }
}
