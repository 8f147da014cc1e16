package dev.livedigits.server;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AccessLogTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("the access log has one line per HTTP request, with method, path, status, bytes, ms, remote, and none for a WebSocket or its frames")
    void oneLinePerRequest(Vertx vertx) throws Exception {
        ch.qos.logback.classic.Logger access = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(AccessLog.LOGGER);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        try (ServerFixture fixture = new ServerFixture(vertx, dir)) {
            access.addAppender(lines);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(java.time.Duration.ofSeconds(10)).build();
            for (String path : List.of("/health", "/api/model", "/no-such-page")) {
                http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fixture.port() + path)).timeout(java.time.Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.discarding());
            }
            try (TestClient ws = new TestClient(vertx, fixture.port())) {
                for (int i = 0; i < 20; i++) {
                    ws.sendBinary(ServerFixture.digit(i, 28));
                    ws.next("prediction");
                }
            }
            // The HTTP lines are written when each response ends; give the event loops a moment to finish.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (lines.list.size() < 3 && System.nanoTime() < deadline) Thread.sleep(20);
            Thread.sleep(300);
        } finally {
            access.detachAppender(lines);
        }
        Map<String, Long> byPath = lines.list.stream().collect(Collectors.groupingBy(e -> field(e, "path").toString(), Collectors.counting()));
        assertEquals(1, byPath.get("/health"), byPath.toString());
        assertEquals(1, byPath.get("/api/model"), byPath.toString());
        assertEquals(1, byPath.get("/no-such-page"), byPath.toString());
        assertEquals(3, lines.list.size(), "nothing for the WebSocket, neither its upgrade nor its 20 frames: " + byPath);
        ILoggingEvent health = lines.list.stream().filter(e -> "/health".equals(field(e, "path"))).findFirst().orElseThrow();
        assertEquals("GET", field(health, "method"));
        assertEquals(200, field(health, "status"));
        assertTrue(((Long) field(health, "bytes")) > 0);
        assertTrue(((Double) field(health, "ms")) >= 0);
        assertEquals("127.0.0.1", field(health, "remote"));
        assertTrue(health.getFormattedMessage().startsWith("GET /health 200 "), health.getFormattedMessage());
        ILoggingEvent missing = lines.list.stream().filter(e -> "/no-such-page".equals(field(e, "path"))).findFirst().orElseThrow();
        assertEquals(404, field(missing, "status"));
    }

    private static Object field(ILoggingEvent event, String key) {
        return event.getKeyValuePairs().stream().filter(p -> p.key.equals(key)).findFirst().map(p -> p.value).orElse(null);
    }
}
