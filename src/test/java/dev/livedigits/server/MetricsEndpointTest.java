package dev.livedigits.server;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** {@code GET /metrics} read as a Prometheus scraper would: line by line, every sample under a declared type. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MetricsEndpointTest {
    /** Every series the page had before Micrometer, with its type: the README's dashboards and alerts use them. */
    private static final Map<String, String> LIVEDIGITS = Map.of(
            "livedigits_predictions_total", "counter",
            "livedigits_empty_frames_total", "counter",
            "livedigits_frames_received_total", "counter",
            "livedigits_frames_dropped_stale_total", "counter",
            "livedigits_model_swaps_total", "counter",
            "livedigits_errors_total", "counter",
            "livedigits_inference_seconds", "histogram",
            "livedigits_open_connections", "gauge",
            "livedigits_active_model", "gauge");
    private static final double[] BUCKETS = {10e-6, 25e-6, 50e-6, 100e-6, 250e-6, 500e-6, 1e-3, 2.5e-3, 5e-3, 10e-3, 25e-3, 100e-3};
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (\\S+)$");

    @TempDir
    Path dir;
    // HTTP/1.1 as the other HTTP tests: the JDK client's default tries an h2c upgrade on plain http, and once
    // waited 120 s for a /metrics page the server had logged as sent (200, 18 KB). Browsers and curl never upgrade.
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(java.time.Duration.ofSeconds(10)).build();

    /** A parsed page: the declared type of each family, and every sample line. */
    record Page(Map<String, String> types, List<Sample> samples) {
        double value(String name, String labels) {
            return samples.stream().filter(s -> s.name.equals(name) && s.labels.equals(labels)).findFirst()
                    .orElseThrow(() -> new AssertionError(name + labels + " not on the page")).value;
        }

        boolean has(String prefix) {
            return samples.stream().anyMatch(s -> s.name.startsWith(prefix));
        }
    }

    record Sample(String name, String labels, double value) {}

    @Test
    @DisplayName("on a Vert.x built with metrics: every livedigits_* series as before, the JVM's, and Vert.x's HTTP, WebSocket and event-bus series")
    void meteredVertx() throws Exception {
        Vertx vertx = MeteredVertx.standalone();
        try (ServerFixture fixture = new ServerFixture(vertx, dir)) {
            try (TestClient ws = new TestClient(vertx, fixture.port())) {
                for (int i = 0; i < 3; i++) {
                    ws.sendBinary(ServerFixture.digit(i, 28));
                    ws.next("prediction");
                }
                ws.sendBinary(new byte[28 * 28]);
                ws.next("prediction");
                ws.sendBinary(new byte[10]);
                ws.next("error");
                Page page = scrape(fixture.port());
                assertLivedigits(page);
                assertEquals(3, page.value("livedigits_predictions_total", ""));
                assertEquals(1, page.value("livedigits_empty_frames_total", ""));
                assertEquals(5, page.value("livedigits_frames_received_total", ""));
                assertEquals(1, page.value("livedigits_errors_total", "{code=\"bad_frame_size\"}"));
                assertEquals(4, page.value("livedigits_inference_seconds_count", ""));
                assertEquals(1, page.value("livedigits_open_connections", ""));
                assertEquals(1, page.value("livedigits_active_model", "{version=\"" + ServerFixture.BASE + "\"}"));
                assertJvm(page);
                assertTrue(page.has("vertx_http_server_requests_total"), "Vert.x HTTP server series");
                assertTrue(page.has("vertx_http_server_active_ws_connections"), "Vert.x WebSocket series");
                assertTrue(page.has("vertx_eventbus_processed_total"), "Vert.x event-bus series");
                assertTrue(page.value("vertx_http_server_active_ws_connections", "") >= 1);
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName("on a Vert.x built without metrics (Vertx.vertx()): every livedigits_* series and the JVM's, no Vert.x series")
    void plainVertx() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (ServerFixture fixture = new ServerFixture(vertx, dir)) {
            try (TestClient ws = new TestClient(vertx, fixture.port())) {
                ws.sendBinary(new byte[10]);
                ws.next("error");
                Page page = scrape(fixture.port());
                assertLivedigits(page);
                assertJvm(page);
                assertFalse(page.has("vertx_"), "no Vert.x meters without Vert.x metrics");
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        }
    }

    private static void assertLivedigits(Page page) {
        LIVEDIGITS.forEach((name, type) -> assertEquals(type, page.types.get(name), "# TYPE of " + name));
        // The latency histogram keeps its bucket bounds (microseconds to 100 ms), cumulative, ending at +Inf = count.
        List<Double> bounds = new ArrayList<>();
        double last = -1;
        for (Sample s : page.samples) {
            if (!s.name.equals("livedigits_inference_seconds_bucket")) continue;
            Matcher le = Pattern.compile("le=\"([^\"]+)\"").matcher(s.labels);
            assertTrue(le.find(), s.labels);
            if (!le.group(1).equals("+Inf")) bounds.add(Double.parseDouble(le.group(1)));
            assertTrue(s.value >= last, "cumulative buckets");
            last = s.value;
        }
        assertEquals(BUCKETS.length, bounds.size(), "bucket bounds " + bounds);
        for (int i = 0; i < BUCKETS.length; i++) assertEquals(BUCKETS[i], bounds.get(i), 1e-12);
        assertEquals(page.value("livedigits_inference_seconds_count", ""), page.value("livedigits_inference_seconds_bucket", "{le=\"+Inf\"}"));
        assertNotNull(page.value("livedigits_inference_seconds_sum", ""));
    }

    private static void assertJvm(Page page) {
        for (String jvm : List.of("jvm_memory_used_bytes", "jvm_gc_memory_allocated_bytes_total", "jvm_threads_live_threads",
                "process_cpu_usage", "system_cpu_count")) {
            assertTrue(page.has(jvm), jvm + " on the page");
        }
    }

    private Page scrape(int port) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(java.time.Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/plain"));
        Map<String, String> types = new HashMap<>();
        List<Sample> samples = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            if (line.isEmpty() || line.startsWith("# HELP ")) continue;
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                assertEquals(4, parts.length, line);
                assertEquals(null, types.put(parts[2], parts[3]), "one # TYPE per family: " + line);
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) fail("not a Prometheus sample line: " + line);
            String name = m.group(1);
            assertTrue(declared(types, name), "sample before its # TYPE: " + line);
            samples.add(new Sample(name, m.group(2) == null ? "" : m.group(2), Double.parseDouble(m.group(3).replace("Inf", "Infinity"))));
        }
        return new Page(types, samples);
    }

    /** A sample belongs to a declared family: its own name, or a histogram's/summary's _bucket, _sum, _count. */
    private static boolean declared(Map<String, String> types, String name) {
        if (types.containsKey(name)) return true;
        for (String suffix : List.of("_bucket", "_sum", "_count")) {
            if (name.endsWith(suffix) && types.containsKey(name.substring(0, name.length() - suffix.length()))) return true;
        }
        return false;
    }
}
