package dev.livedigits.server;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that sends frames as fast as its socket takes them. Times are printed, not asserted (a
 * wall-clock bound flakes on a loaded CI runner); the flood's cost to others is measured by
 * {@code bench ws} and stated in the README.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FloodTest {
    private static final int FLOOD = 10_000;
    private static final int PROBES = 300;
    private static final int MAX_FPS = 120;
    private static final int BURST = 30;

    @TempDir
    Path dir;

    @Test
    @DisplayName("latest wins: a client flooding 10,000 frames (budget raised) gets its newest answered, stale ones skipped, and another client every one of its own")
    void latestWins(Vertx vertx) throws Exception {
        // The flooder gets its own Vert.x instance: on a shared client event loop the probe's frames
        // would queue behind the flood before even leaving this JVM, which says nothing about the server.
        Vertx floodVertx = Vertx.vertx();
        try (ServerFixture fixture = new ServerFixture(vertx, dir, Map.of("WS_MAX_FPS", "10000", "WS_BURST", "10000"));
             TestClient flooder = new TestClient(floodVertx, fixture.port());
             TestClient probe = new TestClient(vertx, fixture.port())) {
            byte[][] frames = frames(28);
            Thread flood = new Thread(() -> {
                for (int i = 0; i < FLOOD; i++) flooder.sendBinary(frames[i % frames.length]);
            });
            flood.start();
            double[] rtt = new double[PROBES];
            for (int i = 0; i < PROBES; i++) {
                long t0 = System.nanoTime();
                probe.sendBinary(frames[i % frames.length]);
                JsonObject r = probe.next("prediction");
                rtt[i] = (System.nanoTime() - t0) / 1e6;
                assertEquals(i + 1, r.getLong("seq"));
            }
            flood.join();
            long lastSeq = 0;
            int replies = 0;
            while (lastSeq < FLOOD) {
                JsonObject r = flooder.next("prediction");
                assertTrue(r.getLong("seq") > lastSeq, "replies in order");
                lastSeq = r.getLong("seq");
                replies++;
            }
            Arrays.sort(rtt);
            System.out.printf("flood (budget raised): probe p50 %.2f ms p99 %.2f ms max %.2f ms; flooder got %d replies for %d frames, %d dropped as stale%n",
                    rtt[PROBES / 2], rtt[(int) (PROBES * 0.99)], rtt[PROBES - 1], replies, FLOOD, fixture.server.metrics().staleDropped());
            assertTrue(fixture.server.metrics().staleDropped() > 0, "some flood frames were skipped as stale");
            assertEquals(FLOOD, lastSeq);
        } finally {
            floodVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName("the frame budget: a client flooding 280x280 frames is read at its budget (120 tokens/s + a burst of 30, five a frame), still gets its newest frame answered, and a 60 fps client gets every answer")
    void floodIsPausedAtItsBudget(Vertx vertx) throws Exception {
        Vertx floodVertx = Vertx.vertx();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(java.time.Duration.ofSeconds(10)).build();
        try (ServerFixture fixture = new ServerFixture(vertx, dir, Map.of("WS_MAX_FPS", "" + MAX_FPS, "WS_BURST", "" + BURST));
             TestClient flooder = new TestClient(floodVertx, fixture.port());
             TestClient probe = new TestClient(vertx, fixture.port())) {
            byte[][] big = frames(280);
            byte[][] small = frames(28);
            long readBefore = framesReceived(http, fixture.port());
            AtomicBoolean flooding = new AtomicBoolean(true);
            AtomicLong sent = new AtomicLong();
            // As fast as the socket takes them: a send whenever the client's write queue has room,
            // so what limits the flooder is the server not reading (TCP backpressure), not the test.
            Thread flood = new Thread(() -> {
                while (flooding.get()) {
                    if (flooder.ws.writeQueueFull()) {
                        Thread.onSpinWait();
                        continue;
                    }
                    flooder.sendBinary(big[(int) (sent.get() % big.length)]);
                    sent.incrementAndGet();
                }
            });
            long began = System.nanoTime();
            flood.start();
            // The page's pace: at most one frame per ~16 ms, the next after the answer.
            int probes = 0;
            while (System.nanoTime() - began < TimeUnit.SECONDS.toNanos(4)) {
                long t0 = System.nanoTime();
                probe.sendBinary(small[probes % small.length]);
                JsonObject r = probe.next("prediction");
                probes++;
                assertEquals(probes, r.getLong("seq"), "the probe gets an answer to each of its frames");
                assertEquals(argmax(ServerFixture.expected(fixture.base, small[(probes - 1) % small.length], 28)), r.getInteger("digit"));
                long left = TimeUnit.MILLISECONDS.toNanos(16) - (System.nanoTime() - t0);
                if (left > 0) TimeUnit.NANOSECONDS.sleep(left);
            }
            long readAfter = framesReceived(http, fixture.port());
            double seconds = (System.nanoTime() - began) / 1e9;
            flooding.set(false);
            flood.join();
            long floodRead = readAfter - readBefore - probes;
            System.out.printf("flood (budget %d/s, burst %d): in %.2f s the flooder sent %d frames of 280x280 (%.1f MB) and the server read %d of them (%.0f/s); the probe got all %d answers%n",
                    MAX_FPS, BURST, seconds, sent.get(), sent.get() * 280 * 280 / 1e6, floodRead, floodRead / seconds, probes);
            // The token bucket's own bound, whatever the machine's speed: a burst, then the budget's rate, plus at most one
            // bucketful of debt; a 280x280 frame (78 KB) takes a token per started 16 KB.
            int cost = ServerConfig.ClientLimits.budgetCost(280 * 280);
            assertEquals(5, cost);
            assertTrue(floodRead * cost <= 2 * BURST + MAX_FPS * seconds + cost, "read " + floodRead + " flood frames in " + seconds + " s");
            assertTrue(floodRead * cost > BURST, "reading resumed after the burst: " + floodRead);
            assertTrue(sent.get() > floodRead, "the flooder was held back by the socket, not read in full: sent " + sent.get());
            // What was sent is all read in the end (paused, never discarded), and the newest frame is answered.
            long lastSeq = 0;
            while (lastSeq < sent.get()) {
                JsonObject r = flooder.next("prediction");
                assertTrue(r.getLong("seq") > lastSeq, "replies in order");
                lastSeq = r.getLong("seq");
            }
            assertEquals(sent.get(), lastSeq);
        } finally {
            floodVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName("a client that closes with frames in flight leaves nothing behind: no unhandled exception, and the next client is served")
    void closingMidFlood(Vertx vertx) throws Exception {
        // Before the fix, a reply that came back after the client's close frame (the socket already closed,
        // its close handler not yet run) asked writeQueueFull() of it, which throws: a stack trace from an
        // event-bus reply handler, seen in `bench ws --flood` runs when the flooders closed.
        java.util.List<Throwable> unhandled = new java.util.concurrent.CopyOnWriteArrayList<>();
        vertx.exceptionHandler(unhandled::add);
        try (ServerFixture fixture = new ServerFixture(vertx, dir)) {
            byte[][] big = frames(280);
            for (int round = 0; round < 40; round++) {
                TestClient client = new TestClient(vertx, fixture.port());
                for (int i = 0; i < 6; i++) client.sendBinary(big[(round + i) % big.length]);
                client.close();
            }
            try (TestClient next = new TestClient(vertx, fixture.port())) {
                next.sendBinary(frames(28)[7]);
                assertEquals(1, next.next("prediction").getLong("seq"));
            }
            assertTrue(unhandled.isEmpty(), "unhandled: " + unhandled);
        }
    }

    private static byte[][] frames(int side) {
        byte[][] frames = new byte[10][];
        for (int i = 0; i < frames.length; i++) frames[i] = ServerFixture.digit(i, side);
        return frames;
    }

    private static int argmax(float[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
        return best;
    }

    /** The server's own count, from /metrics as an operator reads it. */
    private static long framesReceived(HttpClient http, int port) throws Exception {
        String text = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(java.time.Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("(?m)^livedigits_frames_received_total(?:\\{[^}]*})? ([0-9.eE+]+)").matcher(text);
        assertTrue(m.find(), "livedigits_frames_received_total in /metrics");
        return (long) Double.parseDouble(m.group(1));
    }
}
