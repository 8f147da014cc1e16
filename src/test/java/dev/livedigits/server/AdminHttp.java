package dev.livedigits.server;

import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A small HTTP client for admin tests (the JDK's client: independent of the server's stack). */
final class AdminHttp {
    record Response(int status, String body, HttpResponse<String> raw) {
        JsonObject json() { return new JsonObject(body); }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final int port;

    AdminHttp(int port) {
        this.port = port;
    }

    Response call(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body(), r);
    }

    Response admin(String method, String path, String body) throws Exception {
        return call(method, path, body, ServerFixture.TOKEN);
    }

    /** Reads a server-sent-event stream to its end: the JSON data of each event, in order. */
    List<JsonObject> events(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + ServerFixture.TOKEN).GET().build();
        HttpResponse<java.io.InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        List<JsonObject> events = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("data: ")) events.add(new JsonObject(line.substring(6)));
            }
        }
        return events;
    }

    JsonObject waitForEnd(String job) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            JsonObject j = admin("GET", "/admin/train/" + job, null).json();
            String state = j.getString("state");
            if (!state.equals("queued") && !state.equals("running")) return j;
            Thread.sleep(100);
        }
        throw new AssertionError("job " + job + " did not end within 120 s");
    }
}
