package dev.livedigits.server;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The headers a browser gets: security policy, compression, caching of the page's files, nothing cached under /admin. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HttpHardeningTest {
    /** The JDK's client: it neither decompresses nor caches, so what the server sent is what the test sees. */
    private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    @TempDir
    static Path dir;
    /** One server for every test here: they only read headers. */
    private static ServerFixture fixture;

    @BeforeAll
    static void start(Vertx vertx) throws Exception {
        fixture = new ServerFixture(vertx, dir);
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fixture.port() + path)).timeout(Duration.ofSeconds(20));
        if (headers.length > 0) b.headers(headers);
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    @Test
    @DisplayName("pages, files and the API carry a CSP of 'self' with frame-ancestors 'none', nosniff, a referrer policy and X-Frame-Options")
    void securityHeaders() throws Exception {
        for (String path : new String[] {"/", "/admin.html", "/app.js", "/api/model", "/health"}) {
            HttpResponse<byte[]> r = get(path);
            assertEquals(200, r.statusCode(), path);
            String csp = header(r, "Content-Security-Policy");
            assertTrue(csp != null && csp.contains("default-src 'self';") && csp.contains("script-src 'self'")
                    && csp.contains("style-src 'self'") && csp.contains("connect-src 'self'")
                    && csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe"), path + ": " + csp);
            assertEquals("nosniff", header(r, "X-Content-Type-Options"), path);
            assertEquals("no-referrer", header(r, "Referrer-Policy"), path);
            assertEquals("DENY", header(r, "X-Frame-Options"), path);
        }
    }

    @Test
    @DisplayName("text files are gzipped for a client that asks, and unpack to the file; without asking they come plain")
    void gzip() throws Exception {
        for (String file : new String[] {"app.js", "app.css", "index.html"}) {
            byte[] original = Files.readAllBytes(Path.of("webroot", file));
            HttpResponse<byte[]> zipped = get("/" + file, "Accept-Encoding", "gzip");
            assertEquals("gzip", header(zipped, "Content-Encoding"), file);
            assertTrue(zipped.body().length < original.length / 2, file + ": " + zipped.body().length + " of " + original.length + " bytes");
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
                assertArrayEquals(original, in.readAllBytes(), file);
            }
            HttpResponse<byte[]> plain = get("/" + file);
            assertFalse("gzip".equals(header(plain, "Content-Encoding")), file);
            assertArrayEquals(original, plain.body(), file);
        }
    }

    @Test
    @DisplayName("the page's files are revalidated (no-cache + Last-Modified) and answered 304 when unchanged")
    void staticCaching() throws Exception {
        for (String path : new String[] {"/", "/index.html", "/app.js", "/app.css"}) {
            HttpResponse<byte[]> first = get(path);
            assertEquals("no-cache", header(first, "Cache-Control"), path);
            String lastModified = header(first, "Last-Modified");
            assertTrue(lastModified != null, path + " has Last-Modified");
            HttpResponse<byte[]> again = get(path, "If-Modified-Since", lastModified);
            assertEquals(304, again.statusCode(), path);
            assertEquals(0, again.body().length, path);
        }
    }

    @Test
    @DisplayName("every /admin answer says no-store: the admin page, the API with and without a token, errors included")
    void adminNeverCached() throws Exception {
        assertEquals("no-store", header(get("/admin.html"), "Cache-Control"));
        HttpResponse<byte[]> unauthorized = get("/admin/models");
        assertEquals(401, unauthorized.statusCode());
        assertEquals("no-store", header(unauthorized, "Cache-Control"));
        String auth = "Bearer " + ServerFixture.TOKEN;
        HttpResponse<byte[]> models = get("/admin/models", "Authorization", auth);
        assertEquals(200, models.statusCode(), new String(models.body(), StandardCharsets.UTF_8));
        assertEquals("no-store", header(models, "Cache-Control"));
        HttpResponse<byte[]> missing = get("/admin/train/no-such-job", "Authorization", auth);
        assertEquals(404, missing.statusCode());
        assertEquals("no-store", header(missing, "Cache-Control"));
    }
}
