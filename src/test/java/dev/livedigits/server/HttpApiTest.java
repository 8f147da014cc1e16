package dev.livedigits.server;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HttpApiTest {
    @TempDir
    Path dir;
    ServerFixture fixture;
    java.net.http.HttpClient http;

    record Response(int status, String body) {
        JsonObject json() { return new JsonObject(body); }
    }

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        fixture = new ServerFixture(vertx, dir);
        http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    /** The JDK's own HTTP client: an independent implementation checks the server, not Vert.x against itself. */
    Response call(HttpMethod method, String uri, String body) throws Exception {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + fixture.port() + uri)).timeout(java.time.Duration.ofSeconds(20));
        request = body == null ? request.GET() : request.POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
        java.net.http.HttpResponse<String> response = http.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }

    @Test
    @DisplayName("POST /api/predict answers good bodies like the WebSocket (without seq) and bad ones with 4xx and a code")
    void predict() throws Exception {
        byte[] frame = ServerFixture.digit(0, 28);
        String body = "{\"pixels\":" + ServerFixture.json(frame, 28).split("\"pixels\":")[1];
        Response ok = call(HttpMethod.POST, "/api/predict", body);
        assertEquals(200, ok.status());
        JsonObject r = ok.json();
        assertEquals("prediction", r.getString("type"));
        assertFalse(r.containsKey("seq"));
        assertEquals(7, r.getInteger("digit"));
        assertArrayEquals(ServerFixture.expected(fixture.base, frame, 28), ServerFixture.probabilities(ok.body()));

        Response sized = call(HttpMethod.POST, "/api/predict", ServerFixture.json(ServerFixture.digit(0, 56), 56));
        assertEquals(200, sized.status());
        assertEquals(7, sized.json().getInteger("digit"));

        String[][] bad = {
                {"not json", "400", "bad_json"},
                {"{\"pixels\":[0.5]}", "400", "bad_pixel_count"},
                {"{\"pixels\":[\"x\"]}", "400", "bad_pixel_value"},
                {"{\"type\":\"label\",\"digit\":3}", "400", "unknown_type"},
                {"", "400", "bad_json"},
                {"x".repeat(3_000_000), "413", "message_too_large"},
        };
        for (String[] b : bad) {
            Response res;
            try {
                res = call(HttpMethod.POST, "/api/predict", b[0]);
            } catch (java.net.http.HttpTimeoutException e) {
                throw new AssertionError("no answer to the " + b[2] + " case (" + b[0].length() + " chars)", e);
            }
            assertEquals(Integer.parseInt(b[1]), res.status(), res.body());
            assertEquals("error", res.json().getString("type"));
            assertEquals(b[2], res.json().getString("code"));
        }
    }

    @Test
    @DisplayName("/health is UP with the model, /api/model describes it")
    void healthAndModel() throws Exception {
        Response health = call(HttpMethod.GET, "/health", null);
        assertEquals(200, health.status());
        assertEquals("UP", health.json().getString("status"));
        assertEquals(ServerFixture.BASE, health.json().getString("model"));
        JsonObject model = call(HttpMethod.GET, "/api/model", null).json();
        assertEquals(ServerFixture.BASE, model.getString("model"));
        assertEquals("[784,256,128,10]", model.getJsonArray("layers").encode());
        assertEquals("dense256 dense128 dense10", model.getString("architecture"));
        assertEquals(0.9929, model.getDouble("testAccuracy"), 1e-9);
        assertTrue(model.getString("createdAt").startsWith("2026-"));
        assertEquals(model.getString("createdAt"), model.getString("trainedAt"), "the first name of the field still works");
    }

    @Test
    @DisplayName("/metrics shows predictions, errors by code, stale drops, latency histogram and the active version moving")
    void metricsMove(Vertx vertx) throws Exception {
        String before = call(HttpMethod.GET, "/metrics", null).body();
        assertEquals(0, value(before, "livedigits_predictions_total"));
        try (TestClient c = new TestClient(vertx, fixture.port())) {
            for (int i = 0; i < 5; i++) {
                c.sendBinary(ServerFixture.digit(i, 28));
                c.next("prediction");
            }
            c.sendBinary(new byte[10]);
            c.next("error");
            String during = call(HttpMethod.GET, "/metrics", null).body();
            assertEquals(5, value(during, "livedigits_predictions_total"));
            assertEquals(1, value(during, "livedigits_errors_total\\{code=\"bad_frame_size\"\\}"));
            assertEquals(1, value(during, "livedigits_open_connections"));
            assertEquals(5, value(during, "livedigits_inference_seconds_count"));
            assertTrue(during.contains("livedigits_active_model{version=\"base-v1\"} 1"));
            assertTrue(during.contains("livedigits_frames_dropped_stale_total"));
        }
    }

    private static long value(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + " (\\d+)").matcher(metrics);
        assertTrue(m.find(), name + " in\n" + metrics);
        return Long.parseLong(m.group(1));
    }
}
